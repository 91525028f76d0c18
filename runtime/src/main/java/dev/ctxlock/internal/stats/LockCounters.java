package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.LockClass;
import dev.ctxlock.internal.probe.LockMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * One lock's counts for one class, kept in the statistics' slot of the lock's {@link LockMap}.
 * The acquisitions are counted in the map itself ({@link LockMap#statAcquisitions}, which the
 * uncontended path writes, with the hold's start, and nothing else); these counters read that
 * count relative to where their class began counting, and keep the hold times, which only a
 * release that spanned a clock tick writes. Only the lock's holder writes either, so they need no
 * atomic instruction, and their cache lines move between CPUs only when the lock itself does: a
 * lock that one thread uses keeps them in that CPU's cache, and two locks of one class never
 * share a counter. {@link StatClass} sums the counters of its locks when asked.
 *
 * <p>The holders write with opaque stores (plain stores on common hardware, but never torn), so
 * a snapshot taken while the lock is in use reads each counter whole, if a little late. The lock's
 * own acquire and release order one holder's writes before the next holder's.
 *
 * <p>A weak reference to the lock, and a strong one to its map: when the lock is collected, its
 * counts are folded into the class's totals ({@link StatClass#foldCollected}), read from the map,
 * which these counters keep until then; so nothing is lost and nothing is kept.
 */
final class LockCounters extends WeakReference<Object> {

  private static final VarHandle HOLD_TOTAL;
  private static final VarHandle HOLD_MAX;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HOLD_TOTAL = l.findVarHandle(LockCounters.class, "holdTotal", long.class);
      HOLD_MAX = l.findVarHandle(LockCounters.class, "holdMax", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final StatClass cls;

  /** {@code cls.lockClass}: the lock's class these counters belong to. */
  final LockClass lockClass;

  /** The lock's map, whose count these counters read. */
  final LockMap map;

  /** The map's count when this class began counting on this lock; final for the counters. */
  private final long firstAcquisition;

  // Written by the holder only (and holdMax by a reset); see the class comment.
  @SuppressWarnings("unused") // through HOLD_TOTAL
  private long holdTotal;

  @SuppressWarnings("unused") // through HOLD_MAX
  private long holdMax;

  /** What the counters read at the last reset; guarded by {@link #cls}. */
  long baseAcquisitions;

  long baseHoldTotal;

  /**
   * The acquisitions when these counters stopped counting (their lock's class changed, or the
   * lock was collected), or -1 while they count; guarded by {@link #cls}.
   */
  private long finalAcquisitions = -1;

  /**
   * Counters of {@code lock}, owned by {@code owner}, for {@code cls} from now on. The caller
   * holds the lock (its acquisition is being counted), or no thread does.
   */
  LockCounters(StatClass cls, LockMap lock, Object owner, ReferenceQueue<Object> collected) {
    super(owner, collected);
    this.cls = cls;
    this.lockClass = cls.lockClass;
    this.map = lock;
    this.firstAcquisition = lock.statAcquisitions();
  }

  /** The holder: a hold of {@code nanos} ended. */
  void held(long nanos) {
    HOLD_TOTAL.setOpaque(this, (long) HOLD_TOTAL.getOpaque(this) + nanos);
    if (nanos > (long) HOLD_MAX.getOpaque(this)) {
      HOLD_MAX.setOpaque(this, nanos);
    }
  }

  /** Acquisitions of the lock in this class; guarded by {@link #cls}. */
  long acquisitions() {
    return finalAcquisitions >= 0
        ? finalAcquisitions
        : map.statAcquisitions() - firstAcquisition;
  }

  /** These counters count no more: their lock left their class, or was collected. */
  void stop() {
    if (finalAcquisitions < 0) {
      finalAcquisitions = map.statAcquisitions() - firstAcquisition;
    }
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
}
