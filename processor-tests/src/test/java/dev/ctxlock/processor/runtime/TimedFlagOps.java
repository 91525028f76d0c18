package dev.ctxlock.processor.runtime;

import dev.ctxlock.sync.TimedBackend;

/** {@link TimedFlagBackend}'s protocol as a superclass: makes a subclass timed indirectly. */
public abstract class TimedFlagOps implements TimedBackend<FlagState> {

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState state) {
    TimedFlagBackend.INSTANCE.lock(state);
  }

  @Override
  public boolean tryLock(FlagState state) {
    return TimedFlagBackend.INSTANCE.tryLock(state);
  }

  @Override
  public boolean tryLock(FlagState state, long timeoutNanos) throws InterruptedException {
    return TimedFlagBackend.INSTANCE.tryLock(state, timeoutNanos);
  }

  @Override
  public void lockInterruptibly(FlagState state) throws InterruptedException {
    TimedFlagBackend.INSTANCE.lockInterruptibly(state);
  }

  @Override
  public void unlock(FlagState state) {
    TimedFlagBackend.INSTANCE.unlock(state);
  }

  @Override
  public void assertIsHeld(FlagState state) {
    TimedFlagBackend.INSTANCE.assertIsHeld(state);
  }
}
