package dev.ctxlock.processor.runtime;

import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/** The cheap backend: a test-and-set flag. */
@Waits(WaitType.SPIN)
public enum FlagBackend implements Backend<FlagState> {
  INSTANCE;

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState state) {
    if (!tryLock(state)) {
      throw new IllegalStateException("busy (tests never wait)");
    }
  }

  @Override
  public boolean tryLock(FlagState state) {
    return state.held.compareAndSet(false, true);
  }

  @Override
  public void unlock(FlagState state) {
    state.held.set(false);
  }

  @Override
  public void assertIsHeld(FlagState state) {
    if (!state.held.get()) {
      throw new IllegalStateException("not held");
    }
  }
}
