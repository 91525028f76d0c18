package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.UserBackends.Fixture;
import dev.ctxlock.sync.UserBackends.Form;
import dev.ctxlock.testing.Threads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Lock#isHeldByCurrentThread()} and {@link Lock#assertIsHeld()} on locks of users'
 * backends: true (no throw) while this thread holds the lock through any guard, false
 * ({@link IllegalStateException}) when the lock is free or another thread holds it.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserBackendLockTest {

  @AfterEach
  void noLeakedLevel() {
    assertFalse(LocalInterrupts.areDisabled(), "this test leaked an interrupt level");
  }

  static Stream<Fixture<?>> userBackends() {
    return UserBackends.USER.stream();
  }

  static Stream<Fixture<?>> userBackendsWithATokenWitness() {
    return UserBackends.WITH_TOKEN_WITNESS.stream();
  }

  private static void assertHeldHere(Lock<?, ?> lock) {
    assertTrue(lock.isHeldByCurrentThread(), lock + " is held by this thread");
    assertDoesNotThrow(lock::assertIsHeld);
  }

  private static void assertNotHeldHere(Lock<?, ?> lock) {
    assertFalse(lock.isHeldByCurrentThread(), lock + " is not held by this thread");
    assertThrows(IllegalStateException.class, lock::assertIsHeld);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void aFreeLockIsNotHeld(Fixture<?> fixture) {
    Lock<int[], ?> lock = fixture.newLock("free-" + fixture);
    assertNotHeldHere(lock);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void aLockIsHeldThroughEveryFormOfItsOwnBackend(Fixture<?> fixture) throws Exception {
    Lock<int[], ?> lock = fixture.newLock("held-" + fixture);
    for (Form form : Form.values()) {
      try (Guard<int[], ?> g = fixture.take(form, lock)) {
        assertNotNull(g, form + " on a free lock");
        assertHeldHere(lock);
      }
      assertNotHeldHere(lock);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackendsWithATokenWitness")
  void aLockIsHeldThroughLockWithAToken(Fixture<?> fixture) {
    Lock<int[], ?> lock = fixture.newLock("held-with-token-" + fixture);
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
        Guard<int[], ?> g = fixture.lockWith(lock, irqOff)) {
      assertHeldHere(lock);
      g.get()[0]++;
    }
    assertNotHeldHere(lock);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void aLockHeldByAnotherThreadIsNotHeldHere(Fixture<?> fixture) throws Exception {
    Lock<int[], ?> lock = fixture.newLock("held-elsewhere-" + fixture);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch checked = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                held.countDown();
                assertTrue(checked.await(30, TimeUnit.SECONDS));
                assertHeldHere(lock);
              }
            },
            () -> {
              try {
                assertTrue(held.await(10, TimeUnit.SECONDS));
                assertNotHeldHere(lock);
                try (Guard<int[], ?> g = lock.tryLock()) {
                  assertNull(g, "the lock is busy");
                }
              } finally {
                checked.countDown();
              }
            });
    assertNull(failure);
    assertNotHeldHere(lock);
  }
}
