package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.LockClass;
import dev.ctxlock.internal.probe.LockMap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * One lock's counters for its class, kept in the statistics' slot of the lock's {@link LockMap}:
 * the uncontended path's only writes. They are made by the thread that holds the lock, and only
 * it writes them, so they need no atomic instruction, and their cache line moves between CPUs
 * only when the lock itself does: a lock that one thread uses keeps them in that CPU's cache, and
 * two locks of one class never share a counter. {@link StatClass} sums the counters of its locks
 * when asked.
 *
 * <p>The holders write with opaque stores (plain stores on common hardware, but never torn), so
 * a snapshot taken while the lock is in use reads each counter whole, if a little late. The lock's
 * own acquire and release order one holder's writes before the next holder's.
 *
 * <p>A weak reference to the lock's map: when the lock is collected, its counters are folded into
 * the class's totals ({@link StatClass#foldCollected}), so nothing is lost and nothing is kept.
 */
final class LockCounters extends WeakReference<LockMap> {

  private static final VarHandle ACQUISITIONS;
  private static final VarHandle HOLD_TOTAL;
  private static final VarHandle HOLD_MAX;
  private static final VarHandle MARKS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      ACQUISITIONS = l.findVarHandle(LockCounters.class, "acquisitions", long.class);
      HOLD_TOTAL = l.findVarHandle(LockCounters.class, "holdTotal", long.class);
      HOLD_MAX = l.findVarHandle(LockCounters.class, "holdMax", long.class);
      MARKS = l.findVarHandle(LockCounters.class, "marks", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@link #since} when the lock is not held (as far as the statistics know). */
  static final long NOT_HELD = Long.MIN_VALUE;

  final StatClass cls;

  /** {@code cls.lockClass}: the lock's class these counters belong to. */
  final LockClass lockClass;

  // Written by the holder only (and holdMax by a reset); see the class comment.
  @SuppressWarnings("unused") // through ACQUISITIONS
  private long acquisitions;

  @SuppressWarnings("unused") // through HOLD_TOTAL
  private long holdTotal;

  @SuppressWarnings("unused") // through HOLD_MAX
  private long holdMax;

  /** The {@link CoarseClock} reading when the current hold began; holder only. */
  long since = NOT_HELD;

  /**
   * Waits that began on this lock and that no holder has claimed yet (the low 32 bits), and how
   * many times holders claimed waits (the high 32 bits): the holder that releases the lock claims
   * them all, and names itself as their contending point. One word, so that a waiter can tell
   * whether its own wait was claimed. Atomic: waiters do not hold the lock.
   */
  @SuppressWarnings("unused") // through MARKS
  private volatile long marks;

  /** What the counters read at the last reset; guarded by {@link #cls}. */
  long baseAcquisitions;

  long baseHoldTotal;

  LockCounters(StatClass cls, LockMap lock, ReferenceQueue<LockMap> collected) {
    super(lock, collected);
    this.cls = cls;
    this.lockClass = cls.lockClass;
  }

  /** The holder: the lock was taken at {@code now}, a {@link CoarseClock} reading. */
  void acquired(long now) {
    ACQUISITIONS.setOpaque(this, (long) ACQUISITIONS.getOpaque(this) + 1);
    since = now;
  }

  /** The holder: a hold of {@code nanos} ended. */
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

  /**
   * A waiter: one more wait on this lock for a holder to claim.
   *
   * @return the claims so far, for {@link #unmark}
   */
  int mark() {
    return (int) ((long) MARKS.getAndAdd(this, 1L) >>> 32);
  }

  /** Whether some wait is unclaimed; a plain load on common hardware, for the release path. */
  boolean marked() {
    return (int) marks != 0;
  }

  /** The holder: claims every unclaimed wait, and returns how many. */
  int claimMarks() {
    while (true) {
      long w = marks;
      int waits = (int) w;
      if (waits == 0 || MARKS.compareAndSet(this, w, ((w >>> 32) + 1) << 32)) {
        return waits;
      }
    }
  }

  /**
   * A waiter that got the lock or gave up, and that marked when {@code claims} waits had been
   * claimed: if no holder claimed since, its wait is unclaimed (it began as the holder released),
   * and is withdrawn, so that no later holder, this waiter included, claims a wait it did not
   * make anyone do.
   */
  void unmark(int claims) {
    while (true) {
      long w = marks;
      if ((int) (w >>> 32) != claims || (int) w == 0 || MARKS.compareAndSet(this, w, w - 1)) {
        return;
      }
    }
  }
}
