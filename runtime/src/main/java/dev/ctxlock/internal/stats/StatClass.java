package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.LockClass;
import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.internal.probe.LockProbes;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The statistics of one {@link LockClass}, kept in the statistics' slot of the class. The
 * uncontended counts (acquisitions, hold times) live in per-lock {@link LockCounters} and are
 * summed here on demand; the contention counts are written here directly, from slow paths only.
 */
final class StatClass {

  /** The statistics' slot in every {@link LockClass}; resolved once the probes are loaded. */
  private static final class Slot {
    static final int INDEX = LockProbes.slotOf(LockStats.INSTANCE);
  }

  /** The statistics of {@code c}, made on first use. */
  static StatClass of(LockClass c) {
    return c.data(Slot.INDEX, StatClass::new);
  }

  /** The statistics of {@code c}, or null if no lock of the class was taken yet. */
  static @Nullable StatClass existing(LockClass c) {
    return c.data(Slot.INDEX, k -> null);
  }

  /** Where the counters of collected locks are queued, to be folded into their class. */
  private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

  /** Counters registered so far, to fold the collected ones now and then. */
  private static final AtomicInteger REGISTERED = new AtomicInteger();

  final LockClass lockClass;

  /** The class as rows name it: its first lock's name and its site, as validator reports do. */
  final String name;

  /** The counters of every live lock of this class that was taken (or waited for). */
  private final Set<LockCounters> locks = ConcurrentHashMap.newKeySet();

  // The counts of collected locks, since the last reset; guarded by this.
  private long retiredAcquisitions;
  private long retiredHoldTotal;
  private long retiredHoldMax;

  private final AtomicLong contentions = new AtomicLong();
  private final AtomicLong waitTotal = new AtomicLong();
  private final AtomicLong waitMax = new AtomicLong();

  /** Call sites that waited for a lock of this class, with how many times. */
  private final Map<String, AtomicLong> contentionPoints = new ConcurrentHashMap<>();

  /** Call sites that held a lock of this class while another thread waited, with how many times. */
  private final Map<String, AtomicLong> contendingPoints = new ConcurrentHashMap<>();

  /**
   * The least time between two stack walks of one side (waiters, holders) of one class: under
   * heavy contention, call sites are sampled, so that walks (microseconds each, and a holder's
   * inside its critical section) cannot become the contention's main cost.
   */
  static final long WALK_INTERVAL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  /** When a waiter, and when a holder, of this class may walk its stack next. */
  private final AtomicLong nextWaiterWalk;

  private final AtomicLong nextHolderWalk;

  private StatClass(LockClass lockClass) {
    this.lockClass = lockClass;
    this.name = lockClass.firstName() + " (" + lockClass.site() + ")";
    long now = System.nanoTime();
    this.nextWaiterWalk = new AtomicLong(now);
    this.nextHolderWalk = new AtomicLong(now);
  }

  /** Whether a waiter that began to wait at {@code now} may name its call site. */
  boolean mayWalkWaiter(long now) {
    return mayWalk(nextWaiterWalk, now);
  }

  /** Whether a holder releasing at {@code now} may name its call site. */
  boolean mayWalkHolder(long now) {
    return mayWalk(nextHolderWalk, now);
  }

  private static boolean mayWalk(AtomicLong next, long now) {
    long n = next.get();
    return now - n >= 0 && next.compareAndSet(n, now + WALK_INTERVAL_NANOS);
  }

  /**
   * New counters of {@code lock} in this class, registered for snapshots; the caller holds the
   * lock.
   */
  LockCounters newCounters(LockMap lock) {
    Object owner = lock.owner();
    // The caller holds the lock, so it is there; were it not, a referent that is collected at
    // once folds the counters at the next fold.
    LockCounters c = new LockCounters(this, lock, owner != null ? owner : new Object(), COLLECTED);
    locks.add(c);
    if (REGISTERED.incrementAndGet() % 256 == 0) {
      foldCollected(); // bounds what collected locks leave behind between snapshots
    }
    return c;
  }

  /** Folds the counters of every collected lock into its class's totals. */
  static void foldCollected() {
    for (Reference<?> r = COLLECTED.poll(); r != null; r = COLLECTED.poll()) {
      LockCounters c = (LockCounters) r;
      c.cls.retire(c);
    }
  }

  /**
   * Folds {@code c} into this class's totals, for good: its lock was collected, or left this
   * class (then the caller holds the lock).
   */
  synchronized void retire(LockCounters c) {
    if (locks.remove(c)) {
      c.stop();
      retiredAcquisitions += c.acquisitions() - c.baseAcquisitions;
      retiredHoldTotal += c.holdTotal() - c.baseHoldTotal;
      retiredHoldMax = Math.max(retiredHoldMax, c.holdMax());
    }
  }

  /** A wait of {@code nanos} at {@code site} (null when not sampled): one contention. */
  void waited(long nanos, @Nullable String site) {
    contentions.incrementAndGet();
    waitTotal.addAndGet(nanos);
    waitMax.accumulateAndGet(nanos, Math::max);
    if (site != null) {
      count(contentionPoints, site, 1);
    }
  }

  /** {@code site} held a lock of this class while {@code waits} waits began. */
  void contending(String site, long waits) {
    count(contendingPoints, site, waits);
  }

  private static void count(Map<String, AtomicLong> points, String site, long n) {
    points.computeIfAbsent(site, s -> new AtomicLong()).addAndGet(n);
  }

  /** This class's counts now, or null if nothing happened since the last reset. */
  synchronized @Nullable ClassCounts counts() {
    long acquisitions = retiredAcquisitions;
    long holdTotal = retiredHoldTotal;
    long holdMax = retiredHoldMax;
    for (LockCounters c : locks) {
      acquisitions += c.acquisitions() - c.baseAcquisitions;
      holdTotal += c.holdTotal() - c.baseHoldTotal;
      holdMax = Math.max(holdMax, c.holdMax());
    }
    long contended = contentions.get();
    if (acquisitions == 0 && contended == 0) {
      return null;
    }
    return new ClassCounts(
        name,
        acquisitions,
        contended,
        waitTotal.get(),
        waitMax.get(),
        holdTotal,
        holdMax,
        top(contentionPoints),
        top(contendingPoints));
  }

  /** Forgets every count: what the counters read now becomes their zero. */
  synchronized void reset() {
    for (LockCounters c : locks) {
      c.baseAcquisitions = c.acquisitions();
      c.baseHoldTotal = c.holdTotal();
      c.clearHoldMax();
    }
    retiredAcquisitions = 0;
    retiredHoldTotal = 0;
    retiredHoldMax = 0;
    contentions.set(0);
    waitTotal.set(0);
    waitMax.set(0);
    contentionPoints.clear();
    contendingPoints.clear();
  }

  /** The four call sites with the most counts, most first (ties by name, for a stable order). */
  private static List<ClassCounts.Point> top(Map<String, AtomicLong> points) {
    List<ClassCounts.Point> all = new ArrayList<>();
    points.forEach((site, n) -> all.add(new ClassCounts.Point(site, n.get())));
    all.sort(Comparator.comparingLong(ClassCounts.Point::count).reversed().thenComparing(ClassCounts.Point::site));
    return List.copyOf(all.subList(0, Math.min(4, all.size())));
  }
}
