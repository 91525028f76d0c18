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

  /**
   * The lock word: the holder, or null when free. Acquired with an acquire CAS from null to the
   * current thread, released with a release store of null, so that recording the owner (for the
   * reentrance check and the unlock check) costs nothing beyond the CAS itself.
   *
   * <p>The holder may read it plainly: a thread always sees its own last write, so {@code owner ==
   * currentThread} is exact for the calling thread even without ordering, and another thread's
   * stale value can never be the caller's own identity.
   */
  @SuppressWarnings("unused") // accessed through OWNER
  private volatile Thread owner;

  /**
   * The CPU and handler frame whose interrupt level {@link SpinLockIrqBackend#lock} took, so that
   * {@code unlock} gives it back without a thread-local lookup; null when taken by {@link
   * SpinLockBackend}. Written and read by the holder only, under the lock.
   */
  LocalCpu irqCpu;

  LocalCpu.Frame irqFrame;

  private static final VarHandle OWNER;

  static {
    try {
      OWNER = MethodHandles.lookup().findVarHandle(SpinLockState.class, "owner", Thread.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  SpinLockState() {}

  /** One attempt for {@code me}, the current thread: an acquire CAS from free to held by it. */
  boolean tryAcquire(Thread me) {
    return OWNER.compareAndExchangeAcquire(this, (Thread) null, me) == null;
  }

  /** Whether the lock looks free; an opaque read, for spinning without a bus-locking CAS. */
  boolean looksFree() {
    return OWNER.getOpaque(this) == null;
  }

  /** Whether {@code me}, the current thread, holds the lock: a plain read (see {@link #owner}). */
  boolean isHeldBy(Thread me) {
    return OWNER.get(this) == me;
  }

  /**
   * Frees the lock. Release store: everything the holder wrote happens-before the next
   * acquirer's successful CAS reads null.
   */
  void release() {
    OWNER.setRelease(this, (Thread) null);
  }

  @Override
  public String toString() {
    Thread o = (Thread) OWNER.getOpaque(this);
    return o == null ? "SpinLockState[free]" : "SpinLockState[held by " + o.getName() + "]";
  }
}
