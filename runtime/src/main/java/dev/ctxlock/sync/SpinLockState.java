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
   * The lock word: null when free, else who holds it, which also says how it was taken: the
   * holder's {@link Thread} when {@link SpinLockBackend} took it, the holder's {@link LocalCpu}
   * when {@link SpinLockIrqBackend} did (so that unlock finds the interrupt level to give back in
   * the lock word itself, and the plain backend's unlock check refuses it). Acquired with an
   * acquire CAS from null, released with a release store of null: recording the owner costs
   * nothing beyond the CAS.
   *
   * <p>The holder may read it plainly: a thread always sees its own last write, so comparing it
   * with the caller's own identity is exact even without ordering, and another thread's stale
   * value can never be the caller's identity.
   */
  @SuppressWarnings("unused") // accessed through OWNER
  private volatile Object owner;

  /**
   * The handler frame the interrupt level of {@link SpinLockIrqBackend#lock} belongs to, when it
   * was taken inside an interrupt handler; null otherwise (the common case writes nothing here).
   * Written and read by the holder only, under the lock.
   */
  LocalCpu.Frame irqFrame;

  /** The name of the lock this state belongs to, for the contention event; set at construction. */
  String lockName = "";

  private static final VarHandle OWNER;

  static {
    try {
      OWNER = MethodHandles.lookup().findVarHandle(SpinLockState.class, "owner", Object.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  SpinLockState() {}

  /** One attempt: an acquire CAS from free to held by {@code holder}. */
  boolean tryAcquire(Object holder) {
    return OWNER.compareAndExchangeAcquire(this, (Object) null, holder) == null;
  }

  /** Whether the lock looks free; an opaque read, for spinning without a bus-locking CAS. */
  boolean looksFree() {
    return OWNER.getOpaque(this) == null;
  }

  /**
   * The lock word, read plainly: exact when compared with the calling thread's own identity (see
   * {@link #owner}).
   */
  Object holder() {
    return OWNER.get(this);
  }

  /** Whether the calling thread {@code me} holds the lock, whichever backend took it. */
  boolean isHeldBy(Thread me) {
    Object h = holder();
    return h == me || (h instanceof LocalCpu cpu && cpu.isCurrent());
  }

  /**
   * Frees the lock. Release store: everything the holder wrote happens-before the next
   * acquirer's successful CAS reads null.
   */
  void release() {
    OWNER.setRelease(this, (Object) null);
  }

  @Override
  public String toString() {
    Object h = OWNER.getOpaque(this);
    if (h == null) {
      return "SpinLockState[free]";
    }
    return h instanceof LocalCpu cpu
        ? "SpinLockState[held by " + cpu.threadName() + ", interrupts disabled]"
        : "SpinLockState[held by " + ((Thread) h).getName() + "]";
  }
}
