package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.UserBackends.Fixture;
import dev.ctxlock.sync.UserBackends.Form;
import dev.ctxlock.sync.UserBackends.UserLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refusal that SPEC promises changes nothing, checked with a second thread that races to
 * observe: while this thread holds a lock and makes a call that must fail (a try of its own held
 * lock, timed or not, a timed try after the deadline, an interruptible acquisition with the
 * interrupt status set, a close on a foreign thread, the guard's token closed first), the racer tries the lock all along and increments the protected value
 * whenever it gets it. A refusal that released the lock for a moment, even one that took it back
 * before returning, lets the racer in. For the shipped backends and every user backend.
 */
@Timeout(120)
class RacingObserverTest {

  private static final int ROUNDS = 300;

  /** A refused call, made by the holder of {@code g}. */
  interface Refusal {
    void attempt(UserLock<int[], ?> lock, Guard<int[], ?> g) throws Exception;
  }

  /** The refusals, by name; each must throw or return null / false, and release nothing. */
  static List<Arguments> refusals() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("tryLock() by the holder", (Refusal) (l, g) -> assertNull(l.tryLock())));
    out.add(
        Arguments.of(
            "tryLock(1 ms) by the holder",
            (Refusal) (l, g) -> assertNull(l.tryLock(Duration.ofMillis(1)))));
    out.add(
        Arguments.of(
            "tryLock(-1 s) by the holder",
            (Refusal) (l, g) -> assertNull(l.tryLock(Duration.ofSeconds(-1)))));
    out.add(
        Arguments.of(
            "lockInterruptibly() interrupted",
            (Refusal)
                (l, g) -> {
                  Thread.currentThread().interrupt();
                  assertThrows(InterruptedException.class, l::lockInterruptibly);
                  assertFalse(Thread.currentThread().isInterrupted());
                }));
    out.add(
        Arguments.of(
            "close() on another thread",
            (Refusal)
                (l, g) -> {
                  AtomicReference<Throwable> thrown = new AtomicReference<>();
                  Thread t = new Thread(() -> thrown.set(catching(g::close)), "foreign-close");
                  t.start();
                  t.join(TimeUnit.SECONDS.toMillis(10));
                  assertFalse(t.isAlive());
                  assertTrue(thrown.get() instanceof IllegalStateException, "not refused");
                }));
    return out;
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  static Stream<Arguments> cases() {
    List<Fixture<?>> backends = new ArrayList<>(UserBackends.USER);
    backends.add(UserBackends.SPIN_LOCK);
    backends.add(UserBackends.MUTEX);
    List<Arguments> out = new ArrayList<>();
    for (Fixture<?> f : backends) {
      for (Arguments r : refusals()) {
        out.add(Arguments.of(f, r.get()[0], r.get()[1]));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void aRefusalReleasesNothingForARacingThreadToSee(Fixture<?> fixture, String name, Refusal r)
      throws Exception {
    UserLock<int[], ?> lock = fixture.newLock("racing-" + fixture + "-" + name);
    Guard<int[], ?> g = fixture.take(Form.LOCK, lock);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger stolen = new AtomicInteger();
    AtomicReference<Throwable> racerFailure = new AtomicReference<>();
    CountDownLatch racing = new CountDownLatch(1);
    Thread racer =
        new Thread(
            () -> {
              try {
                int attempts = 0;
                while (!done.get()) {
                  try (Guard<int[], ?> h = lock.tryLock()) {
                    if (h != null) {
                      h.get()[0]++;
                      stolen.incrementAndGet();
                    }
                  }
                  if (++attempts == 64) {
                    racing.countDown();
                  }
                  Thread.onSpinWait();
                }
              } catch (Throwable t) {
                racerFailure.set(t);
              }
            },
            "racer");
    try {
      int value = g.get()[0];
      racer.start();
      assertTrue(racing.await(10, TimeUnit.SECONDS), "the racer did not start");
      for (int i = 0; i < ROUNDS; i++) {
        r.attempt(lock, g);
        assertEquals(0, stolen.get(), name + " let another thread take the lock, round " + i);
        assertEquals(value, g.get()[0], name + " changed the value, round " + i);
        assertTrue(lock.isHeldByCurrentThread(), name + " left the lock released, round " + i);
      }
    } finally {
      g.close();
      done.set(true);
      racer.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertFalse(racer.isAlive(), "the racer did not end");
    assertNull(racerFailure.get());
  }

  /** A guard from lockWith(token): closing the token first is refused with the lock held. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("tokenFixtures")
  @SuppressWarnings("try") // the token is held for its level
  void closingTheTokenBeforeItsGuardReleasesNothing(Fixture<?> fixture) throws Exception {
    UserLock<int[], ?> lock = fixture.newLock("racing-token-" + fixture);
    AtomicBoolean done = new AtomicBoolean();
    AtomicBoolean mainHolds = new AtomicBoolean();
    AtomicInteger stolen = new AtomicInteger();
    Thread racer =
        new Thread(
            () -> {
              while (!done.get()) {
                try (Guard<int[], ?> h = lock.tryLock()) {
                  if (h != null && mainHolds.get()) {
                    stolen.incrementAndGet();
                  }
                }
              }
            },
            "racer");
    racer.start();
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
        Guard<int[], ?> g = fixture.lockWith(lock, irqOff)) {
      mainHolds.set(true);
      for (int i = 0; i < ROUNDS; i++) {
        assertThrows(IllegalStateException.class, irqOff::close);
        assertEquals(0, stolen.get(), "round " + i);
        assertTrue(LocalInterrupts.areDisabled());
        g.get()[0]++;
      }
      mainHolds.set(false);
    } finally {
      mainHolds.set(false);
      done.set(true);
      racer.join(TimeUnit.SECONDS.toMillis(30));
    }
    assertFalse(racer.isAlive());
    assertEquals(ROUNDS, lock.data[0]);
  }

  static Stream<Fixture<?>> tokenFixtures() {
    List<Fixture<?>> out = new ArrayList<>(UserBackends.WITH_TOKEN_WITNESS);
    out.add(UserBackends.SPIN_LOCK);
    return out.stream();
  }
}
