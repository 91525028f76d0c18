package dev.ctxlock.testkit.example;

import dev.ctxlock.sync.Backend;

/** Bit 1 of {@link FlagState}, with reentrance detection. */
public enum CheapFlagBackend implements Backend<FlagState> {
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
