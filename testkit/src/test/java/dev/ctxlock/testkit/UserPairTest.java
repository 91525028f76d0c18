package dev.ctxlock.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.testkit.example.Flag;
import dev.ctxlock.testkit.example.FlagBackend;
import dev.ctxlock.testkit.example.FlagBackendContexts;
import dev.ctxlock.testkit.example.Hasty;
import dev.ctxlock.testkit.example.HastyBackend;
import dev.ctxlock.testkit.example.Permit;
import dev.ctxlock.testkit.example.Split;
import dev.ctxlock.testkit.example.SplitBackend;
import dev.ctxlock.testkit.example.SplitBackendContexts;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A user's backend pair (an untimed annotated backend, a timed contextual one), with a generated
 * inherent class and witness, passes the contract; a pair that shares the state type but not the
 * protocol fails it, and so does a timed backend whose timed forms neither wait nor honour
 * interruption (so the kit can fail).
 */
class UserPairTest extends BackendPairContract<Flag<long[]>, FlagBackend, Permit> {

  @Override
  protected Flag<long[]> newLock(long[] data) {
    return new Flag<>(data);
  }

  @Override
  protected Guard<long[], ?> lockWith(Flag<long[]> lock, Permit context) {
    return lock.lockWith(context);
  }

  @Override
  protected @Nullable Guard<long[], ?> tryLockWith(Flag<long[]> lock, Permit context) {
    return lock.tryLockWith(context);
  }

  @Override
  protected Permit enterContext() {
    return Permit.enter();
  }

  @Override
  protected BackendWithContext<FlagBackend, Permit, ?> witness() {
    return FlagBackendContexts.PERMIT;
  }

  @Override
  protected Object contextObservation() {
    return Permit.depth();
  }

  /** The broken pair, run through the same kit. */
  static final class BrokenPair extends BackendPairContract<Split<long[]>, SplitBackend, Permit> {
    @Override
    protected Split<long[]> newLock(long[] data) {
      return new Split<>(data);
    }

    @Override
    protected Guard<long[], ?> lockWith(Split<long[]> lock, Permit context) {
      return lock.lockWith(context);
    }

    @Override
    protected @Nullable Guard<long[], ?> tryLockWith(Split<long[]> lock, Permit context) {
      return lock.tryLockWith(context);
    }

    @Override
    protected Permit enterContext() {
      return Permit.enter();
    }

    @Override
    protected BackendWithContext<SplitBackend, Permit, ?> witness() {
      return SplitBackendContexts.PERMIT;
    }
  }

  /** The hasty timed backend, run through the same kit. */
  static final class HastyPair extends BackendPairContract<Hasty<long[]>, HastyBackend, Permit> {
    @Override
    protected Hasty<long[]> newLock(long[] data) {
      return new Hasty<>(data);
    }

    @Override
    protected Guard<long[], ?> lockWith(Hasty<long[]> lock, Permit context) {
      return lock.lockWith(context);
    }

    @Override
    protected @Nullable Guard<long[], ?> tryLockWith(Hasty<long[]> lock, Permit context) {
      return lock.tryLockWith(context);
    }

    @Override
    protected Permit enterContext() {
      return Permit.enter();
    }
  }

  @Test
  void theKitFindsTheTimedFormsOfTheGeneratedClassesByThemselves() {
    assertFalse(annotatedBackendIsTimed(), "FlagBackend is not timed");
    assertTrue(contextualBackendIsTimed(), "CheapFlagBackend is timed");
    assertTrue(new HastyPair().annotatedBackendIsTimed());
    assertTrue(new HastyPair().contextualBackendIsTimed());
  }

  @Test
  void theKitCatchesATimedTryThatGivesUpBeforeItsTimeout() {
    String message =
        assertThrows(
                AssertionError.class,
                () -> new HastyPair().timedAcquisitionsOfAHeldLockTimeOutWithNothingChanged())
            .getMessage();
    assertTrue(message.contains("TIMED_TRY_LOCK gave up after"), message);
  }

  /**
   * Interruption on entry is the runtime's to honour (every timed form checks it before asking the
   * backend), so a backend that ignores interruption shows only once it waits.
   */
  @Test
  void theKitCatchesATimedFormThatIgnoresInterruption() throws Exception {
    new HastyPair().interruptedBeforeWaitingThrowsWithNothingChanged(); // the runtime's check
    String message =
        assertThrows(
                AssertionError.class,
                () -> new HastyPair().interruptedWhileWaitingThrowsWithNothingChanged())
            .getMessage();
    assertTrue(message.contains("interrupted while waiting gave"), message);
    assertFalse(Thread.currentThread().isInterrupted(), "the kit leaked the interrupt status");
  }

  @Test
  void theKitCatchesAPairThatDoesNotExcludeUnderContention() throws Exception {
    // The broken pair shows only when two threads actually overlap in it, which a loaded machine
    // can delay past one run: the kit must catch it within a few runs.
    String message = null;
    for (int run = 0; run < 5 && message == null; run++) {
      try {
        new BrokenPair().mixedAcquisitionsKeepExactTotals();
      } catch (AssertionError e) {
        message = e.getMessage();
      }
    }
    assertNotNull(message, "five runs of the kit did not catch a pair that does not exclude");
    assertTrue(
        message.contains("two threads were inside the lock at once")
            || message.contains("half-done update")
            || message.contains("lost updates"),
        message);
  }

  @Test
  void theKitCatchesATryLockThatSucceedsWhileHeld() {
    String message =
        assertThrows(AssertionError.class, () -> new BrokenPair().tryLockNeverSucceedsWhileHeld())
            .getMessage();
    assertTrue(message.contains("succeeded while another thread held the lock by"), message);
  }
}
