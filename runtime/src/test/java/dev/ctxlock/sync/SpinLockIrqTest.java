package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.testing.Threads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generated SpinLockIrq: irq bookkeeping, the lockWith fast path, and their interplay. */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class SpinLockIrqTest {

  private final SpinLockIrq<long[]> lock = new SpinLockIrq<>("stats", new long[1]);
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
  }

  private void assertFree() throws InterruptedException {
    assertNull(
        Threads.onOtherThread(
            () -> {
              try (Guard<long[], SpinLockIrqBackend> g = lock.tryLock()) {
                assertNotNull(g, "lock should be free");
              }
            }));
  }

  @Test
  void lockDisablesInterruptsUntilTheGuardCloses() {
    AtomicInteger runs = new AtomicInteger();
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      assertTrue(LocalInterrupts.areDisabled());
      LocalInterrupts.raise(Thread.currentThread(), ctx -> runs.incrementAndGet());
      assertEquals(0, runs.get(), "delivered while the irq lock was held");
      g.get()[0]++;
    } // unlock re-enables: the handler runs here
    assertEquals(1, runs.get());
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void lockWithTakesTheSameLockWithoutTouchingTheCount() throws Exception {
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      try (Guard<long[], SpinLockBackend> g = lock.lockWith(off)) {
        g.get()[0] = 3;
        assertNull(
            Threads.onOtherThread(() -> assertNull(lock.tryLock(), "lock() ignored lockWith")));
        assertTrue(LocalInterrupts.areDisabled());
      }
      assertTrue(LocalInterrupts.areDisabled(), "closing the lockWith guard re-enabled");
    }
    assertFalse(LocalInterrupts.areDisabled());
    assertFree();
  }

  @Test
  void tryLockWithAndTryLockReportBusyAndReEnable() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
                held.countDown();
                release.await();
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            });
    holder.start();
    assertTrue(held.await(10, TimeUnit.SECONDS));
    AtomicInteger runs = new AtomicInteger();
    Thread me = Thread.currentThread();
    assertNull(Threads.onOtherThread(() -> LocalInterrupts.raise(me, ctx -> runs.incrementAndGet())));
    assertNull(lock.tryLock());
    assertFalse(LocalInterrupts.areDisabled(), "failed tryLock left interrupts disabled");
    assertEquals(1, runs.get(), "re-enabling after a failed tryLock is a delivery point");
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      assertNull(lock.tryLockWith(off));
      assertTrue(LocalInterrupts.areDisabled());
    }
    release.countDown();
    holder.join();
    assertFree();
  }

  @Test
  void mixedLockAndLockWithExcludeEachOther() throws Exception {
    int threads = 6;
    int iterations = 20_000;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger successes = new AtomicInteger();
    Threads.runConcurrently(
        threads,
        i -> {
          for (int n = 0; n < iterations; n++) {
            switch ((i + n) % 4) {
              case 0:
                try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
                  critical(g.get(), inside, overlaps);
                }
                successes.incrementAndGet();
                break;
              case 1:
                try (LocalInterruptDisabled off = LocalInterrupts.disable();
                    Guard<long[], SpinLockBackend> g = lock.lockWith(off)) {
                  critical(g.get(), inside, overlaps);
                }
                successes.incrementAndGet();
                break;
              case 2:
                try (Guard<long[], SpinLockIrqBackend> g = lock.tryLock()) {
                  if (g != null) {
                    critical(g.get(), inside, overlaps);
                    successes.incrementAndGet();
                  }
                }
                break;
              default:
                try (LocalInterruptDisabled off = LocalInterrupts.disable();
                    Guard<long[], SpinLockBackend> g =
                        lock.tryLockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
                  if (g != null) {
                    critical(g.get(), inside, overlaps);
                    successes.incrementAndGet();
                  }
                }
            }
            if (LocalInterrupts.areDisabled()) {
              throw new AssertionError("interrupt level leaked on " + Thread.currentThread());
            }
          }
        });
    assertEquals(0, overlaps.get());
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      assertEquals(successes.get(), g.get()[0]);
    }
  }

  private static void critical(long[] data, AtomicInteger inside, AtomicInteger overlaps) {
    if (inside.incrementAndGet() != 1) {
      overlaps.incrementAndGet();
    }
    data[0]++;
    inside.decrementAndGet();
  }

  @Test
  void reacquiringThroughTheOtherBackendFailsWithNothingChanged() {
    try (LocalInterruptDisabled off = LocalInterrupts.disable();
        Guard<long[], SpinLockBackend> g = lock.lockWith(off)) {
      assertThrows(IllegalStateException.class, lock::lock);
      assertThrows(IllegalStateException.class, () -> lock.lockWith(off));
      assertNull(lock.tryLock());
      assertNull(lock.tryLockWith(off));
      assertEquals(0, off.toString().indexOf("LocalInterruptDisabled"));
      assertTrue(off.toString().contains("openGuards=1"), off.toString());
      assertNotNull(g.get());
    }
  }

  @Test
  void closedOrForeignTokensAreRefusedWithNothingTaken() throws Exception {
    LocalInterruptDisabled off = LocalInterrupts.disable();
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(() -> lock.lockWith(off)));
    assertInstanceOf(
        IllegalStateException.class,
        Threads.onOtherThread(
            () -> lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)));
    off.close();
    assertThrows(IllegalStateException.class, () -> lock.lockWith(off));
    assertThrows(IllegalStateException.class, () -> lock.tryLockWith(off));
    assertThrows(
        IllegalStateException.class,
        () -> lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off));
    assertThrows(NullPointerException.class, () -> lock.lockWith(null));
    assertThrows(
        NullPointerException.class,
        () -> lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, null));
    assertFalse(LocalInterrupts.areDisabled());
    assertFree();
  }

  @Test
  void closingTheTokenBeforeItsGuardThrowsAndChangesNothing() throws Exception {
    LocalInterruptDisabled off = LocalInterrupts.disable();
    Guard<long[], SpinLockBackend> g = lock.lockWith(off);
    assertThrows(IllegalStateException.class, off::close);
    assertTrue(LocalInterrupts.areDisabled());
    g.get()[0]++;
    g.close();
    off.close();
    assertFalse(LocalInterrupts.areDisabled());
    assertFree();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Test
  void genericPathRefusesAWitnessOfAnotherBackendOrAContextOfTheWrongType() throws Exception {
    BackendWithContext mutexWitness =
        new BackendWithContext<MutexBackend, LocalInterruptDisabled, MutexBackend>() {
          @Override
          public MutexBackend backend() {
            return MutexBackend.INSTANCE;
          }

          @Override
          public MutexBackend contextual() {
            return MutexBackend.INSTANCE;
          }

          @Override
          public Class<LocalInterruptDisabled> contextType() {
            return LocalInterruptDisabled.class;
          }
        };
    BackendWithContext raw = SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED;
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      assertThrows(IllegalArgumentException.class, () -> lock.lockWith(mutexWitness, off));
      assertThrows(IllegalArgumentException.class, () -> lock.lockWith(raw, "not a token"));
      assertThrows(IllegalArgumentException.class, () -> lock.tryLockWith(raw, 42));
    }
    assertFree();
  }

  @Test
  void genericPathTakesTheLockWithTheContextualBackend() throws Exception {
    try (LocalInterruptDisabled off = LocalInterrupts.disable();
        Guard<long[], SpinLockBackend> g =
            lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
      g.get()[0] = 9;
      assertThrows(IllegalStateException.class, off::close); // counted against the token
    }
    assertFalse(LocalInterrupts.areDisabled());
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      assertEquals(9, g.get()[0]);
    }
  }

  @Test
  void runUnlockedOnAnIrqGuardReEnablesThenDisablesAgain() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      LocalInterrupts.raise(Thread.currentThread(), ctx -> runs.incrementAndGet());
      g.runUnlocked(
          () -> {
            assertFalse(LocalInterrupts.areDisabled());
            assertEquals(1, runs.get(), "the unlock inside runUnlocked is a delivery point");
            assertFree();
          });
      assertTrue(LocalInterrupts.areDisabled());
    }
  }

  @Test
  void handlerUsesItsTokenForLockWith() {
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      // Raised while this thread holds the lock with interrupts off: deferred, so no deadlock.
      LocalInterrupts.raise(
          Thread.currentThread(),
          ctx -> {
            try (Guard<long[], SpinLockBackend> h = lock.lockWith(ctx)) {
              h.get()[0] += 100;
            }
          });
      g.get()[0] += 1;
    }
    assertEquals(List.of(), reported);
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      assertEquals(101, g.get()[0]);
    }
  }

  @Test
  void handlerThatLeaksAGuardIsReportedAndItsTokenRefused() throws Exception {
    AtomicReference<Guard<long[], SpinLockBackend>> leaked = new AtomicReference<>();
    AtomicReference<LocalInterruptDisabled> token = new AtomicReference<>();
    AtomicInteger next = new AtomicInteger();
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      LocalInterrupts.raise(
          Thread.currentThread(),
          ctx -> {
            token.set(ctx);
            leaked.set(lock.lockWith(ctx));
          });
      LocalInterrupts.raise(Thread.currentThread(), ctx -> next.incrementAndGet());
    }
    assertEquals(1, next.get(), "the next handler did not run");
    assertEquals(1, reported.size());
    assertTrue(reported.get(0).getMessage().contains("guard"), reported.get(0).getMessage());
    assertFalse(LocalInterrupts.areDisabled(), "count not restored");
    // The leaked guard stays open until closed; the refused token proves nothing any more.
    assertNull(Threads.onOtherThread(() -> assertNull(lock.tryLock())));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> leaked.get().runUnlocked(() -> {}));
    assertTrue(e.getMessage().contains("refused"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> lock.lockWith(token.get()));
    assertFree(); // the failed relock left the guard closed and the lock free
  }

  @Test
  void handlerThatLeaksAnIrqLockIsReportedAndItsLevelIsVoid() throws Exception {
    AtomicReference<Guard<long[], SpinLockIrqBackend>> leaked = new AtomicReference<>();
    LocalInterrupts.raise(Thread.currentThread(), ctx -> leaked.set(lock.lock()));
    assertEquals(1, reported.size());
    assertFalse(LocalInterrupts.areDisabled(), "count not restored");
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      leaked.get().close(); // releases the lock; its interrupt level was voided already
      assertTrue(LocalInterrupts.areDisabled());
    }
    assertFalse(LocalInterrupts.areDisabled());
    assertFree();
  }
}
