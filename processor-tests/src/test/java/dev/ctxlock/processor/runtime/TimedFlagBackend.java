package dev.ctxlock.processor.runtime;

import dev.ctxlock.sync.TimedBackend;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;
import java.util.concurrent.locks.LockSupport;

/** The flag of {@link FlagBackend} with bounded and interruptible waits: a timed contextual backend. */
@Waits(WaitType.SPIN) // polls, parking a fraction of a millisecond between tries
public enum TimedFlagBackend implements TimedBackend<FlagState> {
  INSTANCE;

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState state) {
    FlagBackend.INSTANCE.lock(state);
  }

  @Override
  public boolean tryLock(FlagState state) {
    return FlagBackend.INSTANCE.tryLock(state);
  }

  @Override
  public boolean tryLock(FlagState state, long timeoutNanos) throws InterruptedException {
    return await(state, System.nanoTime() + timeoutNanos);
  }

  @Override
  public void lockInterruptibly(FlagState state) throws InterruptedException {
    await(state, Long.MAX_VALUE);
  }

  /** Polls the flag until acquired, the deadline passes or the thread is interrupted. */
  private static boolean await(FlagState state, long deadline) throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (state.held.compareAndSet(false, true)) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (deadline != Long.MAX_VALUE && left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(Math.max(left, 1), 200_000));
    }
  }

  @Override
  public void unlock(FlagState state) {
    FlagBackend.INSTANCE.unlock(state);
  }

  @Override
  public void assertIsHeld(FlagState state) {
    FlagBackend.INSTANCE.assertIsHeld(state);
  }
}
