package dev.ctxlock.sync;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

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
    Thread next = sync.handedTo();
    return (o == null ? "MutexState[free" : "MutexState[held by " + o.getName())
        + (next == null ? "]" : ", handed to " + next.getName() + " next]");
  }

  /**
   * The AQS state: {@link #FREE}, {@link #LOCKED}, or {@link #HANDOFF}: released, and reserved
   * for the waiter named in {@link #handoffTo} (the kernel's {@code MUTEX_FLAG_HANDOFF}).
   *
   * <h2>The starvation bound</h2>
   *
   * <p>AQS's exclusive mode barges: a release wakes the first waiter, and any thread that asks
   * meanwhile, the releaser above all, takes the lock first. That is where the throughput comes
   * from (a waiter takes tens of microseconds to wake; a barger needs the lock now), and where a
   * waiter can lose every race for as long as others keep taking the lock. So the first waiter
   * times its turn at the head of the queue, from the first attempt it makes there. Past {@link
   * #HANDOFF_NANOS} it names itself in {@link #handoffTo}, and a release that finds a name there
   * leaves the state at {@link #HANDOFF} instead of free: no barger's compare-and-set from {@link
   * #FREE} succeeds, and the waiter, which AQS's release wakes, takes it from {@link #HANDOFF}.
   * The lock idles for at most one waiter's wake-up per {@link #HANDOFF_NANOS}; the uncontended
   * path gains one read of a field beside the state, in the release.
   *
   * <p>The request is a plain volatile write, not a compare-and-set on the state, so that the
   * release stays one volatile read and one volatile write: as short, interpreted or compiled, as
   * it was (the overflow guarantee depends on the depth of the release, docs/guarantees.md). A
   * release that reads the name just before it is written leaves the lock free; the request holds
   * for the next release. A waiter that asked and leaves the queue without the lock (a timed wait
   * that expired, an interrupt, an error) withdraws ({@link #leftQueue}); a release that read its
   * name before the withdrawal may still reserve the lock for nobody, and such a lock is free to
   * whoever asks ({@link #tryAcquireContended}); the withdrawal also wakes the first waiter, which
   * a release may have woken for a lock reserved for another and which parked again.
   */
  static final class Sync extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /** The state of a free mutex. */
    static final int FREE = 0;

    /** The state of a held mutex. */
    static final int LOCKED = 1;

    /** The state of a released mutex reserved for {@link #handoffTo}. */
    static final int HANDOFF = 2;

    /**
     * How long a waiter may be first in line before the lock is handed to it. Each hand-off
     * idles the lock for one wake-up, so hand-offs must stay rare where it is busy; 1 ms and 8 ms
     * measured alike (docs/performance.md, "The starvation bound"), so the shorter bound.
     */
    static final long HANDOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * The holder, or null. A field of its own rather than AQS's exclusive owner, so that the
     * acquisition commits it with a plain store right after the CAS, in the same frame: an owner
     * set through a call could be cut off by a StackOverflowError after the CAS, leaving the
     * mutex held by nobody. A plain field, like AQS's exclusive owner: written by the holder, and
     * read exactly only by the holder (a thread sees its own last write; another thread's stale
     * value is never the reader's identity); others read a snapshot. The
     * state CAS and the release's volatile write order it with the lock.
     */
    private transient Thread holder;

    /**
     * The waiter that asked for the mutex to be handed to it at the next release, or null.
     * Written by that waiter (its request, and its withdrawal) and by the thread that takes the
     * lock from {@link #HANDOFF} (which clears it); read by every release.
     */
    private transient volatile @Nullable Thread handoffTo;

    /**
     * The thread timing its turn at the head of the queue, and since when. Written by that thread
     * only, from its failed attempts; a race between two threads that each believe they are
     * first only restarts a timing (plain fields: a heuristic, never a safety property).
     */
    private transient @Nullable Thread firstWaiter;

    private transient long firstSince;

    @Override
    protected boolean tryAcquire(int ignored) {
      Thread me = Thread.currentThread();
      // AQS's state CAS is volatile, so at least acquire.
      if (compareAndSetState(FREE, LOCKED)) {
        holder = me;
        return true;
      }
      return tryAcquireContended(me);
    }

    /** {@link #tryAcquire} when the state was not free: a reserved lock, or a waiter's timing. */
    private boolean tryAcquireContended(Thread me) {
      while (true) {
        int s = getState();
        if (s == FREE) {
          if (compareAndSetState(FREE, LOCKED)) {
            holder = me;
            return true;
          }
        } else if (s == HANDOFF) {
          // Released and reserved: for the waiter named, or for anyone if it withdrew.
          Thread to = handoffTo;
          if ((to != me && to != null) || !compareAndSetState(HANDOFF, LOCKED)) {
            return false;
          }
          if (to == me) {
            handoffTo = null;
          }
          holder = me;
          return true;
        } else {
          if (handoffTo == null && getFirstQueuedThread() == me && waitedPastBound(me)) {
            handoffTo = me; // the next release leaves the lock reserved for this thread
          }
          return false;
        }
      }
    }

    /** Whether {@code me}, first in line, has been so for {@link #HANDOFF_NANOS}. */
    private boolean waitedPastBound(Thread me) {
      long now = System.nanoTime();
      if (firstWaiter != me) {
        firstWaiter = me;
        firstSince = now;
        return false;
      }
      return now - firstSince >= HANDOFF_NANOS;
    }

    /**
     * The calling thread has left AQS's queue, with or without the lock: its timing ends, and a
     * hand-off it asked for and did not take is withdrawn.
     */
    void leftQueue() {
      Thread me = Thread.currentThread();
      if (firstWaiter == me) {
        firstWaiter = null;
      }
      if (handoffTo != me) {
        return;
      }
      handoffTo = null;
      if (getState() == HANDOFF) {
        // Reserved for this thread by a release that has gone; the first waiter was woken for a
        // lock it could not take, and may have parked again. Free it, and wake that waiter.
        compareAndSetState(HANDOFF, FREE);
        Thread first = getFirstQueuedThread();
        if (first != null) {
          LockSupport.unpark(first);
        }
      }
    }

    @Override
    protected boolean tryRelease(int ignored) {
      holder = null;
      // Volatile: releases what the holder wrote. Reserved if a waiter asked (see the class).
      setState(handoffTo == null ? FREE : HANDOFF);
      return true;
    }

    @Override
    protected boolean isHeldExclusively() {
      return holder == Thread.currentThread();
    }

    boolean heldByCurrentThread() {
      return isHeldExclusively();
    }

    @Nullable Thread owner() {
      return holder;
    }

    /** The waiter that asked for the mutex at its next release, or null; a snapshot. */
    @Nullable Thread handedTo() {
      return handoffTo;
    }
  }
}
