package dev.ctxlock.sync;

import static dev.ctxlock.sync.UserBackends.IRQ_DELEGATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.UserBackends.Fixture;
import dev.ctxlock.sync.UserBackends.Form;
import dev.ctxlock.sync.UserBackends.IrqDelegate;
import dev.ctxlock.sync.UserBackends.UserLock;
import dev.ctxlock.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CondVar on guards of users' backends, with the validator on or off: a wait on an irq user lock
 * re-enables and re-disables exactly the level its acquisition took (observed, not looked up by
 * backend), and a wait that would leave interrupts disabled is refused before anything is
 * released, so no other thread can take the lock during a refused wait.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserBackendCondVarTest {

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

  /**
   * A waiter on an IrqDelegate lock() guard (interrupts disabled one level by the acquisition)
   * waits, is signalled by another thread, and returns with the lock and exactly that one level
   * back: disabled while the guard is open, enabled once it closes.
   */
  @Test
  void awaitOnAnIrqDelegateGuardWaitsAndRetakesExactlyItsLevel() throws Exception {
    UserLock<boolean[], IrqDelegate> flag =
        new UserLock<>(IrqDelegate.INSTANCE, "irq-delegate-flag", new boolean[1]);
    CondVar set = new CondVar("irq-delegate-set");
    CountDownLatch waiting = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<boolean[], IrqDelegate> g = flag.lock()) {
                assertTrue(LocalInterrupts.areDisabled(), "IrqDelegate.lock() disables");
                waiting.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!g.get()[0]) {
                  long left = deadline - System.nanoTime();
                  assertTrue(left > 0, "not signalled within 20 s");
                  set.await(g, Duration.ofNanos(left));
                }
                assertTrue(flag.isHeldByCurrentThread(), "the lock was not retaken");
                assertTrue(LocalInterrupts.areDisabled(), "the irq level was not retaken");
                g.get()[0] = false; // the guard is usable again
              }
              assertFalse(
                  LocalInterrupts.areDisabled(), "the wait left more than the guard's one level");
            },
            () -> {
              assertTrue(waiting.await(10, TimeUnit.SECONDS));
              // Only possible once the waiter released the lock for its wait.
              try (Guard<boolean[], IrqDelegate> g = flag.lock()) {
                g.get()[0] = true;
              }
              set.signal();
            });
    assertNull(failure);
  }

  /**
   * The kernel's rust_spinlock_irq_condvar on a user backend: the waiter on an IrqDelegate guard
   * is woken by its own interrupt handler, which can run only because the wait re-enabled
   * interrupts, and which takes the lock with lockWith(token).
   */
  @Test
  void awaitOnAnIrqDelegateGuardIsWokenByItsOwnInterruptHandler() throws Exception {
    UserLock<int[], IrqDelegate> flag = IRQ_DELEGATE.newLock("irq-delegate-handler-flag");
    CondVar set = new CondVar("irq-delegate-handler-set");
    AtomicReference<Thread> waiter = new AtomicReference<>();
    AtomicReference<String> handlerThread = new AtomicReference<>();
    CountDownLatch waiting = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              waiter.set(Thread.currentThread());
              try (Guard<int[], IrqDelegate> g = flag.lock()) {
                waiting.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (g.get()[0] == 0) {
                  long left = deadline - System.nanoTime();
                  assertTrue(left > 0, "not signalled within 20 s");
                  set.await(g, Duration.ofNanos(left));
                }
                assertTrue(LocalInterrupts.areDisabled(), "the irq level was not retaken");
              }
              assertFalse(LocalInterrupts.areDisabled());
            },
            () -> {
              assertTrue(waiting.await(10, TimeUnit.SECONDS));
              assertTrue(
                  LocalInterrupts.raise(
                      waiter.get(),
                      irqOff -> {
                        handlerThread.set(Thread.currentThread().getName());
                        try (Guard<int[], ?> g = IRQ_DELEGATE.lockWith(flag, irqOff)) {
                          g.get()[0] = 1;
                        }
                        set.signal();
                      }));
            });
    assertNull(failure);
    assertEquals("other", handlerThread.get(), "the handler must run on the waiting thread");
  }

  static Stream<Fixture<?>> userBackends() {
    return UserBackends.USER.stream();
  }

  /** A timed wait with nobody signalling returns false with the lock and its level retaken. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void aTimedAwaitOnAUserGuardTimesOutWithTheLockRetaken(Fixture<?> fixture) throws Exception {
    Lock<int[], ?> lock = fixture.newLock("timed-" + fixture);
    CondVar cv = new CondVar("timed-" + fixture);
    try (Guard<int[], ?> g = fixture.take(Form.LOCK, lock)) {
      boolean irqsDisabled = LocalInterrupts.areDisabled();
      assertEquals(fixture == IRQ_DELEGATE, irqsDisabled);
      long start = System.nanoTime();
      assertFalse(cv.await(g, Duration.ofMillis(20)));
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(20));
      assertTrue(lock.isHeldByCurrentThread());
      assertEquals(irqsDisabled, LocalInterrupts.areDisabled());
      g.get()[0]++;
    }
  }

  // ---- A wait that would leave interrupts disabled: refused with nothing changed

  /** How the refused waits' guard is taken: lock() and then a token, or lockWith(token). */
  enum Source {
    LOCK_THEN_DISABLE("lock(), then disable()"),
    LOCK_WITH_TOKEN("lockWith(witness, token)");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<Arguments> refusedWaits() {
    List<Arguments> out = new ArrayList<>();
    for (Fixture<?> f : UserBackends.USER) {
      out.add(Arguments.of(f, Source.LOCK_THEN_DISABLE));
    }
    for (Fixture<?> f : UserBackends.WITH_TOKEN_WITNESS) {
      out.add(Arguments.of(f, Source.LOCK_WITH_TOKEN));
    }
    return out.stream();
  }

  private static final int REFUSED_WAITS = 1_000;

  /**
   * With a LocalInterruptDisabled token open, a wait on a guard of any user backend would sleep
   * with interrupts disabled: each of 1,000 waits (every await form in turn) throws
   * IllegalStateException with nothing changed: the guard open and usable, the lock held, the
   * interrupts still disabled, and the protected value untouched by a second thread that tries
   * the lock all along and increments the value whenever it gets it. Whether that thread catches a
   * release depends on timing, so each wait also checks that the backend released nothing.
   */
  @ParameterizedTest(name = "{0} guard from {1}")
  @MethodSource("refusedWaits")
  @SuppressWarnings("MustBeClosedChecker") // the guard and token are closed in finally blocks
  void aWaitWithATokenOpenIsRefusedWithNothingReleased(Fixture<?> fixture, Source source)
      throws Exception {
    Lock<int[], ?> lock = fixture.newLock("refused-" + fixture + "-" + source.name());
    CondVar cv = new CondVar("refused-" + fixture + "-" + source.name());
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean mainHolds = new AtomicBoolean();
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger stolen = new AtomicInteger();
    AtomicReference<Throwable> hammerFailure = new AtomicReference<>();
    CountDownLatch hammering = new CountDownLatch(1);
    Thread hammer =
        new Thread(
            () -> {
              try {
                while (!done.get()) {
                  try (Guard<int[], ?> h = lock.tryLock()) {
                    if (h != null) {
                      h.get()[0]++;
                      if (mainHolds.get()) {
                        stolen.incrementAndGet();
                      }
                    }
                  }
                  if (attempts.incrementAndGet() % 256 == 0) {
                    hammering.countDown();
                    cv.signalAll(); // ends a wait that was not refused, so nothing hangs
                  }
                }
              } catch (Throwable t) {
                hammerFailure.set(t);
              }
            },
            "hammer");

    LocalInterruptDisabled irqOff = null;
    Guard<int[], ?> g = null;
    try {
      if (source == Source.LOCK_THEN_DISABLE) {
        g = fixture.take(Form.LOCK, lock);
        // A guard from lock() holds no token: what its release gives back is what its
        // acquisition was observed to take, or the backend's constant (docs/guarantees.md).
        irqOff = LocalInterrupts.disable();
      } else {
        irqOff = LocalInterrupts.disable();
        g = fixture.lockWith(lock, irqOff);
      }
      mainHolds.set(true);
      hammer.start();
      assertTrue(hammering.await(10, TimeUnit.SECONDS), "the second thread did not start");
      int value = g.get()[0];
      for (int i = 0; i < REFUSED_WAITS; i++) {
        long releases = UserBackends.releasesOnThisThread();
        Guard<int[], ?> guard = g;
        int form = i % 3;
        IllegalStateException e =
            assertThrows(
                IllegalStateException.class,
                () -> {
                  if (form == 0) {
                    cv.await(guard, Duration.ofMillis(50));
                  } else if (form == 1) {
                    cv.await(guard);
                  } else {
                    cv.awaitUninterruptibly(guard);
                  }
                },
                "wait " + i + " was not refused");
        assertNotNull(e.getMessage());
        assertTrue(LocalInterrupts.areDisabled(), "wait " + i + " re-enabled interrupts");
        assertTrue(lock.isHeldByCurrentThread(), "wait " + i + " left the lock released");
        assertEquals(
            value,
            g.get()[0],
            "another thread took the lock and changed the value during refused wait " + i
                + " (the refusal released the lock before refusing)");
        assertEquals(0, stolen.get(), "another thread took the lock during refused wait " + i);
        // The same, independent of timing: the backend was not asked to release at all.
        assertEquals(
            releases,
            UserBackends.releasesOnThisThread(),
            "refused wait " + i + " released the lock (and took it back) before refusing");
      }
      assertTrue(attempts.get() > 0);
      g.get()[0]++; // still open and usable
    } finally {
      mainHolds.set(false);
      done.set(true);
      if (source == Source.LOCK_THEN_DISABLE) {
        if (irqOff != null) {
          irqOff.close();
        }
        if (g != null) {
          g.close();
        }
      } else {
        if (g != null) {
          g.close();
        }
        if (irqOff != null) {
          irqOff.close();
        }
      }
      hammer.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertFalse(hammer.isAlive(), "the second thread did not end");
    assertNull(hammerFailure.get());
    assertFalse(LocalInterrupts.areDisabled());
  }
}
