package dev.ctxlock.sync;

import java.util.concurrent.locks.LockSupport;

/**
 * A test-and-test-and-set spin lock that backs off, whose lock word names its owner thread: the
 * backend of {@link SpinLock}, and the contextual backend of {@link SpinLockIrqBackend}.
 *
 * <p>Uncontended, a lock is one acquire CAS (of the owner's word into the lock word) and an unlock
 * one release store, so detecting reentrance and foreign unlocks adds no store. A waiter spins on a
 * plain read for a short while, then yields, then parks for growing intervals, so the lock stays
 * usable with more threads than cores and never burns a core forever. {@link #lock} does not
 * give up on {@link Thread#interrupt} and leaves the thread's interrupt status as it found it;
 * {@link #tryLock(SpinLockState, long)} and {@link #lockInterruptibly} honour deadlines and
 * interruption while they back off.
 *
 * <pre>{@code
 * SpinLock<int[]> counter = new SpinLock<>("counter", new int[1]);
 * try (Guard<int[], SpinLockBackend> g = counter.lock()) {
 *   g.get()[0]++;
 * }
 * }</pre>
 */
@Waits(WaitType.SPIN)
public enum SpinLockBackend implements TimedBackend<SpinLockState>, HeldQuery<SpinLockState> {
  /** The backend. */
  INSTANCE;

  // Back-off tuning (measured in docs/performance.md with benchmarks' Contended and
  // FairnessProbe). Waiters that stay runnable are what hurts with more threads than cores: the
  // scheduler may preempt the holder in favour of a spinner or yielder, and then nobody makes
  // progress. So a waiter spins only briefly (a short critical section ends within it), yields
  // once, and then parks, waking for one attempt at growing intervals; a parked waiter costs the
  // holder nothing.
  //
  // The spin must also be short enough to lose: when two threads on two cores both keep taking
  // the lock, a spinner that always catches the next release keeps the lock's cache line moving
  // between the cores on every acquisition, and throughput falls well below a queued lock's. A
  // waiter that gives up and parks lets the holder run uncontended until it wakes. The price: a
  // waiter for a critical section longer than the spin sleeps at least MIN_PARK_NANOS.

  /** Spins on a plain read: a few hundred nanoseconds, enough for a very short critical section. */
  private static final int SPINS = 8;
  /** Yields before parking: one chance for a descheduled holder to run. */
  private static final int YIELDS = 1;
  /** First park; Linux's default timer slack (50 us) makes shorter parks pointless anyway. */
  private static final long MIN_PARK_NANOS = 20_000;
  /** Longest park: bounds the latency a waiter adds after the lock frees up. */
  private static final long MAX_PARK_NANOS = 1_000_000;

  @Override
  public SpinLockState newState() {
    return new SpinLockState();
  }

  @Override
  public void lock(SpinLockState state) {
    Thread me = Thread.currentThread();
    acquire(state, SpinLockState.plainWord(me), me);
  }

  @Override
  public boolean tryLock(SpinLockState state) {
    return state.tryAcquire(SpinLockState.plainWord(Thread.currentThread()));
  }

  @Override
  public void unlock(SpinLockState state) {
    // One compare covers both misuses: a lock held by another thread, and one this thread took
    // with SpinLockIrqBackend (its word then has the IRQ bit).
    if (state.word() != SpinLockState.plainWord(Thread.currentThread())) {
      throw unlockFailure(state);
    }
    state.release();
  }

  @Override
  public void assertIsHeld(SpinLockState state) {
    checkHeld(state, "assertIsHeld");
  }

  @Override
  public boolean isHeldByCurrentThread(SpinLockState state) {
    return state.isHeldBy(Thread.currentThread());
  }

  @Override
  public boolean tryLock(SpinLockState state, long timeoutNanos) throws InterruptedException {
    Thread me = Thread.currentThread();
    return tryAcquire(state, SpinLockState.plainWord(me), me, timeoutNanos);
  }

  @Override
  public void lockInterruptibly(SpinLockState state) throws InterruptedException {
    Thread me = Thread.currentThread();
    acquireInterruptibly(state, SpinLockState.plainWord(me), me);
  }

  /** Acquires for the calling thread {@code me}, writing {@code holder} into the lock word. */
  static void acquire(SpinLockState state, long holder, Thread me) {
    if (!state.tryAcquire(holder)) {
      checkNotHeld(state, me);
      awaitFree(state, holder, me, false, false, 0L); // neither times out nor gives up
    }
  }

  /**
   * {@link #acquire} that gives up when {@code me} is interrupted (before or while waiting: the
   * status is cleared and nothing changed).
   */
  static void acquireInterruptibly(SpinLockState state, long holder, Thread me)
      throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (!state.tryAcquire(holder)) {
      checkNotHeld(state, me);
      if (awaitFree(state, holder, me, true, false, 0L) == INTERRUPTED) {
        throw new InterruptedException();
      }
    }
  }

  /**
   * {@link #acquireInterruptibly} that also gives up, returning {@code false}, when {@code
   * timeoutNanos} elapse first, or at once when {@code me} holds the lock already.
   */
  static boolean tryAcquire(SpinLockState state, long holder, Thread me, long timeoutNanos)
      throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (state.tryAcquire(holder)) {
      return true;
    }
    if (timeoutNanos <= 0 || isHeldBy(state, me)) {
      return false;
    }
    int outcome = awaitFree(state, holder, me, true, true, System.nanoTime() + timeoutNanos);
    if (outcome == INTERRUPTED) {
      throw new InterruptedException();
    }
    return outcome == ACQUIRED;
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

  /**
   * Whether the calling thread {@code me} holds the lock with either backend, as far as its id
   * can tell: a slow-path check, so it may ask whether the id identifies the thread.
   */
  private static boolean isHeldBy(SpinLockState state, Thread me) {
    return state.isHeldBy(me) && SpinLockState.idIdentifies(me);
  }

  private static void checkNotHeld(SpinLockState state, Thread me) {
    if (isHeldBy(state, me)) {
      throw new IllegalStateException(
          "thread " + me.getName() + " already holds this spin lock (locks are not reentrant)");
    }
  }

  @SuppressWarnings("ThreadPriorityCheck") // see awaitFree: a hint only
  private static boolean yieldOnce() {
    Thread.yield();
    return true;
  }

  private static final int ACQUIRED = 0;
  private static final int TIMED_OUT = 1;
  private static final int INTERRUPTED = 2;

  /**
   * The slow path: spin, yield, then park with doubling intervals until the CAS succeeds.
   * Returns {@link #ACQUIRED}, {@link #TIMED_OUT} (only when {@code timed} and {@code deadline}, a
   * {@link System#nanoTime()} value, passed) or {@link #INTERRUPTED} (only when {@code
   * interruptible}; the status is then cleared). A waiter that is not interruptible keeps the
   * interrupt status as it found it.
   */
  private static int awaitFree(
      SpinLockState state,
      long holder,
      Thread me,
      boolean interruptible,
      boolean timed,
      long deadline) {
    for (int i = 0; i < SPINS; i++) {
      if (state.looksFree() && state.tryAcquire(holder)) {
        return ACQUIRED;
      }
      Thread.onSpinWait();
    }
    for (int i = 0; i < YIELDS; i++) {
      // A hint, not a correctness dependency: it gives a descheduled holder a chance to run
      // before this waiter parks.
      @SuppressWarnings("ThreadPriorityCheck")
      boolean unused = yieldOnce();
      if (state.looksFree() && state.tryAcquire(holder)) {
        return ACQUIRED;
      }
    }
    // parkNanos returns at once while the interrupt status is set, which would turn the back-off
    // into a busy loop: an uninterruptible waiter clears the status while waiting and restores it
    // after, as AQS does; an interruptible one gives up.
    boolean interrupted = false;
    try {
      long nanos = MIN_PARK_NANOS;
      while (true) {
        if (Thread.interrupted()) {
          if (interruptible) {
            return INTERRUPTED;
          }
          interrupted = true;
        }
        long park = nanos;
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return TIMED_OUT;
          }
          park = Math.min(park, left);
        }
        LockSupport.parkNanos(state, park);
        if (state.looksFree() && state.tryAcquire(holder)) {
          return ACQUIRED;
        }
        nanos = Math.min(nanos << 1, MAX_PARK_NANOS);
      }
    } finally {
      if (interrupted) {
        me.interrupt();
      }
    }
  }
}
