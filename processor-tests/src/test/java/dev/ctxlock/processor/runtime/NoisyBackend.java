package dev.ctxlock.processor.runtime;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/**
 * The expensive backend: counts every acquisition and release it does (standing for entering and
 * leaving a context), then uses the flag like {@link FlagBackend}, so that both exclude each other.
 * Not timed itself, but {@link Ticket}'s contextual backend is: {@code Noisy<T>} has {@code
 * tryLockWith(Ticket<?>, Duration)} and no {@code tryLock(Duration)}.
 */
@SuppressWarnings("ctxlock") // Permission is deliberately not a ContextToken
@Waits(WaitType.SPIN)
@WithContext(context = Quiet.class, contextual = FlagBackend.class)
@WithContext(context = Permission.class, contextual = FlagBackend.class)
@WithContext(context = Ticket.class, contextual = TimedFlagBackend.class)
public enum NoisyBackend implements Backend<FlagState> {
  INSTANCE;

  /** How often the expensive path ran, on the calling thread (tests reset it). */
  static final ThreadLocal<int[]> ACQUISITIONS_AND_RELEASES =
      ThreadLocal.withInitial(() -> new int[2]);

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState state) {
    ACQUISITIONS_AND_RELEASES.get()[0]++;
    FlagBackend.INSTANCE.lock(state);
  }

  @Override
  public boolean tryLock(FlagState state) {
    if (!FlagBackend.INSTANCE.tryLock(state)) {
      return false;
    }
    ACQUISITIONS_AND_RELEASES.get()[0]++;
    return true;
  }

  @Override
  public void unlock(FlagState state) {
    ACQUISITIONS_AND_RELEASES.get()[1]++;
    FlagBackend.INSTANCE.unlock(state);
  }

  @Override
  public void assertIsHeld(FlagState state) {
    FlagBackend.INSTANCE.assertIsHeld(state);
  }
}
