package dev.ctxlock.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CtxlockSleepInAtomicTest {

  private final CompilationTestHelper compilation =
      Fixtures.withBackendPair(
          CompilationTestHelper.newInstance(CtxlockSleepInAtomic.class, getClass()));

  @Test
  void flagsSleepingAcquisitionsInAtomicContext() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.MutexBackend;
            import dev.ctxlock.sync.SpinLock;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.time.Duration;

            class Test {
              static final Mutex<int[]> MUTEX = new Mutex<>(new int[1]);

              void tokenOpen(Mutex<int[]> mutex) throws InterruptedException {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep, but local interrupts are disabled here (irqOff is open): sleeping in atomic context
                  try (Guard<int[], MutexBackend> g = mutex.lock()) {
                    g.get()[0]++;
                  }
                  // BUG: Diagnostic contains: lockInterruptibly() on a MutexBackend lock may sleep
                  try (var g = mutex.lockInterruptibly()) {
                    g.get()[0]++;
                  }
                  // BUG: Diagnostic contains: tryLock() on a MutexBackend lock may sleep
                  try (var g = mutex.tryLock(Duration.ofMillis(1))) {
                    if (g != null) {
                      g.get()[0]++;
                    }
                  }
                }
              }

              <T> void spinGuardOpen(SpinLock<T> spin, Lock<T, MutexBackend> mutex) {
                try (var s = spin.lock();
                    // BUG: Diagnostic contains: but the spin lock guard s is open here
                    var m = mutex.lock()) {
                  m.set(s.get());
                }
              }

              void irqGuardOpen(SpinLockIrq<int[]> irq) {
                try (var s = irq.lock()) {
                  // BUG: Diagnostic contains: but the spin lock guard s is open here
                  try (var m = MUTEX.lock()) {
                    m.get()[0] += s.get()[0];
                  }
                }
              }

              final InterruptHandler handler =
                  irq -> {
                    // BUG: Diagnostic contains: this is an interrupt handler
                    try (var m = MUTEX.lock()) {
                      m.get()[0]++;
                    }
                  };

              static void onTick(LocalInterruptDisabled tick) {
                // BUG: Diagnostic contains: this is an interrupt handler
                try (var m = MUTEX.lock()) {
                  m.get()[0]++;
                }
              }

              void raise() {
                LocalInterrupts.raise(Thread.currentThread(), Test::onTick);
              }
            }
            """)
        .doTest();
  }

  @Test
  void flagsCondVarWaitsThatLeaveTheThreadAtomic() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.CondVar;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.time.Duration;

            class Test {
              final CondVar ready = new CondVar("ready");

              void tokenStillOpen(SpinLockIrq<Boolean> lock) throws InterruptedException {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var g = lock.lockWith(irqOff)) {
                  while (!g.get()) {
                    // BUG: Diagnostic contains: CondVar.await sleeps, but local interrupts are disabled here (irqOff is open): sleeping in atomic context (nothing that would wake this thread may run on its CPU); the wait releases only g's lock
                    ready.await(g);
                  }
                }
              }

              void otherSpinLockStillHeld(SpinLock<int[]> spin, Mutex<Boolean> mutex) {
                try (var s = spin.lock();
                    // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep
                    var m = mutex.lock()) {
                  // BUG: Diagnostic contains: CondVar.awaitUninterruptibly sleeps, but the spin lock guard s is open here
                  ready.awaitUninterruptibly(m);
                }
              }

              void timed(SpinLockIrq<Boolean> lock) throws InterruptedException {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var g = lock.lockWith(irqOff)) {
                  // BUG: Diagnostic contains: CondVar.await sleeps
                  boolean signalled = ready.await(g, Duration.ofMillis(1));
                }
              }

              final InterruptHandler handler =
                  irq -> {
                    // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep
                    try (var g = new Mutex<>(true).lock()) {
                      // BUG: Diagnostic contains: this is an interrupt handler
                      ready.awaitUninterruptibly(g);
                    }
                  };
            }
            """)
        .doTest();
  }

  @Test
  void leavesAloneWaitsOutsideAtomicContext() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.CondVar;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.time.Duration;
            import p.Loud;
            import p.Quiet;

            class Test {
              final CondVar ready = new CondVar();

              void waitsReleaseTheirOwnSpinLock(SpinLockIrq<Boolean> irq, SpinLock<Boolean> spin)
                  throws InterruptedException {
                try (var g = irq.lock()) {
                  while (!g.get()) {
                    ready.await(g);
                  }
                }
                try (var g = spin.lock()) {
                  ready.await(g, Duration.ofMillis(1));
                }
              }

              void mutexOutsideAtomicContext(Mutex<int[]> mutex) throws InterruptedException {
                try (var m = mutex.lock()) {
                  ready.awaitUninterruptibly(m);
                }
                try (var m = mutex.lockInterruptibly()) {
                  m.get()[0]++;
                }
              }

              void nonSleepingFormsInAtomicContext(
                  Mutex<int[]> mutex, SpinLock<int[]> spin, Loud<int[]> loud) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Quiet quiet = Quiet.enter();
                    var s = spin.lock();
                    var l = loud.lockWith(quiet);
                    var m = mutex.tryLock()) {
                  if (m != null) {
                    m.get()[0]++;
                  }
                }
              }

              void tokenClosedBeforeTheWait(Mutex<int[]> mutex) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  irqOff.hashCode();
                }
                try (var m = mutex.lock()) {
                  m.get()[0]++;
                }
              }

              Runnable laterOutsideTheToken(Mutex<int[]> mutex) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  return () -> {
                    try (var m = mutex.lock()) {
                      m.get()[0]++;
                    }
                  };
                }
              }

              final InterruptHandler signalsAreFine = irq -> ready.signalAll();

              @SuppressWarnings("CtxlockSleepInAtomic")
              void suppressed(Mutex<int[]> mutex) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var m = mutex.lock()) {
                  m.get()[0]++;
                }
              }
            }
            """)
        .doTest();
  }
}
