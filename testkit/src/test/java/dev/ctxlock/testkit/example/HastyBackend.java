package dev.ctxlock.testkit.example;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.sync.TimedBackend;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/**
 * A WRONG timed backend, on purpose: the locking protocol is {@link CheapFlagBackend}'s (so the
 * untimed checks pass), but its timed forms neither wait for their timeout nor honour
 * interruption. The contract's timed checks must catch it.
 */
@Waits(WaitType.SPIN) // spins with CheapFlagBackend
@WithContext(context = Permit.class, contextual = CheapFlagBackend.class)
public enum HastyBackend implements TimedBackend<FlagState> {
  INSTANCE;

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState s) {
    CheapFlagBackend.INSTANCE.lock(s);
  }

  @Override
  public boolean tryLock(FlagState s) {
    return CheapFlagBackend.INSTANCE.tryLock(s);
  }

  /** Wrong: one attempt, whatever the timeout, and the interrupt status ignored. */
  @Override
  public boolean tryLock(FlagState s, long timeoutNanos) {
    return tryLock(s);
  }

  /** Wrong: ignores interruption. */
  @Override
  public void lockInterruptibly(FlagState s) {
    lock(s);
  }

  @Override
  public void unlock(FlagState s) {
    CheapFlagBackend.INSTANCE.unlock(s);
  }

  @Override
  public void assertIsHeld(FlagState s) {
    CheapFlagBackend.INSTANCE.assertIsHeld(s);
  }
}
