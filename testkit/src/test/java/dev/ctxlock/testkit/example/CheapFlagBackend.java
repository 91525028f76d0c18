package dev.ctxlock.testkit.example;

import dev.ctxlock.sync.TimedBackend;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;
import java.util.concurrent.locks.LockSupport;

/**
 * Bit 1 of {@link FlagState}, with reentrance detection, and bounded, interruptible waits: a
 * timed contextual backend.
 */
@Waits(WaitType.SPIN) // spins and yields; timed waits park 0.1 ms at most at a time
public enum CheapFlagBackend implements TimedBackend<FlagState> {
  INSTANCE;

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState s) {
    if (s.owner == Thread.currentThread()) {
      throw new IllegalStateException("already held by this thread");
    }
    for (int spins = 1; !s.bits.compareAndSet(0, 1); spins++) {
      if (spins % 64 == 0) {
        Thread.yield();
      } else {
        Thread.onSpinWait();
      }
    }
    s.owner = Thread.currentThread();
  }

  @Override
  public boolean tryLock(FlagState s) {
    if (!s.bits.compareAndSet(0, 1)) {
      return false;
    }
    s.owner = Thread.currentThread();
    return true;
  }

  @Override
  public boolean tryLock(FlagState s, long timeoutNanos) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (tryLock(s)) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || s.owner == Thread.currentThread()) {
        return false;
      }
      LockSupport.parkNanos(Math.min(left, 100_000));
    }
  }

  @Override
  public void lockInterruptibly(FlagState s) throws InterruptedException {
    if (s.owner == Thread.currentThread()) {
      throw new IllegalStateException("already held by this thread");
    }
    while (!tryLock(s, Long.MAX_VALUE)) {
      // an overflowed deadline: keep waiting
    }
  }

  @Override
  public void unlock(FlagState s) {
    assertIsHeld(s);
    s.owner = null;
    s.bits.set(0);
  }

  @Override
  public void assertIsHeld(FlagState s) {
    if (s.owner != Thread.currentThread()) {
      throw new IllegalStateException("not held by this thread");
    }
  }
}
