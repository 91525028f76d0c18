package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.testing.Threads;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** CondVar on every backend and acquisition form: waiting, signalling, interrupts, misuse. */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CondVarTest {

  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
  private Thread.UncaughtExceptionHandler previous;

  @BeforeEach
  void captureReports() {
    previous = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
  }

  @AfterEach
  void restore() {
    Thread.currentThread().setUncaughtExceptionHandler(previous);
    assertFalse(LocalInterrupts.areDisabled(), "this test leaked an interrupt level");
    assertEquals(List.of(), reported);
  }

  /** A bounded buffer of longs, as its producers and consumers see it. */
  private static final class Buffer {
    final ArrayDeque<Long> items = new ArrayDeque<>();
    static final int CAPACITY = 4;
  }

  /** Takes a lock in one form, for the exact-total tests. */
  @FunctionalInterface
  private interface Taker {
    Guard<Buffer, ?> take() throws Exception;
  }

  /**
   * Producers and consumers over a bounded buffer, more threads than cores: every item produced
   * is consumed exactly once (sum and count exact), whatever the backend and form.
   */
  private static void producerConsumer(Function<Buffer, Lock<Buffer, ?>> make, boolean withToken)
      throws Exception {
    Buffer buffer = new Buffer();
    Lock<Buffer, ?> lock = make.apply(buffer);
    CondVar notEmpty = new CondVar("notEmpty");
    CondVar notFull = new CondVar("notFull");
    int producers = 3;
    int consumers = 3;
    int perProducer = 3_000;
    AtomicLong consumedSum = new AtomicLong();
    AtomicInteger consumedCount = new AtomicInteger();
    int total = producers * perProducer;
    Threads.runConcurrently(
        producers + consumers,
        index -> {
          if (index < producers) {
            for (int i = 1; i <= perProducer; i++) {
              try (Guard<Buffer, ?> g = lock.lock()) {
                while (g.get().items.size() == Buffer.CAPACITY) {
                  notFull.await(g);
                }
                g.get().items.add((long) index * perProducer + i);
              }
              notEmpty.signal();
            }
          } else {
            while (true) {
              long item;
              try (Guard<Buffer, ?> g = lock.lock()) {
                while (g.get().items.isEmpty()) {
                  if (consumedCount.get() >= total) {
                    notEmpty.signalAll();
                    return;
                  }
                  notEmpty.await(g, Duration.ofMillis(5));
                }
                item = g.get().items.poll();
                consumedCount.incrementAndGet();
              }
              notFull.signal();
              consumedSum.addAndGet(item);
            }
          }
        });
    long expected = 0;
    for (int p = 0; p < producers; p++) {
      for (int i = 1; i <= perProducer; i++) {
        expected += (long) p * perProducer + i;
      }
    }
    assertEquals(total, consumedCount.get());
    assertEquals(expected, consumedSum.get());
    try (Guard<Buffer, ?> g = lock.lock()) {
      assertTrue(g.get().items.isEmpty());
    }
  }

  @Test
  void producerConsumerOnMutexHasExactTotals() throws Exception {
    producerConsumer(Mutex::new, false);
  }

  @Test
  void producerConsumerOnSpinLockHasExactTotals() throws Exception {
    producerConsumer(SpinLock::new, false);
  }

  @Test
  void producerConsumerOnSpinLockIrqHasExactTotals() throws Exception {
    producerConsumer(SpinLockIrq::new, false);
  }

  /**
   * The kernel's rust_spinlock_irq_condvar: a waiter on a SpinLockIrq guard is woken by its own
   * interrupt handler, which sets the flag under lockWith(token) and signals.
   */
  @Test
  void waiterIsWokenByItsOwnInterruptHandler() throws Exception {
    SpinLockIrq<boolean[]> flag = new SpinLockIrq<>("flag", new boolean[1]);
    CondVar set = new CondVar("set");
    AtomicReference<Thread> waiter = new AtomicReference<>();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<String> handlerThread = new AtomicReference<>();
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              waiter.set(Thread.currentThread());
              try (Guard<boolean[], SpinLockIrqBackend> g = flag.lock()) {
                waiting.countDown();
                while (!g.get()[0]) {
                  set.awaitUninterruptibly(g);
                }
                assertTrue(LocalInterrupts.areDisabled(), "the irq lock was not retaken");
              }
              assertFalse(LocalInterrupts.areDisabled());
            },
            () -> {
              assertTrue(waiting.await(10, TimeUnit.SECONDS));
              // Raised while the waiter may still hold the lock: delivered only once the wait
              // released it and re-enabled interrupts.
              assertTrue(
                  LocalInterrupts.raise(
                      waiter.get(),
                      irqOff -> {
                        handlerThread.set(Thread.currentThread().getName());
                        try (Guard<boolean[], SpinLockBackend> g = flag.lockWith(irqOff)) {
                          g.get()[0] = true;
                        }
                        set.signal();
                      }));
            });
    assertNull(failure);
    assertEquals("other", handlerThread.get(), "the handler must run on the waiting thread");
  }

  @Test
  // lock() inside disable(), and waits in atomic context, on purpose: the refusal is under test
  @SuppressWarnings({"CtxlockPreferLockWith", "CtxlockSleepInAtomic"})
  void awaitWithInterruptsStillDisabledThrowsAndChangesNothing() {
    SpinLockIrq<int[]> lock = new SpinLockIrq<>("l", new int[1]);
    CondVar cv = new CondVar("cv");
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
        Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff)) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> cv.await(g, Duration.ofSeconds(5)));
      assertTrue(e.getMessage().contains("sleeping in atomic context"), e.getMessage());
      g.get()[0]++; // still open and held
      assertTrue(lock.isHeldByCurrentThread());
      assertTrue(LocalInterrupts.areDisabled());
    }
    // Also an irq guard inside a disable() block, and a plain guard inside one.
    SpinLock<int[]> plain = new SpinLock<>(new int[1]);
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
        assertThrows(IllegalStateException.class, () -> cv.awaitUninterruptibly(g));
        g.get()[0]++;
      }
      try (Guard<int[], SpinLockBackend> g = plain.lock()) {
        assertThrows(IllegalStateException.class, () -> cv.await(g));
        g.get()[0]++;
      }
    }
  }

  @Test
  void awaitOnAClosedOrForeignGuardThrowsAndChangesNothing() throws Exception {
    Mutex<int[]> lock = new Mutex<>("m", new int[1]);
    CondVar cv = new CondVar();
    Guard<int[], MutexBackend> g = lock.lock();
    g.close();
    assertThrows(IllegalStateException.class, () -> cv.await(g));
    assertThrows(NullPointerException.class, () -> cv.await(null));
    try (Guard<int[], MutexBackend> held = lock.lock()) {
      Throwable t = Threads.onOtherThread(() -> cv.awaitUninterruptibly(held));
      assertTrue(t instanceof IllegalStateException, String.valueOf(t));
      held.get()[0]++;
      assertTrue(lock.isHeldByCurrentThread());
    }
  }

  @Test
  void timedAwaitReturnsFalseAfterTheTimeoutWithTheLockRetaken() throws Exception {
    for (Lock<int[], ?> lock :
        List.<Lock<int[], ?>>of(
            new SpinLock<>(new int[1]), new Mutex<>(new int[1]), new SpinLockIrq<>(new int[1]))) {
      CondVar cv = new CondVar();
      try (Guard<int[], ?> g = lock.lock()) {
        long start = System.nanoTime();
        assertFalse(cv.await(g, Duration.ofMillis(30)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        g.get()[0]++;
        assertTrue(lock.isHeldByCurrentThread());
        assertFalse(cv.await(g, Duration.ZERO));
        assertFalse(cv.await(g, Duration.ofNanos(-1)));
        g.get()[0]++;
      }
    }
  }

  @Test
  void interruptedBeforeAwaitThrowsWithoutReleasing() {
    Mutex<int[]> lock = new Mutex<>(new int[1]);
    CondVar cv = new CondVar();
    try (Guard<int[], MutexBackend> g = lock.lock()) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> cv.await(g));
      assertFalse(Thread.interrupted(), "the status must be cleared");
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> cv.await(g, Duration.ofSeconds(5)));
      assertFalse(Thread.interrupted());
      g.get()[0]++;
    }
  }

  @Test
  void interruptedWhileWaitingThrowsWithTheLockRetaken() throws Exception {
    for (Lock<int[], ?> lock :
        List.<Lock<int[], ?>>of(
            new SpinLock<>(new int[1]), new Mutex<>(new int[1]), new SpinLockIrq<>(new int[1]))) {
      CondVar cv = new CondVar();
      AtomicReference<Thread> waiter = new AtomicReference<>();
      CountDownLatch waiting = new CountDownLatch(1);
      AtomicBoolean retaken = new AtomicBoolean();
      Throwable failure =
          Threads.onOtherThread(
              () -> {
                waiter.set(Thread.currentThread());
                try (Guard<int[], ?> g = lock.lock()) {
                  waiting.countDown();
                  assertThrows(InterruptedException.class, () -> cv.await(g));
                  assertFalse(Thread.currentThread().isInterrupted());
                  retaken.set(lock.isHeldByCurrentThread());
                  g.get()[0]++;
                }
              },
              () -> {
                assertTrue(waiting.await(10, TimeUnit.SECONDS));
                // Taking the lock proves the waiter released it, so it is inside the wait.
                try (Guard<int[], ?> g = lock.lock()) {
                  waiter.get().interrupt();
                }
              });
      assertNull(failure);
      assertTrue(retaken.get());
    }
  }

  @Test
  void awaitUninterruptiblyKeepsTheInterruptStatus() throws Exception {
    SpinLock<boolean[]> lock = new SpinLock<>(new boolean[1]);
    CondVar cv = new CondVar();
    AtomicReference<Thread> waiter = new AtomicReference<>();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean statusAfter = new AtomicBoolean();
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              waiter.set(Thread.currentThread());
              try (Guard<boolean[], SpinLockBackend> g = lock.lock()) {
                waiting.countDown();
                while (!g.get()[0]) {
                  cv.awaitUninterruptibly(g);
                }
                statusAfter.set(Thread.interrupted());
              }
            },
            () -> {
              assertTrue(waiting.await(10, TimeUnit.SECONDS));
              try (Guard<boolean[], SpinLockBackend> g = lock.lock()) {
                waiter.get().interrupt(); // does not end the wait
              }
              Thread.sleep(20);
              try (Guard<boolean[], SpinLockBackend> g = lock.lock()) {
                g.get()[0] = true;
              }
              cv.signal();
            });
    assertNull(failure);
    assertTrue(statusAfter.get(), "the interrupt status was lost");
  }

  @Test
  void guardIsUnusableWhileItsThreadWaits() throws Exception {
    SpinLockIrq<boolean[]> lock = new SpinLockIrq<>(new boolean[1]);
    CondVar cv = new CondVar();
    AtomicReference<Guard<boolean[], SpinLockIrqBackend>> guard = new AtomicReference<>();
    AtomicReference<Thread> waiter = new AtomicReference<>();
    CountDownLatch waiting = new CountDownLatch(1);
    List<String> seenByHandler = Collections.synchronizedList(new ArrayList<>());
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              waiter.set(Thread.currentThread());
              try (Guard<boolean[], SpinLockIrqBackend> g = lock.lock()) {
                guard.set(g);
                waiting.countDown();
                while (!g.get()[0]) {
                  cv.awaitUninterruptibly(g);
                }
                g.get()[0] = false; // usable again
              }
            },
            () -> {
              assertTrue(waiting.await(10, TimeUnit.SECONDS));
              LocalInterrupts.raise(
                  waiter.get(),
                  irqOff -> {
                    Guard<boolean[], SpinLockIrqBackend> g = guard.get();
                    for (Runnable op :
                        List.<Runnable>of(() -> g.get(), () -> g.set(null), g::close)) {
                      try {
                        op.run();
                        seenByHandler.add("usable");
                      } catch (IllegalStateException expected) {
                        seenByHandler.add("refused");
                      }
                    }
                    try (Guard<boolean[], SpinLockBackend> h = lock.lockWith(irqOff)) {
                      h.get()[0] = true; // the lock is free while its holder waits
                    }
                    cv.signal();
                  });
            });
    assertNull(failure);
    assertEquals(List.of("refused", "refused", "refused"), seenByHandler);
  }

  @Test
  void signalAllWakesEveryWaiterAndSignalWithoutWaitersIsANoOp() throws Exception {
    Mutex<int[]> lock = new Mutex<>(new int[2]); // [0]: go flag, [1]: waiting count
    CondVar cv = new CondVar();
    cv.signal();
    cv.signalAll();
    int waiters = 5;
    CondVar arrived = new CondVar();
    AtomicInteger woken = new AtomicInteger();
    Threads.runConcurrently(
        waiters + 1,
        index -> {
          if (index < waiters) {
            try (Guard<int[], MutexBackend> g = lock.lock()) {
              g.get()[1]++;
              arrived.signal();
              while (g.get()[0] == 0) {
                cv.await(g);
              }
              woken.incrementAndGet();
            }
          } else {
            try (Guard<int[], MutexBackend> g = lock.lock()) {
              while (g.get()[1] < waiters) {
                arrived.await(g);
              }
              g.get()[0] = 1;
            }
            cv.signalAll();
          }
        });
    assertEquals(waiters, woken.get());
  }

  @Test
  @SuppressWarnings("CtxlockSleepInAtomic") // waits in atomic context on purpose: the refusal is under test
  void waitsOnWitnessAndLockWithGuardsOfUserContexts() throws Exception {
    // A witness guard (SpinLockBackend over a SpinLockIrq) with the token closed is refused
    // because interrupts stay disabled; with a plain SpinLock guard it waits and times out.
    SpinLockIrq<int[]> irq = new SpinLockIrq<>(new int[1]);
    CondVar cv = new CondVar();
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
        Guard<int[], SpinLockBackend> g =
            irq.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)) {
      assertThrows(IllegalStateException.class, () -> cv.await(g, Duration.ofMillis(1)));
      g.get()[0]++;
    }
    try (Guard<int[], SpinLockIrqBackend> g = irq.lock()) {
      assertFalse(cv.await(g, Duration.ofMillis(1)));
      assertTrue(LocalInterrupts.areDisabled());
    }
  }

  @Test
  void toStringNamesTheCondVar() {
    assertEquals("CondVar[ready]", new CondVar("ready").toString());
    assertThrows(NullPointerException.class, () -> new CondVar(null));
  }

  @Test
  void signalsFromInterruptHandlersOfOtherThreadsWakeWaiters() throws Exception {
    // Taken in a handler: irq-safe only as a SpinLockIrq (the validator would say so).
    SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);
    CondVar cv = new CondVar();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicReference<Thread> signaller = new AtomicReference<>();
    CountDownLatch signallerReady = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread s =
        new Thread(
            () -> {
              signaller.set(Thread.currentThread());
              signallerReady.countDown();
              try {
                while (!done.await(0, TimeUnit.MILLISECONDS)) {
                  LocalInterrupts.awaitInterrupt();
                }
              } catch (InterruptedException e) {
                // ends the loop
              }
            },
            "signaller");
    s.start();
    assertTrue(signallerReady.await(10, TimeUnit.SECONDS));
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                waiting.countDown();
                while (g.get()[0] == 0) {
                  cv.awaitUninterruptibly(g);
                }
              }
            },
            () -> {
              assertTrue(waiting.await(10, TimeUnit.SECONDS));
              LocalInterrupts.raise(
                  signaller.get(),
                  irqOff -> {
                    try (Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff)) {
                      g.get()[0] = 1;
                    }
                    cv.signal(); // from a handler on a third thread, after the unlock
                  });
            });
    done.countDown();
    s.interrupt();
    s.join(10_000);
    assertFalse(s.isAlive());
    assertNull(failure);
  }
}
