package dev.ctxlock.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * A test-and-test-and-set spin lock that backs off, whose lock word is its owner thread: the
 * backend of {@link SpinLock}, and the contextual backend of {@link SpinLockIrqBackend}.
 *
 * <p>Uncontended, a lock is one acquire CAS (of the owner into the lock word) and an unlock one
 * release store, so detecting reentrance and foreign unlocks adds no store. A waiter spins on a
 * plain read for a short while, then yields, then parks for growing intervals, so the lock stays
 * usable with more threads than cores and never burns a core forever. Waiting is not
 * interruptible, and the thread's {@link Thread#interrupt} status is as the wait found it.
 *
 * <pre>{@code
 * SpinLock<int[]> counter = new SpinLock<>("counter", new int[1]);
 * try (Guard<int[], SpinLockBackend> g = counter.lock()) {
 *   g.get()[0]++;
 * }
 * }</pre>
 */
public enum SpinLockBackend implements Backend<SpinLockState> {
  /** The backend. */
  INSTANCE;

  /** Spins on a plain read before yielding: about a microsecond, a short critical section. */
  private static final int SPINS = 128;
  /** Yields before parking: lets the holder run when threads outnumber cores. */
  private static final int YIELDS = 8;
  private static final long MIN_PARK_NANOS = 1_000;
  private static final long MAX_PARK_NANOS = 500_000;

  @Override
  public SpinLockState newState() {
    return new SpinLockState();
  }

  @Override
  public void lock(SpinLockState state) {
    Thread me = Thread.currentThread();
    acquire(state, me, me);
  }

  @Override
  public boolean tryLock(SpinLockState state) {
    return state.tryAcquire(Thread.currentThread());
  }

  @Override
  public void unlock(SpinLockState state) {
    // One compare covers both misuses: a lock held by another thread, and one this thread took
    // with SpinLockIrqBackend (its word is then the thread's LocalCpu, not the thread).
    if (state.holder() != Thread.currentThread()) {
      throw unlockFailure(state);
    }
    state.release();
  }

  @Override
  public void assertIsHeld(SpinLockState state) {
    checkHeld(state, "assertIsHeld");
  }

  /** Acquires for the calling thread {@code me}, writing {@code holder} into the lock word. */
  static void acquire(SpinLockState state, Object holder, Thread me) {
    if (!state.tryAcquire(holder)) {
      contended(state, holder, me);
    }
  }

  static void checkHeld(SpinLockState state, String what) {
    if (!state.isHeldBy(Thread.currentThread())) {
      throw new IllegalStateException(what + ": the spin lock is not held by this thread");
    }
  }

  private static IllegalStateException unlockFailure(SpinLockState state) {
    if (state.isHeldBy(Thread.currentThread())) {
      return new IllegalStateException(
          "unlock: this spin lock was taken by SpinLockIrqBackend; release it with that backend");
    }
    return new IllegalStateException("unlock: the spin lock is not held by this thread");
  }

  /** The slow path: reentrance check, then spin, yield, park with doubling intervals. */
  private static void contended(SpinLockState state, Object holder, Thread me) {
    if (state.isHeldBy(me)) {
      throw new IllegalStateException(
          "thread " + me.getName() + " already holds this spin lock (locks are not reentrant)");
    }
    for (int i = 0; i < SPINS; i++) {
      if (state.looksFree() && state.tryAcquire(holder)) {
        return;
      }
      Thread.onSpinWait();
    }
    for (int i = 0; i < YIELDS; i++) {
      Thread.yield();
      if (state.looksFree() && state.tryAcquire(holder)) {
        return;
      }
    }
    // parkNanos returns at once while the interrupt status is set, which would turn the back-off
    // into a busy loop: clear the status while waiting and restore it after, as AQS does.
    boolean interrupted = false;
    try {
      long nanos = MIN_PARK_NANOS;
      while (true) {
        interrupted |= Thread.interrupted();
        LockSupport.parkNanos(state, nanos);
        if (state.looksFree() && state.tryAcquire(holder)) {
          return;
        }
        nanos = Math.min(nanos << 1, MAX_PARK_NANOS);
      }
    } finally {
      if (interrupted | Thread.interrupted()) {
        me.interrupt();
      }
    }
  }
}
