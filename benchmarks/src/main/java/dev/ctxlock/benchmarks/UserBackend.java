package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.Backend;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A user-written backend (an owner-recording CAS lock over an {@link AtomicReference}), used to
 * pollute the profile of Lock/Guard call sites in {@link UncontendedPolluted}.
 */
public enum UserBackend implements Backend<AtomicReference<Thread>> {
  /** The backend. */
  INSTANCE;

  @Override
  public AtomicReference<Thread> newState() {
    return new AtomicReference<>();
  }

  @Override
  public void lock(AtomicReference<Thread> state) {
    Thread me = Thread.currentThread();
    if (state.get() == me) {
      throw new IllegalStateException("already held");
    }
    while (!state.compareAndSet(null, me)) {
      Thread.onSpinWait();
    }
  }

  @Override
  public boolean tryLock(AtomicReference<Thread> state) {
    return state.compareAndSet(null, Thread.currentThread());
  }

  @Override
  public void unlock(AtomicReference<Thread> state) {
    if (!state.compareAndSet(Thread.currentThread(), null)) {
      throw new IllegalStateException("not held");
    }
  }

  @Override
  public void assertIsHeld(AtomicReference<Thread> state) {
    if (state.get() != Thread.currentThread()) {
      throw new IllegalStateException("not held");
    }
  }
}
