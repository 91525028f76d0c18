package dev.ctxlock.explorer;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.CondVar;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Small kernel-style locking bugs, each with its correct twin: what the explorer must find (with
 * the failure kind it must report) and what it must prove clean.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold; and the
// bugs are bugs on purpose, which ctxlock's own checks rightly see (a mutex in a handler).
@SuppressWarnings({"try", "CtxlockSleepInAtomic"})
final class Corpus {

  /** A bug and its fix. */
  record Case(
      String name, Failure expected, Consumer<Scenario> bug, Consumer<Scenario> twin,
      List<String> traceMentions) {
    @Override
    public String toString() {
      return name;
    }
  }

  private Corpus() {}

  static List<Case> all() {
    return List.of(
        new Case("ABBA deadlock", Failure.DEADLOCK, Corpus::abba, Corpus::sameOrder,
            List.of("t1", "t2", "a", "b", "Possible unsafe locking scenario")),
        new Case("interrupt takes a lock its CPU holds with interrupts on", Failure.DEADLOCK,
            Corpus::irqOnSameCpu, Corpus::irqOnSameCpuFixed,
            List.of("driver", "<interrupt>", "<Interrupt>", "stats")),
        new Case("irq-safe / irq-unsafe inversion across two CPUs", Failure.DEADLOCK,
            Corpus::irqInversion, Corpus::irqInversionFixed,
            List.of("cpu0", "cpu1", "<Interrupt>", "list", "stats")),
        new Case("lost wake-up", Failure.DEADLOCK, Corpus::lostWakeUp, Corpus::noLostWakeUp,
            List.of("waiter", "waits on", "signal")),
        new Case("check-then-act over two critical sections", Failure.INVARIANT,
            Corpus::checkThenAct, Corpus::checkAndAct, List.of("w1", "w2", "account")),
        new Case("stale read across callUnlocked", Failure.INVARIANT, Corpus::staleAcrossWindow,
            Corpus::rereadAfterWindow, List.of("counter")),
        new Case("a timed tryLock's null ignored", Failure.EXCEPTION, Corpus::ignoredTimeout,
            Corpus::checkedTimeout, List.of("tryLock(timeout)", "NullPointerException")),
        new Case("interrupt handler blocks on a mutex its thread holds", Failure.DEADLOCK,
            Corpus::handlerTakesMutexHeldByThread, Corpus::handlerDefersToThread,
            List.of("worker", "<Interrupt>", "config")),
        new Case("three-lock cycle", Failure.DEADLOCK, Corpus::threeCycle, Corpus::threeOrdered,
            List.of("x", "y", "z")));
  }

  // ---- 1. ABBA

  static void abba(Scenario s) {
    SpinLock<int[]> a = new SpinLock<>("a", new int[1]);
    SpinLock<int[]> b = new SpinLock<>("b", new int[1]);
    s.thread("t1", () -> {
      try (Guard<int[], SpinLockBackend> ga = a.lock(); Guard<int[], SpinLockBackend> gb = b.lock()) {
        gb.get()[0]++;
      }
    });
    s.thread("t2", () -> {
      try (Guard<int[], SpinLockBackend> gb = b.lock(); Guard<int[], SpinLockBackend> ga = a.lock()) {
        ga.get()[0]++;
      }
    });
  }

  static void sameOrder(Scenario s) {
    SpinLock<int[]> a = new SpinLock<>("a", new int[1]);
    SpinLock<int[]> b = new SpinLock<>("b", new int[1]);
    for (String name : List.of("t1", "t2")) {
      s.thread(name, () -> {
        try (Guard<int[], SpinLockBackend> ga = a.lock();
            Guard<int[], SpinLockBackend> gb = b.lock()) {
          gb.get()[0]++;
        }
      });
    }
    s.check(() -> {
      try (Guard<int[], SpinLockBackend> gb = b.lock()) {
        if (gb.get()[0] != 2) {
          throw new AssertionError("b = " + gb.get()[0]);
        }
      }
    });
  }

  // ---- 2. An interrupt takes a lock that its own CPU holds with interrupts enabled

  static void irqOnSameCpu(Scenario s) {
    SpinLock<int[]> stats = new SpinLock<>("stats", new int[1]); // bug: not an irq-safe lock
    s.thread("driver", () -> {
      try (Guard<int[], SpinLockBackend> g = stats.lock()) { // interrupts stay on while held
        g.get()[0]++;
      }
    });
    s.interrupt("driver", irqOff -> {
      try (Guard<int[], SpinLockBackend> g = stats.lock()) {
        g.get()[0]++;
      }
    });
  }

  static void irqOnSameCpuFixed(Scenario s) {
    SpinLockIrq<int[]> stats = new SpinLockIrq<>("stats", new int[1]);
    s.thread("driver", () -> {
      try (Guard<int[], SpinLockIrqBackend> g = stats.lock()) { // interrupts off while held
        g.get()[0]++;
      }
    });
    s.interrupt("driver", irqOff -> {
      try (Guard<int[], SpinLockBackend> g = stats.lockWith(irqOff)) {
        g.get()[0]++;
      }
    });
  }

  // ---- 3. irq-safe / irq-unsafe inversion (lockdep's classic)

  static void irqInversion(Scenario s) {
    SpinLockIrq<int[]> stats = new SpinLockIrq<>("stats", new int[1]); // taken in the handler
    SpinLock<int[]> list = new SpinLock<>("list", new int[1]); // irq-unsafe
    s.thread("cpu0", () -> {
      try (Guard<int[], SpinLockIrqBackend> gs = stats.lock();
          Guard<int[], SpinLockBackend> gl = list.lock()) {
        gl.get()[0]++;
      }
    });
    s.thread("cpu1", () -> {
      try (Guard<int[], SpinLockBackend> gl = list.lock()) { // interrupts on: the bug
        gl.get()[0]++;
      }
    });
    s.interrupt("cpu1", irqOff -> {
      try (Guard<int[], SpinLockBackend> gs = stats.lockWith(irqOff)) {
        gs.get()[0]++;
      }
    });
  }

  static void irqInversionFixed(Scenario s) {
    SpinLockIrq<int[]> stats = new SpinLockIrq<>("stats", new int[1]);
    SpinLockIrq<int[]> list = new SpinLockIrq<>("list", new int[1]);
    s.thread("cpu0", () -> {
      try (Guard<int[], SpinLockIrqBackend> gs = stats.lock();
          LocalInterruptDisabled irqOff = LocalInterrupts.assumeDisabled();
          Guard<int[], SpinLockBackend> gl = list.lockWith(irqOff)) {
        gl.get()[0]++;
      }
    });
    s.thread("cpu1", () -> {
      try (Guard<int[], SpinLockIrqBackend> gl = list.lock()) { // interrupts off while held
        gl.get()[0]++;
      }
    });
    s.interrupt("cpu1", irqOff -> {
      try (Guard<int[], SpinLockBackend> gs = stats.lockWith(irqOff)) {
        gs.get()[0]++;
      }
    });
  }

  // ---- 4. Lost wake-up: the condition checked outside the lock

  static void lostWakeUp(Scenario s) {
    Mutex<boolean[]> state = new Mutex<>("state", new boolean[1]);
    AtomicBoolean ready = new AtomicBoolean();
    CondVar changed = new CondVar("changed");
    s.thread("waiter", () -> {
      if (!ready.get()) { // bug: checked without the lock
        try (Guard<boolean[], MutexBackend> g = state.lock()) {
          changed.await(g);
        }
      }
    });
    s.thread("setter", () -> {
      ready.set(true); // bug: set without the lock
      changed.signal();
    });
  }

  static void noLostWakeUp(Scenario s) {
    Mutex<boolean[]> state = new Mutex<>("state", new boolean[1]);
    CondVar changed = new CondVar("changed");
    s.thread("waiter", () -> {
      try (Guard<boolean[], MutexBackend> g = state.lock()) {
        while (!g.get()[0]) {
          changed.await(g);
        }
      }
    });
    s.thread("setter", () -> {
      try (Guard<boolean[], MutexBackend> g = state.lock()) {
        g.get()[0] = true;
      }
      changed.signal();
    });
  }

  // ---- 5. Check-then-act split over two critical sections

  static void checkThenAct(Scenario s) {
    SpinLock<int[]> account = new SpinLock<>("account", new int[] {100});
    AtomicInteger paidOut = new AtomicInteger();
    for (String name : List.of("w1", "w2")) {
      s.thread(name, () -> {
        int balance;
        try (Guard<int[], SpinLockBackend> g = account.lock()) {
          balance = g.get()[0];
        }
        if (balance >= 60) {
          try (Guard<int[], SpinLockBackend> g = account.lock()) {
            g.get()[0] = balance - 60; // bug: acts on a check made in another critical section
          }
          paidOut.addAndGet(60);
        }
      });
    }
    s.check(() -> conserved(account, paidOut));
  }

  static void checkAndAct(Scenario s) {
    SpinLock<int[]> account = new SpinLock<>("account", new int[] {100});
    AtomicInteger paidOut = new AtomicInteger();
    for (String name : List.of("w1", "w2")) {
      s.thread(name, () -> {
        boolean paid = false;
        try (Guard<int[], SpinLockBackend> g = account.lock()) {
          if (g.get()[0] >= 60) {
            g.get()[0] -= 60;
            paid = true;
          }
        }
        if (paid) {
          paidOut.addAndGet(60);
        }
      });
    }
    s.check(() -> conserved(account, paidOut));
  }

  /** Money is conserved: what is left plus what was paid out is what there was. */
  private static void conserved(SpinLock<int[]> account, AtomicInteger paidOut) {
    try (Guard<int[], SpinLockBackend> g = account.lock()) {
      if (g.get()[0] + paidOut.get() != 100) {
        throw new AssertionError(
            "balance " + g.get()[0] + " + paid out " + paidOut.get() + " != 100");
      }
    }
  }

  // ---- 6. A value read before a callUnlocked window, used after it

  static void staleAcrossWindow(Scenario s) {
    Mutex<int[]> counter = new Mutex<>("counter", new int[1]);
    s.thread("slow", () -> {
      try (Guard<int[], MutexBackend> g = counter.lock()) {
        int seen = g.get()[0];
        g.runUnlocked(() -> { /* I/O without the lock */ });
        g.get()[0] = seen + 1; // bug: stale after the window
      }
    });
    s.thread("fast", () -> {
      try (Guard<int[], MutexBackend> g = counter.lock()) {
        g.get()[0]++;
      }
    });
    s.check(() -> {
      try (Guard<int[], MutexBackend> g = counter.lock()) {
        if (g.get()[0] != 2) {
          throw new AssertionError("counter " + g.get()[0] + ", expected 2");
        }
      }
    });
  }

  static void rereadAfterWindow(Scenario s) {
    Mutex<int[]> counter = new Mutex<>("counter", new int[1]);
    s.thread("slow", () -> {
      try (Guard<int[], MutexBackend> g = counter.lock()) {
        g.runUnlocked(() -> { });
        g.get()[0]++;
      }
    });
    s.thread("fast", () -> {
      try (Guard<int[], MutexBackend> g = counter.lock()) {
        g.get()[0]++;
      }
    });
    s.check(() -> {
      try (Guard<int[], MutexBackend> g = counter.lock()) {
        if (g.get()[0] != 2) {
          throw new AssertionError("counter " + g.get()[0]);
        }
      }
    });
  }

  // ---- 7. A timed acquisition that may time out, used as if it could not

  @SuppressWarnings("NullAway") // the bug under test
  static void ignoredTimeout(Scenario s) {
    Mutex<int[]> m = new Mutex<>("m", new int[1]);
    s.thread("holder", () -> {
      try (Guard<int[], MutexBackend> g = m.lock()) {
        g.get()[0]++;
      }
    });
    s.thread("impatient", () -> {
      Guard<int[], MutexBackend> g = m.tryLock(Duration.ofMillis(10));
      try {
        g.get()[0]++; // bug: null when it timed out
      } finally {
        if (g != null) {
          g.close();
        }
      }
    });
  }

  static void checkedTimeout(Scenario s) {
    Mutex<int[]> m = new Mutex<>("m", new int[1]);
    s.thread("holder", () -> {
      try (Guard<int[], MutexBackend> g = m.lock()) {
        g.get()[0]++;
      }
    });
    s.thread("impatient", () -> {
      try (Guard<int[], MutexBackend> g = m.tryLock(Duration.ofMillis(10))) {
        if (g != null) {
          g.get()[0]++;
        }
      }
    });
  }

  // ---- 8. A handler that waits for what its own thread holds

  static void handlerTakesMutexHeldByThread(Scenario s) {
    Mutex<int[]> config = new Mutex<>("config", new int[1]);
    s.thread("worker", () -> {
      try (Guard<int[], MutexBackend> g = config.lock()) {
        g.get()[0]++;
      }
    });
    s.interrupt("worker", irqOff -> {
      try (Guard<int[], MutexBackend> g = config.lock()) { // bug: a handler waits for its thread
        g.get()[0]++;
      }
    });
  }

  static void handlerDefersToThread(Scenario s) {
    Mutex<int[]> config = new Mutex<>("config", new int[1]);
    AtomicBoolean pending = new AtomicBoolean();
    s.thread("worker", () -> {
      try (Guard<int[], MutexBackend> g = config.lock()) {
        g.get()[0]++;
      }
      try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
        // the handler may have run at any point before; take its work with interrupts off
      }
      if (pending.getAndSet(false)) {
        try (Guard<int[], MutexBackend> g = config.lock()) {
          g.get()[0]++;
        }
      }
    });
    s.interrupt("worker", irqOff -> pending.set(true)); // defers the work to the thread
  }

  // ---- 9. A cycle of three

  static void threeCycle(Scenario s) {
    SpinLock<int[]> x = new SpinLock<>("x", new int[1]);
    SpinLock<int[]> y = new SpinLock<>("y", new int[1]);
    SpinLock<int[]> z = new SpinLock<>("z", new int[1]);
    nested(s, "t1", x, y);
    nested(s, "t2", y, z);
    nested(s, "t3", z, x);
  }

  static void threeOrdered(Scenario s) {
    SpinLock<int[]> x = new SpinLock<>("x", new int[1]);
    SpinLock<int[]> y = new SpinLock<>("y", new int[1]);
    SpinLock<int[]> z = new SpinLock<>("z", new int[1]);
    nested(s, "t1", x, y);
    nested(s, "t2", y, z);
    nested(s, "t3", x, z);
  }

  private static void nested(Scenario s, String name, SpinLock<int[]> outer, SpinLock<int[]> inner) {
    s.thread(name, () -> {
      try (Guard<int[], SpinLockBackend> go = outer.lock();
          Guard<int[], SpinLockBackend> gi = inner.lock()) {
        gi.get()[0]++;
      }
    });
  }
}
