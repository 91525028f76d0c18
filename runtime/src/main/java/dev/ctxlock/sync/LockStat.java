package dev.ctxlock.sync;

import dev.ctxlock.internal.probe.LockProbes;
import dev.ctxlock.internal.stats.ClassCounts;
import dev.ctxlock.internal.stats.LockStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lock statistics: the kernel's lockstat ({@code /proc/lock_stat}) for ctxlock locks. Per lock
 * class, how often its locks were taken and contended, how long threads waited for them and held
 * them, and where: the call sites that waited and the ones that held the lock meanwhile. The
 * answer to "which lock makes this service slow under load, and who holds it".
 *
 * <p>Off unless the JVM runs with {@code -Dctxlock.stats=on} (collect) or {@code
 * -Dctxlock.stats=print} (collect, and print {@link #table()} on {@code System.err} at exit); the
 * property is read once, when ctxlock is first used. Off, every hook is behind a constant that the
 * JIT folds away, and this class answers: {@link #isEnabled()} false, {@link #snapshot()} empty,
 * {@link #reset()} nothing, {@link #table()} a line saying the statistics are off.
 *
 * <pre>{@code
 * // java -Dctxlock.stats=on ...
 * for (LockStat.ClassStat s : LockStat.snapshot()) {          // most waited-for first
 *   System.out.printf("%s: %d of %d acquisitions waited, %d us in all, while %s held it%n",
 *       s.lockClass(), s.contentions(), s.acquisitions(), s.waitTotalNanos() / 1000,
 *       s.contendingPoints());
 * }
 * }</pre>
 *
 * <p>Rows are per lock class, the classes of the {@link LockValidator lock validator}: the place
 * that constructed the lock, or the class given with {@link LockValidator#setClass} or {@link
 * LockValidator#setSubclass}. Every backend (users' included), every acquisition form and every
 * re-acquisition after a {@link Guard#callUnlocked} window or a {@link CondVar} wait is counted.
 *
 * <ul>
 *   <li>An <em>acquisition</em> is a successful one; a failed {@code tryLock} counts nothing.
 *   <li>A <em>contention</em> is an acquisition that did not get the lock at its first attempt
 *       (a failed {@code tryLock} is not one). Its <em>wait</em> runs until it got the lock or
 *       gave up (timed out, interrupted).
 *   <li>A <em>hold</em> runs from acquisition to release; a {@code callUnlocked} window or a
 *       {@code CondVar} wait ends one hold and starts another. Hold times are measured with a
 *       clock that ticks every millisecond: a hold that spans a tick is counted at least as long
 *       as it was and at most one tick longer; shorter holds are right on average over many
 *       holds, not one by one.
 *   <li>Call sites are the first stack frame outside ctxlock, as {@code
 *       Class.method(File.java:line)}: a <em>contention point</em> is where a thread waited, a
 *       <em>contending point</em> is where the holder was when it released the lock someone
 *       waited for.
 * </ul>
 *
 * <p>The uncontended path costs no stack walk, no allocation and no write shared between threads
 * (counters are per thread, summed by {@link #snapshot()}); stacks are walked only on contention.
 * With the statistics on, holds of 20 ms or more ({@code -Dctxlock.stats.longHold=5ms} changes
 * it) also commit a JFR event {@code dev.ctxlock.LockHeld} from the holder, with its stack. See
 * {@code docs/lockstat.md} for how to read the table.
 */
public final class LockStat {

  private LockStat() {}

  /** Whether the statistics were loaded: their probe answers to its name. */
  private static final boolean COLLECTING = LockProbes.TRACKING && LockProbes.isLoaded("lockstat");

  /**
   * Returns whether lock statistics are being collected ({@code -Dctxlock.stats=on} or {@code
   * print}).
   *
   * <pre>{@code
   * if (LockStat.isEnabled()) {
   *   log.info(LockStat.table());
   * }
   * }</pre>
   */
  public static boolean isEnabled() {
    return COLLECTING;
  }

  /**
   * Returns the statistics of every lock class taken or contended since the JVM started (or the
   * last {@link #reset()}), sorted by total wait time, largest first: the class that cost waiting
   * threads the most comes first. Empty when the statistics are off. Counts of threads that are
   * running are read as they are now, so a snapshot taken while locks are in use may be a few
   * events behind on some classes; nothing is lost.
   *
   * <pre>{@code
   * LockStat.ClassStat worst = LockStat.snapshot().get(0);
   * System.out.println(worst.lockClass() + " waited at " + worst.contentionPoints());
   * }</pre>
   */
  public static List<ClassStat> snapshot() {
    if (!COLLECTING) {
      return List.of();
    }
    List<ClassStat> rows = new ArrayList<>();
    for (ClassCounts c : LockStats.snapshot()) {
      rows.add(
          new ClassStat(
              c.lockClass(),
              c.acquisitions(),
              c.contentions(),
              c.waitTotal(),
              c.waitMax(),
              c.holdTotal(),
              c.holdMax(),
              sites(c.contentionPoints()),
              sites(c.contendingPoints())));
    }
    return List.copyOf(rows);
  }

  private static List<String> sites(List<ClassCounts.Point> points) {
    List<String> sites = new ArrayList<>(points.size());
    for (ClassCounts.Point p : points) {
      sites.add(p.site());
    }
    return sites;
  }

  /**
   * Forgets every count, so that the next {@link #snapshot()} covers what happens from now on (a
   * phase of a load test, say). A hold or wait that is under way counts after the reset. A no-op
   * when the statistics are off.
   *
   * <pre>{@code
   * LockStat.reset();
   * runLoad();
   * System.err.print(LockStat.table());
   * }</pre>
   */
  public static void reset() {
    if (COLLECTING) {
      LockStats.reset();
    }
  }

  /**
   * Returns the statistics as a table in the column order of the kernel's {@code
   * /proc/lock_stat}: class name, contentions, waittime-max, waittime-total, waittime-avg,
   * acquisitions, holdtime-max, holdtime-total, holdtime-avg (times in microseconds), and under a
   * contended class its contention points and its contending points, each with a count. The
   * kernel's bounce and minimum columns are not measured, so not printed. With {@code
   * -Dctxlock.stats=print}, this is what is printed at exit. When the statistics are off, a line
   * that says so.
   *
   * <pre>{@code
   * System.err.print(LockStat.table());
   * }</pre>
   */
  public static String table() {
    return COLLECTING
        ? LockStats.table()
        : "lock_stat (ctxlock): lock statistics are off; run with -Dctxlock.stats=on or print\n";
  }

  /**
   * The statistics of one lock class (see {@link LockStat} for what each count means). Times are
   * in nanoseconds; call sites are {@code Class.method(File.java:line)}, at most four, most
   * frequent first.
   *
   * <pre>{@code
   * for (LockStat.ClassStat s : LockStat.snapshot()) {
   *   double avgHoldMicros = s.holdTotalNanos() / 1000.0 / Math.max(1, s.acquisitions());
   *   System.out.println(s.lockClass() + " held " + avgHoldMicros + " us on average");
   * }
   * }</pre>
   *
   * @param lockClass the class: its first lock's name and, in parentheses, its construction site
   *     (or {@code class NAME} for {@link LockValidator#setClass}, or the site and {@code subclass
   *     N})
   * @param acquisitions successful acquisitions, re-acquisitions after a window or a wait included
   * @param contentions acquisitions that did not get the lock at their first attempt
   * @param waitTotalNanos the time contended acquisitions waited, in all
   * @param waitMaxNanos the longest wait
   * @param holdTotalNanos the time locks of the class were held, in all
   * @param holdMaxNanos the longest hold
   * @param contentionPoints up to four call sites that waited, most first
   * @param contendingPoints up to four call sites that held a lock of the class while another
   *     thread waited for it, most first
   */
  public record ClassStat(
      String lockClass,
      long acquisitions,
      long contentions,
      long waitTotalNanos,
      long waitMaxNanos,
      long holdTotalNanos,
      long holdMaxNanos,
      List<String> contentionPoints,
      List<String> contendingPoints) {

    /** Checks the names and copies the lists (unmodifiable). */
    public ClassStat {
      Objects.requireNonNull(lockClass, "lockClass");
      contentionPoints = List.copyOf(contentionPoints);
      contendingPoints = List.copyOf(contendingPoints);
    }
  }
}
