package dev.ctxlock.processor.runtime;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.sync.Backend;

/**
 * The expensive backend: counts every acquisition and release it does (standing for entering and
 * leaving a context), then uses the flag like {@link FlagBackend}, so that both exclude each other.
 */
@SuppressWarnings("ctxlock") // Permission is deliberately not a ContextToken
@WithContext(context = Quiet.class, contextual = FlagBackend.class)
@WithContext(context = Permission.class, contextual = FlagBackend.class)
@WithContext(context = Ticket.class, contextual = FlagBackend.class)
public enum NoisyBackend implements Backend<FlagState> {
  INSTANCE;

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState state) {
    state.noisyAcquisitions++;
    FlagBackend.INSTANCE.lock(state);
  }

  @Override
  public boolean tryLock(FlagState state) {
    if (!FlagBackend.INSTANCE.tryLock(state)) {
      return false;
    }
    state.noisyAcquisitions++;
    return true;
  }

  @Override
  public void unlock(FlagState state) {
    state.noisyReleases++;
    FlagBackend.INSTANCE.unlock(state);
  }

  @Override
  public void assertIsHeld(FlagState state) {
    FlagBackend.INSTANCE.assertIsHeld(state);
  }
}
