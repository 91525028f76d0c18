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

  // Back-off tuning, measured with benchmarks' Contended and FairnessProbe (8 threads, 2 cores).
  // Waiters that stay runnable are what hurts with more threads than cores: the scheduler may
  // preempt the holder in favour of a spinner or yielder, and then nobody makes progress. So a
  // waiter spins only briefly (a short critical section ends within it), yields once, and then
  // parks, waking for one attempt at growing intervals; a parked waiter costs the holder nothing.
  //
  // The spin must also be short enough to lose: when two threads on two cores both keep taking
  // the lock, a spinner that always catches the next release keeps the lock's cache line moving
  // between the cores on every acquisition. A waiter that gives up and parks lets the holder run
  // uncontended until it wakes. With 64 spins the lock ran at 88 (2 threads) and 85 (8 threads)
  // ops/us; with 8, at 177 and 151 (ReentrantLock: 59 and 132), the slowest of 8 threads still at
  // 0.73 of the mean in its worst second. The price: a waiter for a critical section longer than
  // the spin sleeps at least MIN_PARK_NANOS.

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
    // Held by this thread? Compare identities first: the irq backend's holder is this thread's
    // own LocalCpu, so it never needs to read another thread's CPU (a line its owner writes on
    // every irq acquisition) just to find out it is not its own.
    Object h = state.holder();
    if (h == me || h == holder || (holder == me && state.isHeldBy(me))) {
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
