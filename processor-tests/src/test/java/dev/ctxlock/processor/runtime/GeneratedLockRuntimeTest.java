package dev.ctxlock.processor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.sync.Guard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The code the processor generated for {@link NoisyBackend} while compiling these tests ({@code
 * Noisy<T>} and {@code NoisyBackendContexts}), run against the real runtime.
 */
class GeneratedLockRuntimeTest {

  private final Noisy<List<String>> lock = new Noisy<>("noisy", new ArrayList<>());

  @BeforeEach
  void resetCounts() {
    NoisyBackend.ACQUISITIONS_AND_RELEASES.remove();
  }

  private static int noisyAcquisitions() {
    return NoisyBackend.ACQUISITIONS_AND_RELEASES.get()[0];
  }

  private static int noisyReleases() {
    return NoisyBackend.ACQUISITIONS_AND_RELEASES.get()[1];
  }

  @Test
  void lockWithTakesTheLockWithTheContextualBackendOverTheSameState() {
    try (Quiet quiet = Quiet.enter();
        Guard<List<String>, FlagBackend> guard = lock.lockWith(quiet)) {
      guard.get().add("x");
      assertNull(lock.tryLock(), "lock() and lockWith() must exclude each other");
    }
    assertEquals(0, noisyAcquisitions(), "the expensive path must not run");
    assertEquals(0, noisyReleases(), "the guard must release with the contextual backend");
    try (Guard<List<String>, NoisyBackend> guard = lock.lock()) {
      assertEquals(List.of("x"), guard.get());
    }
    assertEquals(1, noisyAcquisitions());
    assertEquals(1, noisyReleases());
  }

  @Test
  void tryLockWithReturnsNullWhenBusy() {
    try (Guard<List<String>, NoisyBackend> held = lock.lock();
        Quiet quiet = Quiet.enter()) {
      assertNotNull(held);
      try (Guard<List<String>, FlagBackend> guard = lock.tryLockWith(quiet)) {
        assertNull(guard);
      }
    }
    try (Quiet quiet = Quiet.enter();
        Guard<List<String>, FlagBackend> guard = lock.tryLockWith(quiet)) {
      assertNotNull(guard);
    }
  }

  @Test
  void refusesAClosedTokenWithNothingTaken() {
    Quiet quiet = Quiet.enter();
    quiet.close();
    assertThrows(IllegalStateException.class, () -> lock.lockWith(quiet).close());
    assertThrows(IllegalStateException.class, () -> closeIfAny(lock.tryLockWith(quiet)));
    try (Guard<List<String>, NoisyBackend> guard = lock.tryLock()) {
      assertNotNull(guard, "nothing may stay taken after a refused token");
    }
  }

  @Test
  void refusesATokenOfAnotherThread() throws Exception {
    AtomicReference<Quiet> other = new AtomicReference<>();
    Thread thread = new Thread(() -> other.set(Quiet.enter()));
    thread.start();
    thread.join(10_000);
    assertFalse(thread.isAlive(), "the token's thread did not finish");
    assertThrows(IllegalStateException.class, () -> lock.lockWith(other.get()).close());
  }

  @Test
  void aTokenCannotBeClosedWhileItsGuardIsOpen() {
    try (Quiet quiet = Quiet.enter()) {
      Guard<List<String>, FlagBackend> guard = lock.lockWith(quiet);
      assertThrows(IllegalStateException.class, quiet::close);
      guard.close();
    }
  }

  @Test
  void aNullContextThrowsNullPointerExceptionWithNothingTaken() {
    assertThrows(NullPointerException.class, () -> lock.lockWith((Quiet) null).close());
    assertThrows(NullPointerException.class, () -> lock.lockWith((Permission) null).close());
    try (Guard<List<String>, NoisyBackend> guard = lock.tryLock()) {
      assertNotNull(guard);
    }
  }

  @Test
  void aContextThatIsNotATokenIsAcceptedByLockWithAndTryLockWith() {
    try (Guard<List<String>, FlagBackend> guard = lock.lockWith(Permission.grant())) {
      guard.get().add("p");
    }
    try (Guard<List<String>, FlagBackend> guard = lock.tryLockWith(Permission.grant())) {
      assertNotNull(guard);
    }
  }

  @Test
  void aGenericContextIsTakenWithAWildcard() {
    Ticket<String> ticket = Ticket.issue();
    try (Guard<List<String>, TimedFlagBackend> guard = lock.lockWith(ticket)) {
      guard.get().add("t");
    }
    ticket.close();
    assertThrows(IllegalStateException.class, () -> lock.lockWith(ticket).close());
  }

  @Test
  void theWitnessTakesTheLockThroughTheGenericForm() {
    assertSame(NoisyBackend.INSTANCE, NoisyBackendContexts.QUIET.backend());
    assertSame(FlagBackend.INSTANCE, NoisyBackendContexts.QUIET.contextual());
    assertSame(Quiet.class, NoisyBackendContexts.QUIET.contextType());
    assertSame(Ticket.class, NoisyBackendContexts.TICKET.contextType());
    assertTrue(NoisyBackendContexts.QUIET.toString().contains("NoisyBackendContexts.QUIET"));
    try (Quiet quiet = Quiet.enter();
        Guard<List<String>, FlagBackend> guard = lock.lockWith(NoisyBackendContexts.QUIET, quiet)) {
      guard.get().add("w");
    }
    assertEquals(0, noisyAcquisitions());
  }

  @Test
  void constructorsTakeANameThatDefaultsToTheClassName() {
    assertEquals("noisy", lock.name());
    assertEquals("Noisy", new Noisy<>(1).name());
    assertSame(NoisyBackend.INSTANCE, lock.backend());
  }

  private static void closeIfAny(Guard<?, ?> guard) {
    if (guard != null) {
      guard.close();
    }
  }
}
