package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.LockClass;
import dev.ctxlock.internal.probe.LockProbes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The statistics of one {@link LockClass}, kept in the statistics' slot of the class. The
 * uncontended counts (acquisitions, hold times) live in per-thread {@link Cell}s and are summed
 * here on demand; the contention counts are written here directly, from slow paths only.
 */
final class StatClass {

  /** The statistics' slot in every {@link LockClass}; resolved once the probes are loaded. */
  private static final class Slot {
    static final int INDEX = LockProbes.slotOf(LockStats.INSTANCE);
  }

  /** Dense ids, so that a thread finds its cell of a class by index. */
  private static final AtomicInteger IDS = new AtomicInteger();

  /** The statistics of {@code c}, made on first use. */
  static StatClass of(LockClass c) {
    return c.data(Slot.INDEX, StatClass::new);
  }

  /** The statistics of {@code c}, or null if no lock of the class was taken yet. */
  static StatClass existing(LockClass c) {
    return c.data(Slot.INDEX, k -> null);
  }

  final int id = IDS.getAndIncrement();
  final LockClass lockClass;

  /** Every thread's cell of this class; the cells of ended threads are folded into totals. */
  private final ConcurrentLinkedQueue<Cell> cells = new ConcurrentLinkedQueue<>();

  /** Cells added since ended threads' cells were last folded away. */
  private final AtomicInteger added = new AtomicInteger();

  // The counts of ended threads' cells, since the last reset; guarded by this.
  private long retiredAcquisitions;
  private long retiredHoldTotal;
  private long retiredHoldMax;

  final AtomicLong contentions = new AtomicLong();
  final AtomicLong waitTotal = new AtomicLong();
  final AtomicLong waitMax = new AtomicLong();

  /** Call sites that waited for a lock of this class, with how many times. */
  final Map<String, AtomicLong> contentionPoints = new ConcurrentHashMap<>();

  /** Call sites that held a lock of this class while another thread waited, with how many times. */
  final Map<String, AtomicLong> contendingPoints = new ConcurrentHashMap<>();

  /**
   * At least the number of waits on locks of this class not yet attributed to a holder: a holder
   * looks for its lock's mark only when this is not zero, so the uncontended release reads one
   * field that nobody writes.
   */
  final AtomicInteger marks = new AtomicInteger();

  private StatClass(LockClass lockClass) {
    this.lockClass = lockClass;
  }

  /** A new cell of this class for {@code owner}, registered for snapshots. */
  Cell newCell(Thread owner) {
    Cell cell = new Cell(this, owner);
    cells.add(cell);
    if (added.incrementAndGet() % 64 == 0) {
      foldEnded(); // bounds the cells kept for short-lived threads
    }
    return cell;
  }

  /** A wait of {@code nanos} at {@code site}: one contention. */
  void waited(long nanos, String site) {
    contentions.incrementAndGet();
    waitTotal.addAndGet(nanos);
    waitMax.accumulateAndGet(nanos, Math::max);
    count(contentionPoints, site, 1);
  }

  /** {@code site} held a lock of this class while {@code waits} waits began. */
  void contending(String site, long waits) {
    count(contendingPoints, site, waits);
  }

  private static void count(Map<String, AtomicLong> points, String site, long n) {
    points.computeIfAbsent(site, s -> new AtomicLong()).addAndGet(n);
  }

  /** Folds the cells of ended threads into the retired totals, so that nothing is lost. */
  synchronized void foldEnded() {
    for (Iterator<Cell> it = cells.iterator(); it.hasNext(); ) {
      Cell cell = it.next();
      if (cell.ownerEnded()) {
        retiredAcquisitions += cell.acquisitions() - cell.baseAcquisitions;
        retiredHoldTotal += cell.holdTotal() - cell.baseHoldTotal;
        retiredHoldMax = Math.max(retiredHoldMax, cell.holdMax());
        it.remove();
      }
    }
  }

  /** This class's counts now, or null if nothing happened since the last reset. */
  synchronized Counts counts() {
    foldEnded();
    long acquisitions = retiredAcquisitions;
    long holdTotal = retiredHoldTotal;
    long holdMax = retiredHoldMax;
    for (Cell cell : cells) {
      acquisitions += cell.acquisitions() - cell.baseAcquisitions;
      holdTotal += cell.holdTotal() - cell.baseHoldTotal;
      holdMax = Math.max(holdMax, cell.holdMax());
    }
    long contended = contentions.get();
    if (acquisitions == 0 && contended == 0) {
      return null;
    }
    return new Counts(
        acquisitions,
        contended,
        waitTotal.get(),
        waitMax.get(),
        holdTotal,
        holdMax,
        top(contentionPoints),
        top(contendingPoints));
  }

  /** Forgets every count: what the cells read now becomes their zero. */
  synchronized void reset() {
    for (Cell cell : cells) {
      cell.baseAcquisitions = cell.acquisitions();
      cell.baseHoldTotal = cell.holdTotal();
      cell.clearHoldMax();
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
  private static List<Point> top(Map<String, AtomicLong> points) {
    List<Point> all = new ArrayList<>();
    points.forEach((site, n) -> all.add(new Point(site, n.get())));
    all.sort(Comparator.comparingLong(Point::count).reversed().thenComparing(Point::site));
    return List.copyOf(all.subList(0, Math.min(4, all.size())));
  }

  /** A call site and how many times it was seen. */
  record Point(String site, long count) {}

  /** One class's counts at one moment. */
  record Counts(
      long acquisitions,
      long contentions,
      long waitTotal,
      long waitMax,
      long holdTotal,
      long holdMax,
      List<Point> contentionPoints,
      List<Point> contendingPoints) {}
}
