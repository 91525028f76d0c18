package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every timed method of the runtime against the edges of {@link Duration}: negative, zero, {@code
 * Long.MIN_VALUE} and {@code Long.MAX_VALUE} nanoseconds, and seconds whose nanoseconds overflow a
 * {@code long} either way. A timeout in the past (or zero) gives up at once; one too large to
 * represent waits as long as it takes. No deadline computation may overflow into the other.
 */
@SuppressWarnings("try") // guards held for the lock only
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DurationEdgesTest {

  /** Long enough that a wait that should have given up at once is caught, short for a suite. */
  private static final long PROMPT_NANOS = TimeUnit.SECONDS.toNanos(5);

  static Stream<Duration> past() {
    return Stream.of(
        Duration.ofNanos(-1),
        Duration.ZERO,
        Duration.ofNanos(Long.MIN_VALUE),
        Duration.ofSeconds(Long.MIN_VALUE),
        Duration.ofSeconds(-(Long.MAX_VALUE / 1_000_000_000L) - 1)); // nanos overflow negative
  }

  static Stream<Duration> unbounded() {
    return Stream.of(
        Duration.ofNanos(Long.MAX_VALUE),
        Duration.ofSeconds(Long.MAX_VALUE, 999_999_999),
        Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L + 1)); // nanos overflow positive
  }

  @AfterEach
  void noLeakedLevel() {
    assertFalse(LocalInterrupts.areDisabled(), "this test leaked an interrupt level");
    assertFalse(Thread.interrupted(), "this test leaked an interrupt status");
  }

  /** Each lock class with a timed backend, with each timed way to take it. */
  private interface TimedForm {
    Guard<int[], ?> take(Duration timeout) throws InterruptedException;
  }

  private static List<Object[]> forms() {
    SpinLock<int[]> spin = new SpinLock<>("spin", new int[1]);
    Mutex<int[]> mutex = new Mutex<>("mutex", new int[1]);
    SpinLockIrq<int[]> irq = new SpinLockIrq<>("irq", new int[1]);
    SpinLockIrq<int[]> irqWith = new SpinLockIrq<>("irqWith", new int[1]);
    SpinLockIrq<int[]> irqWitness = new SpinLockIrq<>("irqWitness", new int[1]);
    return List.of(
        new Object[] {"SpinLock.tryLock", spin, (TimedForm) spin::tryLock},
        new Object[] {"Mutex.tryLock", mutex, (TimedForm) mutex::tryLock},
        new Object[] {"SpinLockIrq.tryLock", irq, (TimedForm) irq::tryLock},
        new Object[] {
          "SpinLockIrq.tryLockWith(token)", irqWith, withToken(t -> irqWith.tryLockWith(t.off, t.d))
        },
        new Object[] {
          "Lock.tryLockWith(witness)",
          irqWitness,
          withToken(
              t ->
                  irqWitness.tryLockWith(
                      SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, t.off, t.d))
        });
  }

  private record TokenAndTimeout(LocalInterruptDisabled off, Duration d) {}

  private interface WithToken {
    Guard<int[], ?> take(TokenAndTimeout t) throws InterruptedException;
  }

  /**
   * A form that proves its context with a token opened around the attempt: the guard, if any, is
   * closed inside the token's block by the caller's check, so this returns a marker guard-free
   * outcome.
   */
  // The record carries the token into the attempt made inside its block, on this thread.
  @SuppressWarnings("CtxlockTokenEscapes")
  private static TimedForm withToken(WithToken form) {
    return d -> {
      try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
        Guard<int[], ?> g = form.take(new TokenAndTimeout(off, d));
        if (g == null) {
          return null;
        }
        g.get()[0]++;
        g.close();
        return TAKEN;
      }
    };
  }

  /** Stands for a guard that a token form took and closed inside its block. */
  private static final Guard<int[], ?> TAKEN = new SpinLock<>("marker", new int[1]).lock();

  static {
    TAKEN.close();
  }

  private static void closeIfReal(Guard<int[], ?> g) {
    if (g != TAKEN) {
      g.close();
    }
  }

  static Stream<Object[]> formsAndPast() {
    return forms().stream()
        .flatMap(f -> past().map(d -> new Object[] {f[0], f[1], f[2], d}));
  }

  static Stream<Object[]> formsAndUnbounded() {
    return forms().stream()
        .flatMap(f -> unbounded().map(d -> new Object[] {f[0], f[1], f[2], d}));
  }

  @ParameterizedTest(name = "{0} {3}")
  @MethodSource("formsAndPast")
  void aTimeoutInThePastGivesUpAtOnceOnABusyLockAndTakesAFreeOne(
      String form, Lock<int[], ?> lock, TimedForm take, Duration timeout) throws Exception {
    Guard<int[], ?> free = take.take(timeout);
    assertNotNull(free, form + " " + timeout + " on a free lock");
    closeIfReal(free);
    holdElsewhere(
        lock,
        () -> {
          long start = System.nanoTime();
          assertNull(take.take(timeout), form + " " + timeout + " on a busy lock");
          assertTrue(System.nanoTime() - start < PROMPT_NANOS, form + " waited on " + timeout);
        });
  }

  @ParameterizedTest(name = "{0} {3}")
  @MethodSource("formsAndUnbounded")
  void aTimeoutTooLargeForNanosecondsWaitsUntilTheLockIsFree(
      String form, Lock<int[], ?> lock, TimedForm take, Duration timeout) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                held.countDown();
                release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    holder.start();
    assertTrue(held.await(30, TimeUnit.SECONDS));
    Thread releaser =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              release.countDown();
            });
    releaser.start();
    Guard<int[], ?> g = take.take(timeout);
    assertNotNull(g, form + " " + timeout + " gave up");
    closeIfReal(g);
    holder.join(30_000);
    releaser.join(30_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("past")
  @Timeout(value = 15, unit = TimeUnit.SECONDS) // was: a wait until signalled, never
  void aCondVarWaitWithATimeoutInThePastTimesOutAtOnceWithTheLockHeldAgain(Duration timeout)
      throws Exception {
    for (Lock<int[], ?> lock : List.<Lock<int[], ?>>of(
        new SpinLock<>(new int[1]), new Mutex<>(new int[1]), new SpinLockIrq<>(new int[1]))) {
      CondVar never = new CondVar("never");
      try (Guard<int[], ?> g = lock.lock()) {
        long start = System.nanoTime();
        assertFalse(never.await(g, timeout), lock + " " + timeout);
        assertTrue(System.nanoTime() - start < PROMPT_NANOS, lock + " waited on " + timeout);
        assertTrue(lock.isHeldByCurrentThread());
        g.get()[0]++;
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unbounded")
  void aCondVarWaitWithATimeoutTooLargeForNanosecondsWaitsForTheSignal(Duration timeout)
      throws Exception {
    SpinLock<boolean[]> lock = new SpinLock<>(new boolean[1]);
    CondVar ready = new CondVar("ready");
    Thread signaller =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              try (Guard<boolean[], SpinLockBackend> g = lock.lock()) {
                g.get()[0] = true;
              }
              ready.signalAll();
            });
    signaller.start();
    try (Guard<boolean[], SpinLockBackend> g = lock.lock()) {
      while (!g.get()[0]) {
        assertTrue(ready.await(g, timeout), "timed out on " + timeout);
      }
    }
    signaller.join(30_000);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("longEdges")
  void aBackendsOwnTimedTryLockTakesTheEdgesOfLong(long nanos) throws Exception {
    SpinLockState spin = SpinLockBackend.INSTANCE.newState();
    MutexState mutex = MutexBackend.INSTANCE.newState();
    SpinLockState irq = SpinLockIrqBackend.INSTANCE.newState();
    assertTrue(SpinLockBackend.INSTANCE.tryLock(spin, nanos));
    assertTrue(MutexBackend.INSTANCE.tryLock(mutex, nanos));
    assertTrue(SpinLockIrqBackend.INSTANCE.tryLock(irq, nanos));
    SpinLockIrqBackend.INSTANCE.unlock(irq);
    if (nanos <= 0) {
      AtomicReference<Boolean> spinAgain = new AtomicReference<>();
      AtomicReference<Boolean> mutexAgain = new AtomicReference<>();
      Thread other =
          new Thread(
              () -> {
                try {
                  spinAgain.set(SpinLockBackend.INSTANCE.tryLock(spin, nanos));
                  mutexAgain.set(MutexBackend.INSTANCE.tryLock(mutex, nanos));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      other.start();
      other.join(PROMPT_NANOS / 1_000_000);
      assertFalse(other.isAlive(), "a backend's tryLock waited on " + nanos);
      assertEquals(Boolean.FALSE, spinAgain.get());
      assertEquals(Boolean.FALSE, mutexAgain.get());
    }
    SpinLockBackend.INSTANCE.unlock(spin);
    MutexBackend.INSTANCE.unlock(mutex);
  }

  static Stream<Long> longEdges() {
    return Stream.of(Long.MIN_VALUE, -1L, 0L, Long.MAX_VALUE);
  }

  /** Holds {@code lock} on another thread while {@code body} runs here. */
  private static void holdElsewhere(Lock<int[], ?> lock, Body body) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                held.countDown();
                done.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    holder.start();
    try {
      assertTrue(held.await(30, TimeUnit.SECONDS));
      body.run();
    } finally {
      done.countDown();
      holder.join(30_000);
    }
  }

  private interface Body {
    void run() throws Exception;
  }
}
