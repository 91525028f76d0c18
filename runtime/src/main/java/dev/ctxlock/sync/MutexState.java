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

    @Override
    protected boolean tryAcquire(int ignored) {
      Thread me = Thread.currentThread();
      // AQS's state CAS is volatile, so at least acquire.
      if (compareAndSetState(0, 1)) {
        holder = me;
        return true;
      }
      return false;
    }

    @Override
    protected boolean tryRelease(int ignored) {
      holder = null;
      setState(0); // volatile write: releases what the holder wrote
      return true;
    }

    @Override
    protected boolean isHeldExclusively() {
      return holder == Thread.currentThread();
    }

    boolean heldByCurrentThread() {
      return isHeldExclusively();
    }

    Thread owner() {
      return holder;
    }
  }
}
