package dev.ctxlock.sync;

import dev.ctxlock.internal.LocalCpu;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of one spin lock, shared by {@link SpinLockBackend} and {@link SpinLockIrqBackend}:
 * because both run one protocol over it, a {@code SpinLockIrq} taken with {@code lock()} and the
 * same lock taken with {@code lockWith(token)} exclude each other.
 *
 * <p>Opaque: created by {@link SpinLockBackend#newState()}, changed only by those two backends.
 * Other backends may name it as their state type to run over a spin lock, by delegating to {@link
 * SpinLockBackend#INSTANCE}.
 */
public final class SpinLockState {

  /** 0 when free, 1 when held. Acquired with an acquire CAS, released with a release store. */
  @SuppressWarnings("unused") // accessed through LOCKED
  private volatile int locked;

  /**
   * The holder, or null. Plain: written by the holder after acquiring and cleared by it before
   * releasing. Another thread may read a stale value, but never its own identity unless it holds
   * the lock, because a thread always sees its own last write; so {@code owner == currentThread}
   * is exact, which is all the reentrance check and unlock check need.
   */
  Thread owner;

  /**
   * The CPU and handler frame whose interrupt level {@link SpinLockIrqBackend#lock} took, so that
   * {@code unlock} gives it back without a thread-local lookup; null when taken by {@link
   * SpinLockBackend}. Written and read by the holder only, under the lock.
   */
  LocalCpu irqCpu;

  LocalCpu.Frame irqFrame;

  private static final VarHandle LOCKED;

  static {
    try {
      LOCKED = MethodHandles.lookup().findVarHandle(SpinLockState.class, "locked", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  SpinLockState() {}

  /** One attempt: an acquire CAS from free to held. */
  boolean tryAcquire() {
    return (int) LOCKED.compareAndExchangeAcquire(this, 0, 1) == 0;
  }

  /** Whether the lock looks free; an opaque read, for spinning without a bus-locking CAS. */
  boolean looksFree() {
    return (int) LOCKED.getOpaque(this) == 0;
  }

  /**
   * Frees the lock. Release store: everything the holder wrote happens-before the next
   * acquirer's successful CAS reads 0.
   */
  void release() {
    LOCKED.setRelease(this, 0);
  }

  @Override
  public String toString() {
    Thread o = owner;
    return looksFree() ? "SpinLockState[free]" : "SpinLockState[held" + (o == null ? "" : " by " + o.getName()) + "]";
  }
}
