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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded and interruptible acquisition on every shipped backend: timeouts against a deadline,
 * interruption before and while waiting, and nothing changed when an acquisition gives up.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimedAcquisitionTest {

  @AfterEach
  void noLeakedLevel() {
    assertFalse(LocalInterrupts.areDisabled(), "this test leaked an interrupt level");
    assertFalse(Thread.interrupted(), "this test leaked an interrupt status");
  }

  /** A timed backend and how to take its lock with each timed form. */
  private static List<Lock<int[], ? extends TimedBackend<?>>> locks() {
    return List.of(
        new SpinLock<>("spin", new int[1]),
        new Mutex<>("mutex", new int[1]),
        new SpinLockIrq<>("irq", new int[1]));
  }

  @SuppressWarnings("unchecked")
  private static Guard<int[], ?> tryLock(Lock<int[], ?> lock, Duration timeout)
      throws InterruptedException {
    return lock.timedTryLock(timeout);
  }

  private static Guard<int[], ?> lockInterruptibly(Lock<int[], ?> lock)
      throws InterruptedException {
    return lock.interruptibleLock();
  }

  /** Holds {@code lock} on another thread while {@code body} runs here. */
  private static void whileHeldElsewhere(Lock<int[], ?> lock, Threads.Action body)
      throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                held.countDown();
                assertTrue(release.await(30, TimeUnit.SECONDS));
              }
            },
            () -> {
              assertTrue(held.await(10, TimeUnit.SECONDS));
              try {
                body.run();
              } finally {
                release.countDown();
              }
            });
    if (failure != null) {
      throw new AssertionError(failure);
    }
  }

  @Test
  void freeLockIsTakenAtOnce() throws Exception {
    for (Lock<int[], ?> lock : locks()) {
      try (Guard<int[], ?> g = tryLock(lock, Duration.ofSeconds(10))) {
        assertNotNull(g, lock.name());
        g.get()[0]++;
        assertTrue(lock.isHeldByCurrentThread());
      }
      try (Guard<int[], ?> g = lockInterruptibly(lock)) {
        g.get()[0]++;
      }
      assertFalse(lock.isHeldByCurrentThread());
    }
  }

  @Test
  void busyLockTimesOutAfterTheDeadlineWithNothingChanged() throws Exception {
    for (Lock<int[], ?> lock : locks()) {
      whileHeldElsewhere(
          lock,
          () -> {
            long start = System.nanoTime();
            assertNull(tryLock(lock, Duration.ofMillis(40)), lock.name());
            long elapsed = System.nanoTime() - start;
            assertTrue(elapsed >= TimeUnit.MILLISECONDS.toNanos(40), lock.name() + ": " + elapsed);
            assertFalse(LocalInterrupts.areDisabled(), lock.name() + " left interrupts off");
            assertNull(tryLock(lock, Duration.ZERO));
            assertNull(tryLock(lock, Duration.ofNanos(-5)));
            assertFalse(lock.isHeldByCurrentThread());
          });
    }
  }

  @Test
  void holderGetsNullFromTryLockAndAnExceptionFromLockInterruptibly() throws Exception {
    for (Lock<int[], ?> lock : locks()) {
      try (Guard<int[], ?> g = lock.lock()) {
        long start = System.nanoTime();
        assertNull(tryLock(lock, Duration.ofSeconds(30)), lock.name());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20), "waited for itself");
        assertThrows(IllegalStateException.class, () -> lockInterruptibly(lock));
        g.get()[0]++;
      }
    }
  }

  @Test
  void interruptedOnEntryThrowsWithTheStatusClearedAndNothingTaken() throws Exception {
    for (Lock<int[], ?> lock : locks()) {
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> tryLock(lock, Duration.ofSeconds(1)));
      assertFalse(Thread.interrupted(), "status not cleared");
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> lockInterruptibly(lock));
      assertFalse(Thread.interrupted());
      assertFalse(lock.isHeldByCurrentThread());
      assertFalse(LocalInterrupts.areDisabled());
    }
  }

  @Test
  void interruptedWhileWaitingThrowsWithNothingChanged() throws Exception {
    for (Lock<int[], ?> lock : locks()) {
      for (boolean timed : new boolean[] {true, false}) {
        Thread me = Thread.currentThread();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        whileHeldElsewhere(
            lock,
            () -> {
              Thread interrupter =
                  new Thread(
                      () -> {
                        try {
                          Thread.sleep(30);
                        } catch (InterruptedException e) {
                          return;
                        }
                        me.interrupt();
                      });
              interrupter.start();
              try {
                Guard<int[], ?> g =
                    timed ? tryLock(lock, Duration.ofSeconds(30)) : lockInterruptibly(lock);
                g.close();
              } catch (InterruptedException e) {
                thrown.set(e);
              }
              interrupter.join(10_000);
            });
        assertTrue(thrown.get() instanceof InterruptedException, lock.name() + " " + timed);
        assertFalse(Thread.interrupted(), "status not cleared");
        assertFalse(LocalInterrupts.areDisabled(), lock.name() + " left interrupts off");
        try (Guard<int[], ?> g = lock.tryLock()) {
          assertNotNull(g, "the lock was left held");
        }
      }
    }
  }

  @Test
  void irqTimedAcquisitionThatGivesUpDeliversPendingHandlers() throws Exception {
    SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);
    AtomicInteger ran = new AtomicInteger();
    whileHeldElsewhere(
        lock,
        () -> {
          // Pending while the level is taken: delivered when the acquisition gives it back.
          try (Guard<int[], ?> g = lock.timedTryLock(Duration.ofMillis(10))) {
            assertNull(g);
          }
          LocalInterrupts.raise(Thread.currentThread(), ctx -> ran.incrementAndGet());
          assertEquals(1, ran.get());
        });
  }

  @Test
  void witnessTimedTryLockWithChecksTheTokenAndTimesOut() throws Exception {
    SpinLockIrq<int[]> lock = new SpinLockIrq<>("irq", new int[1]);
    BackendWithContext<SpinLockIrqBackend, LocalInterruptDisabled, SpinLockBackend> with =
        SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED;
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      try (Guard<int[], SpinLockBackend> g = lock.tryLockWith(with, irqOff, Duration.ofSeconds(1))) {
        assertNotNull(g);
        assertThrows(IllegalStateException.class, irqOff::close); // counted against the token
        g.get()[0]++;
      }
      assertThrows(
          NullPointerException.class, () -> lock.tryLockWith(with, irqOff, (Duration) null));
      assertThrows(
          NullPointerException.class, () -> lock.tryLockWith(with, null, Duration.ofSeconds(1)));
    }
    LocalInterruptDisabled closed = LocalInterrupts.disable();
    closed.close();
    assertThrows(
        IllegalStateException.class, () -> lock.tryLockWith(with, closed, Duration.ofSeconds(1)));
    whileHeldElsewhere(
        lock,
        () -> {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            assertNull(lock.tryLockWith(with, irqOff, Duration.ofMillis(20)));
            // Nothing was counted against the token: it closes.
          }
        });
  }

  @Test
  void heldChecksWorkForEveryFormAndBackend() throws Exception {
    for (Lock<int[], ?> lock : locks()) {
      assertFalse(lock.isHeldByCurrentThread());
      assertThrows(IllegalStateException.class, lock::assertIsHeld);
      try (Guard<int[], ?> g = lock.lock()) {
        assertTrue(lock.isHeldByCurrentThread());
        lock.assertIsHeld();
        Throwable other = Threads.onOtherThread(() -> assertFalse(lock.isHeldByCurrentThread()));
        assertNull(other);
      }
    }
    SpinLockIrq<int[]> irq = new SpinLockIrq<>(new int[1]);
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
        Guard<int[], SpinLockBackend> g = irq.lockWith(irqOff)) {
      assertTrue(irq.isHeldByCurrentThread());
      irq.assertIsHeld();
    }
  }

  /** A user backend with only assertIsHeld: the held checks still work through it. */
  enum FlagBackend implements Backend<boolean[]> {
    INSTANCE;

    @Override
    public boolean[] newState() {
      return new boolean[1];
    }

    @Override
    public void lock(boolean[] s) {
      s[0] = true;
    }

    @Override
    public boolean tryLock(boolean[] s) {
      lock(s);
      return true;
    }

    @Override
    public void unlock(boolean[] s) {
      s[0] = false;
    }

    @Override
    public void assertIsHeld(boolean[] s) {
      if (!s[0]) {
        throw new IllegalStateException("not held");
      }
    }
  }

  @Test
  void heldChecksUseAUserBackendsAssertIsHeld() throws Exception {
    Lock<String, FlagBackend> lock = new Lock<>(FlagBackend.INSTANCE, "x");
    assertFalse(lock.isHeldByCurrentThread());
    try (Guard<String, FlagBackend> g = lock.lock()) {
      assertTrue(lock.isHeldByCurrentThread());
      lock.assertIsHeld();
    }
    // Not a TimedBackend: the timed hooks refuse it with nothing taken.
    assertThrows(UnsupportedOperationException.class, () -> lock.timedTryLock(Duration.ZERO));
    assertThrows(UnsupportedOperationException.class, lock::interruptibleLock);
    assertFalse(lock.isHeldByCurrentThread());
  }

  @Test
  void contendedTimedAcquisitionsKeepExactTotals() throws Exception {
    for (Lock<int[], ?> lock : locks()) {
      int threads = 6;
      int each = 2_000;
      AtomicInteger timeouts = new AtomicInteger();
      Threads.runConcurrently(
          threads,
          index -> {
            for (int i = 0; i < each; ) {
              Guard<int[], ?> g =
                  index % 2 == 0 ? tryLock(lock, Duration.ofMillis(1)) : lockInterruptibly(lock);
              if (g == null) {
                timeouts.incrementAndGet();
                continue;
              }
              try (g) {
                g.get()[0]++;
              }
              i++;
            }
          });
      try (Guard<int[], ?> g = lock.lock()) {
        assertEquals(threads * each, g.get()[0], lock.name() + " (" + timeouts + " timeouts)");
      }
    }
  }
}
