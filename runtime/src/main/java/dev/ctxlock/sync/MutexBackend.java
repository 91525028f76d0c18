package dev.ctxlock.sync;

/**
 * A sleeping lock: waiters queue and park until the holder hands over (an {@link
 * java.util.concurrent.locks.AbstractQueuedSynchronizer}, as {@code ReentrantLock} uses, without
 * reentrance). The backend of {@link Mutex}; the kernel's {@code Mutex}. For critical sections
 * that may be long or block.
 *
 * <p>Waiting is not interruptible, and keeps the thread's interrupt status as it found it.
 */
public enum MutexBackend implements Backend<MutexState> {
  /** The backend. */
  INSTANCE;

  @Override
  public MutexState newState() {
    return new MutexState();
  }

  @Override
  public void lock(MutexState state) {
    MutexState.Sync sync = state.sync;
    if (sync.tryAcquire(1)) {
      return;
    }
    // The owner is a plain field set by the holder; a thread reads its own identity there only
    // if it wrote it itself and has not released (see SpinLockState#owner).
    if (sync.owner() == Thread.currentThread()) {
      throw new IllegalStateException(
          "thread " + Thread.currentThread().getName()
              + " already holds this mutex (locks are not reentrant)");
    }
    sync.acquire(1);
  }

  @Override
  public boolean tryLock(MutexState state) {
    return state.sync.tryAcquire(1);
  }

  @Override
  public void unlock(MutexState state) {
    if (!state.sync.isHeldExclusively()) {
      throw new IllegalStateException("unlock: the mutex is not held by this thread");
    }
    state.sync.release(1);
  }

  @Override
  public void assertIsHeld(MutexState state) {
    if (!state.sync.isHeldExclusively()) {
      throw new IllegalStateException("assertIsHeld: the mutex is not held by this thread");
    }
  }
}
