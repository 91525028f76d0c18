package dev.ctxlock.testkit.example;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/**
 * A user backend that enters the {@link Permit} mode on every acquisition; with a permit in hand,
 * {@link CheapFlagBackend} takes the same lock (same bit of the same state) without entering it.
 * A correct pair: the contract passes.
 */
@Waits(WaitType.SPIN) // spins with CheapFlagBackend
@WithContext(context = Permit.class, contextual = CheapFlagBackend.class)
public enum FlagBackend implements Backend<FlagState> {
  INSTANCE;

  private static final ThreadLocal<Permit> HELD = new ThreadLocal<>();

  @Override
  public FlagState newState() {
    return new FlagState();
  }

  @Override
  public void lock(FlagState s) {
    Permit p = Permit.enter();
    try {
      CheapFlagBackend.INSTANCE.lock(s);
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    HELD.set(p);
  }

  @Override
  public boolean tryLock(FlagState s) {
    Permit p = Permit.enter();
    if (!CheapFlagBackend.INSTANCE.tryLock(s)) {
      p.close();
      return false;
    }
    HELD.set(p);
    return true;
  }

  @Override
  public void unlock(FlagState s) {
    CheapFlagBackend.INSTANCE.unlock(s);
    Permit p = HELD.get();
    HELD.remove();
    p.close();
  }

  @Override
  public void assertIsHeld(FlagState s) {
    CheapFlagBackend.INSTANCE.assertIsHeld(s);
  }
}
