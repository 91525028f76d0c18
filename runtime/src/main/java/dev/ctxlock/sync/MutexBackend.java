package dev.ctxlock.sync;

/**
 * A sleeping lock: waiters queue and park until the holder hands over (an {@link
 * java.util.concurrent.locks.AbstractQueuedSynchronizer}, as {@code ReentrantLock} uses, without
 * reentrance). The backend of {@link Mutex}; the kernel's {@code Mutex}. For critical sections
 * that may be long or block.
 *
 * <p>Waiting is barging, as {@code ReentrantLock}'s default: a release wakes the first waiter, and a
 * thread that asks meanwhile may take the lock first. A waiter that has been first in line for 1
 * ms is handed the lock at the next release instead, and no thread barges past it (the kernel's
 * {@code MUTEX_FLAG_HANDOFF}), so no waiter starves however hard others take and release the lock.
 *
 * <p>{@link #lock} is not interruptible and keeps the thread's interrupt status as it found it;
 * {@link #tryLock(MutexState, long)} and {@link #lockInterruptibly} wait in the queue with a
 * deadline or until interrupted, as {@code ReentrantLock}'s do.
 */
@Waits(WaitType.SLEEP)
public enum MutexBackend implements TimedBackend<MutexState>, HeldQuery<MutexState> {
  /** The backend. */
  INSTANCE;

  @Override
  public MutexState newState() {
    return new MutexState();
  }

  @Override
  public void lock(MutexState state) {
    // No attempt of its own before AQS's acquire, which makes one before it queues: the lock's
    // acquisition core has just made one (the fast path's tryLock), and under contention every
    // failed compare-and-set takes the state's cache line away from the holder, which then
    // misses on its release. As ReentrantLock: two attempts, then the queue.
    MutexState.Sync sync = state.sync;
    checkNotHeld(sync);
    try {
      sync.acquire(1);
    } finally {
      sync.leftQueue(); // ends a hand-off timing (see MutexState.Sync)
    }
  }

  @Override
  public boolean tryLock(MutexState state) {
    return state.sync.tryAcquire(1);
  }

  @Override
  public boolean tryLock(MutexState state, long timeoutNanos) throws InterruptedException {
    MutexState.Sync sync = state.sync;
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (sync.tryAcquire(1)) {
      return true;
    }
    if (timeoutNanos <= 0 || sync.owner() == Thread.currentThread()) {
      return false; // not reentrant: waiting for itself would only time out
    }
    try {
      return sync.tryAcquireNanos(1, timeoutNanos);
    } finally {
      sync.leftQueue(); // a hand-off asked for and not taken is withdrawn (see MutexState.Sync)
    }
  }

  @Override
  public void lockInterruptibly(MutexState state) throws InterruptedException {
    MutexState.Sync sync = state.sync;
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    checkNotHeld(sync); // then AQS's own attempt, as in lock
    try {
      sync.acquireInterruptibly(1);
    } finally {
      sync.leftQueue();
    }
  }

  private static void checkNotHeld(MutexState.Sync sync) {
    // The owner is a plain field set by the holder; a thread reads its own identity there only
    // if it wrote it itself and has not released (see MutexState.Sync#holder).
    if (sync.owner() == Thread.currentThread()) {
      throw new IllegalStateException(
          "thread " + Thread.currentThread().getName()
              + " already holds this mutex (locks are not reentrant)");
    }
  }

  @Override
  public void unlock(MutexState state) {
    if (!state.sync.isHeldExclusively()) {
      throw new IllegalStateException("unlock: the mutex is not held by this thread");
    }
    state.sync.release(1);
  }

  @Override
  public boolean isHeldByCurrentThread(MutexState state) {
    return state.sync.isHeldExclusively();
  }

  @Override
  public void assertIsHeld(MutexState state) {
    if (!state.sync.isHeldExclusively()) {
      throw new IllegalStateException("assertIsHeld: the mutex is not held by this thread");
    }
  }
}
