package dev.ctxlock.testkit.example;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/**
 * A WRONG pair, on purpose: same state type, so the processor accepts it, but this backend locks
 * bit 2 while {@link CheapFlagBackend} locks bit 1, so lock() and lockWith() do not exclude each
 * other. The contract must catch it.
 */
@Waits(WaitType.SPIN) // retries, yielding
@WithContext(context = Permit.class, contextual = CheapFlagBackend.class)
public enum SplitBackend implements Backend<FlagState> {
  INSTANCE;

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState s) {
    while (!tryLock(s)) {
      Thread.yield();
    }
  }

  @Override
  public boolean tryLock(FlagState s) {
    int b = s.bits.get();
    return (b & 2) == 0 && s.bits.compareAndSet(b, b | 2);
  }

  @Override
  public void unlock(FlagState s) {
    s.bits.getAndUpdate(b -> b & ~2);
  }

  @Override
  public void assertIsHeld(FlagState s) {
    if ((s.bits.get() & 2) == 0) {
      throw new IllegalStateException("not held");
    }
  }
}
