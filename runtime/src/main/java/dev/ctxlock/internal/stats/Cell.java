package dev.ctxlock.internal.stats;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;

/**
 * One thread's counters for one lock class: the uncontended path's only writes, to memory that no
 * other thread writes, so that counting an acquisition never moves a cache line between CPUs.
 * {@link StatClass} sums the cells of all threads when asked.
 *
 * <p>The owner thread writes with opaque stores (plain stores on common hardware, but never torn
 * and never cached in a register across calls), so a snapshot taken while it runs reads each
 * counter whole, if a little late.
 */
final class Cell {

  private static final VarHandle ACQUISITIONS;
  private static final VarHandle HOLD_TOTAL;
  private static final VarHandle HOLD_MAX;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ACQUISITIONS = l.findVarHandle(Cell.class, "acquisitions", long.class);
      HOLD_TOTAL = l.findVarHandle(Cell.class, "holdTotal", long.class);
      HOLD_MAX = l.findVarHandle(Cell.class, "holdMax", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final StatClass cls;

  /** Weak: a cell must not keep an ended thread alive until its class folds the cell away. */
  private final WeakReference<Thread> owner;

  // Written by the owner only (and holdMax by a reset); see the class comment.
  @SuppressWarnings("unused") // through ACQUISITIONS
  private long acquisitions;

  @SuppressWarnings("unused") // through HOLD_TOTAL
  private long holdTotal;

  @SuppressWarnings("unused") // through HOLD_MAX
  private long holdMax;

  /** What the counters read at the last reset; guarded by {@link #cls}. */
  long baseAcquisitions;

  long baseHoldTotal;

  Cell(StatClass cls, Thread owner) {
    this.cls = cls;
    this.owner = new WeakReference<>(owner);
  }

  /** Owner thread: one more acquisition. */
  void acquired() {
    ACQUISITIONS.setOpaque(this, (long) ACQUISITIONS.getOpaque(this) + 1);
  }

  /** Owner thread: a hold of {@code nanos} ended. */
  void held(long nanos) {
    HOLD_TOTAL.setOpaque(this, (long) HOLD_TOTAL.getOpaque(this) + nanos);
    if (nanos > (long) HOLD_MAX.getOpaque(this)) {
      HOLD_MAX.setOpaque(this, nanos);
    }
  }

  long acquisitions() {
    return (long) ACQUISITIONS.getOpaque(this);
  }

  long holdTotal() {
    return (long) HOLD_TOTAL.getOpaque(this);
  }

  long holdMax() {
    return (long) HOLD_MAX.getOpaque(this);
  }

  /**
   * Any thread, for a reset: forgets the longest hold. A hold that ends meanwhile may still be
   * recorded as the maximum: it was measured, if partly before the reset.
   */
  void clearHoldMax() {
    HOLD_MAX.setOpaque(this, 0L);
  }

  /** Whether the owner thread has ended, so that nothing writes this cell any more. */
  boolean ownerEnded() {
    Thread t = owner.get();
    return t == null || !t.isAlive();
  }
}
