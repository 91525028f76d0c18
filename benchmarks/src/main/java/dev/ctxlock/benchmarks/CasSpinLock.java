package dev.ctxlock.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The floor: a hand-written test-and-test-and-set spin lock with the same memory ordering as
 * ctxlock's (acquire CAS, release store), and no guard, owner or context bookkeeping.
 */
final class CasSpinLock {
  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(CasSpinLock.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through LOCKED
  private volatile int locked;

  void lock() {
    while ((int) LOCKED.compareAndExchangeAcquire(this, 0, 1) != 0) {
      while ((int) LOCKED.getOpaque(this) != 0) {
        Thread.onSpinWait();
      }
    }
  }

  void unlock() {
    LOCKED.setRelease(this, 0);
  }
}
