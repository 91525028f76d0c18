package dev.ctxlock.sync;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The state of one {@link Mutex}: an exclusive, non-reentrant {@link AbstractQueuedSynchronizer}
 * kept private, so that only {@link MutexBackend} changes it.
 */
public final class MutexState {

  final Sync sync = new Sync();

  MutexState() {}

  @Override
  public String toString() {
    Thread o = sync.owner();
    return o == null ? "MutexState[free]" : "MutexState[held by " + o.getName() + "]";
  }

  /** AQS state 0 is free, 1 is held; the owner is AQS's exclusive owner thread. */
  static final class Sync extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean tryAcquire(int ignored) {
      // AQS's state CAS is volatile, so at least acquire.
      if (compareAndSetState(0, 1)) {
        setExclusiveOwnerThread(Thread.currentThread());
        return true;
      }
      return false;
    }

    @Override
    protected boolean tryRelease(int ignored) {
      setExclusiveOwnerThread(null);
      setState(0); // volatile write: releases what the holder wrote
      return true;
    }

    @Override
    protected boolean isHeldExclusively() {
      return getExclusiveOwnerThread() == Thread.currentThread();
    }

    boolean heldByCurrentThread() {
      return isHeldExclusively();
    }

    Thread owner() {
      return getExclusiveOwnerThread();
    }
  }
}
