package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.BackendTraits;
import dev.ctxlock.internal.probe.LockClass;
import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.LockProbes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Lock statistics (see {@code dev.ctxlock.sync.LockStat} for what they report): a client of the
 * instrumentation seam, loaded by {@link StatsProvider} when the JVM runs with {@code
 * -Dctxlock.stats=on} or {@code print}. Off, it is not loaded and the seam's hooks compile away.
 *
 * <h2>Design</h2>
 *
 * <p>As the kernel's lockstat: counts per lock class, the validator's classes. It tracks holds from
 * the start, so every lock is built with a map and takes the seam's tracked path. What every
 * acquisition and release touches is in fields of the lock's {@link LockMap} itself, as lockstat's
 * are in the kernel's {@code lockdep_map}: the count of acquisitions, the current hold's start, and
 * the waiters' marks ({@link WaitMarks}). The rest of a lock's counts, per class, are its {@link
 * LockCounters}, in the statistics' slot of the map; a {@link StatClass} sums them on demand. Only
 * the holder writes either. So the uncontended path costs a read of the lock's class and of the
 * class it counts for, a count, two reads of the {@link CoarseClock}, a start written and read
 * back, and a read of the wait marks, all in the map: no thread-local lookup, no stack walk, no
 * allocation, no atomic instruction, and no write to memory that the acquisition does not own
 * already (a lock that one thread uses keeps its map in that CPU's cache; two locks of one class
 * never share a counter).
 *
 * <p>Everything else is on the contended path: a contention is counted, timed with {@link
 * System#nanoTime()}, and named by the waiter's call site (a stack walk) in the class's shared
 * counters; the waiter also marks the lock, and the holder that releases a marked lock walks its
 * own stack to name the call site that held it meanwhile (the contending point). That walk runs
 * before the release, while the waiters wait. So that walks cannot become the contention's main
 * cost, each side of a class walks at most once per {@link StatClass#WALK_INTERVAL_NANOS}: under
 * heavy contention call sites are sampled, while counts and times stay exact.
 *
 * <h2>Hold times</h2>
 *
 * <p>A hold begins at the {@link CoarseClock}'s reading at acquisition, which is never later than
 * the acquisition. If the clock has not moved at the release, the hold was shorter than a tick
 * and counts as 0; else it ends at the precise time of the release. So a hold is never counted
 * shorter than it was if it spanned a tick, and at most one tick longer; a hold shorter than a
 * tick counts either 0 or its length plus the time since the last tick, which on average over
 * many holds is its length (a hold of length h spans a tick with probability about h / tick).
 * Totals of many short holds are therefore right on average, and every long hold is bounded
 * below by its true length. Backends are exclusive: one hold of a lock at a time (a backend that
 * lets several threads in at once gets hold times for the last one in).
 *
 * <h2>Failures</h2>
 *
 * <p>No hook throws: a failure inside one (an {@link OutOfMemoryError}, a {@link
 * StackOverflowError}) loses that event's record, never the acquisition or release it observes.
 */
public final class LockStats implements LockProbe {

  /** The statistics, when loaded. */
  static final LockStats INSTANCE = new LockStats();

  /** Whether {@code print} was asked for: the table goes to {@code System.err} at exit. */
  private static volatile boolean printing;

  private static final Pattern DURATION =
      Pattern.compile("(\\d+)\\s*(ns|us|ms|s)?", Pattern.CASE_INSENSITIVE);

  private static final long DEFAULT_LONG_HOLD = TimeUnit.MILLISECONDS.toNanos(20);

  /**
   * A hold at least this long commits a {@link LockHeldEvent}: read when the first hold ends, so
   * that a bad value is reported only where the statistics run.
   */
  private static final class LongHold {
    static final long NANOS = parseLongHold(System.getProperty("ctxlock.stats.longHold"));
  }

  private LockStats() {}

  /** Reads {@code -Dctxlock.stats}: the statistics, or null when they are off. */
  static @Nullable LockStats fromSystemProperties() {
    String mode = System.getProperty("ctxlock.stats");
    if ("on".equals(mode) || "print".equals(mode)) {
      if ("print".equals(mode)) {
        printAtExit();
      }
      return INSTANCE;
    }
    if (mode != null && !mode.isEmpty() && !"off".equals(mode)) {
      warn(
          "-Dctxlock.stats=" + mode + " is not a mode (on, print or off): lock statistics stay"
              + " off");
    }
    return null;
  }

  private static void printAtExit() {
    if (!printing) {
      printing = true;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(() -> System.err.print(table()), "ctxlock-stats-print"));
    }
  }

  /** {@code 20ms}, {@code 500us}, {@code 1s}, or nanoseconds; the default when absent or bad. */
  static long parseLongHold(@Nullable String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LONG_HOLD;
    }
    Matcher m = DURATION.matcher(value.trim());
    if (m.matches()) {
      try {
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "ns" : m.group(2).toLowerCase(Locale.ROOT);
        TimeUnit u =
            switch (unit) {
              case "us" -> TimeUnit.MICROSECONDS;
              case "ms" -> TimeUnit.MILLISECONDS;
              case "s" -> TimeUnit.SECONDS;
              default -> TimeUnit.NANOSECONDS;
            };
        return u.toNanos(n);
      } catch (NumberFormatException tooLong) {
        // Falls through to the warning.
      }
    }
    warn("-Dctxlock.stats.longHold=" + value + " is not a duration (20ms, 500us, 1s): using 20ms");
    return DEFAULT_LONG_HOLD;
  }

  private static void warn(String message) {
    System.getLogger("dev.ctxlock").log(System.Logger.Level.WARNING, message);
  }

  /** The hold length from which a release commits a {@code dev.ctxlock.LockHeld} event. */
  static long longHoldNanos() {
    return LongHold.NANOS;
  }

  @Override
  public String name() {
    return "lockstat";
  }

  /** Holds are counted and timed per lock: no per-thread data, no interrupt levels. */
  @Override
  public boolean usesCpu() {
    return false;
  }

  /**
   * The hooks on the uncontended path are a few loads and stores (see "Design"), and never
   * refuse: inline, they cost an uncontended acquisition less than the slow path's call does
   * (docs/performance.md, "Lock statistics").
   */
  @Override
  public boolean holdHooksInline() {
    return true;
  }

  // ---- The uncontended path

  /** The statistics' slot in every lock's map; resolved once the probes are loaded. */
  private static final class Slot {
    static final int INDEX = LockProbes.slotOf(INSTANCE);
  }

  /**
   * The holder, at the lock's first counted acquisition or its first since its class changed:
   * counters for the class now, which count from here (the old class's keep what the lock did in
   * it). Slow path.
   */
  private static void startCounting(LockMap lock, LockClass cls) {
    Object old = lock.data(Slot.INDEX);
    if (!(old instanceof LockCounters c && c.lockClass == cls)) {
      LockCounters made = StatClass.of(cls).newCounters(lock);
      lock.setData(Slot.INDEX, made);
      if (old instanceof LockCounters stopped) {
        stopped.cls.retire(stopped);
      }
    }
    lock.setStatClass(cls);
  }

  // The two hooks below are on every tracked acquisition and release, so their compiled code must
  // stay small: C2 inlines a method that was already compiled on its own only while that code is
  // under InlineSmallCode (2,500 bytes on x86-64). A hook that grew past it (with the hold
  // accounting, the waits' claim and its stack walk compiled in) was called out of line from the
  // benchmark loop in some forks ("already compiled into a big method" in -XX:+PrintInlining),
  // which cost the contended spin lock more than all the counting (docs/performance.md, "Lock
  // statistics"). So each hook is its common case, a few loads and stores, and calls a separate
  // method for anything else. The JIT may still inline that method once it has run often (a
  // hundred calls make a call site hot), but what made it big, the stack walk, is a call it never
  // inlines (CallSites.here). The try/catch of "Failures" is in both, where it costs no compiled
  // code on the path that does not throw.

  @Override
  public void acquired(LockMap lock, BackendTraits taker, int form, int irqLevels) {
    try {
      if (lock.statClass() == lock.lockClass()) {
        lock.countStatAcquisition();
        lock.setStatSince(CoarseClock.now());
      } else {
        acquiredFirst(lock);
      }
    } catch (RuntimeException | Error e) {
      // See "Failures": this acquisition goes uncounted, and its release finds no hold (a field
      // store, which cannot fail).
      lock.setStatSince(LockMap.STAT_NOT_HELD);
    }
  }

  /** {@link #acquired} of a lock not counted yet, or not in its class now. */
  private static void acquiredFirst(LockMap lock) {
    try {
      startCounting(lock, lock.lockClass());
      lock.countStatAcquisition();
      lock.setStatSince(CoarseClock.now());
    } catch (RuntimeException | Error e) {
      // See "Failures", and acquired.
      lock.setStatSince(LockMap.STAT_NOT_HELD);
    }
  }

  @Override
  public void restored(LockMap lock, BackendTraits taker, int irqLevels) {
    // A release that failed: held again, as a new hold (the failed release ended the last one).
    lock.setStatSince(CoarseClock.now());
  }

  @Override
  public void released(LockMap lock) {
    try {
      // Reads nothing but the map, and writes nothing: a hold shorter than a tick counts 0 (see
      // "Hold times"), and anything else is rare. The start stays for the next acquisition to
      // overwrite (an acquisition that fails to count sets STAT_NOT_HELD instead): resetting it
      // here, a store that the next acquisition's store of its own start follows at once, cost
      // about a nanosecond per uncontended acquisition (docs/performance.md, "Lock statistics").
      long start = lock.statSince();
      if (CoarseClock.now() != start || WaitMarks.marked(lock)) {
        releasedSlow(lock, start);
      }
    } catch (RuntimeException | Error e) {
      // See "Failures".
    }
  }

  /**
   * {@link #released} of a hold that spanned a tick, or whose acquisition went uncounted, or of a
   * lock that waiters marked.
   */
  private static void releasedSlow(LockMap lock, long start) {
    try {
      if (start != LockMap.STAT_NOT_HELD
          && CoarseClock.now() != start
          && lock.data(Slot.INDEX) instanceof LockCounters c) {
        long hold = System.nanoTime() - start;
        c.held(hold);
        if (hold >= LongHold.NANOS) {
          LockHeldEvent.commit(lock.name(), c.cls.name, hold);
        }
      }
      if (WaitMarks.marked(lock)) {
        claimWaits(lock);
      }
    } catch (RuntimeException | Error e) {
      // See "Failures".
    }
  }

  /** This thread releases a lock that waiters marked: it is their contending point. */
  private static void claimWaits(LockMap lock) {
    int waits = WaitMarks.claim(lock);
    if (waits > 0) {
      StatClass cls = StatClass.of(lock.lockClass());
      if (cls.mayWalkHolder(System.nanoTime())) {
        cls.contending(CallSites.here(), waits);
      }
    }
  }

  // ---- The contended path

  /** A wait in progress, from {@link #contended} to {@link #waited}. */
  private record Wait(LockMap lock, StatClass cls, @Nullable String site, long start, int claims) {}

  @Override
  public @Nullable Object contended(@Nullable LockMap lock, String lockName, BackendTraits taker) {
    if (lock == null) {
      return null; // a lock built before the statistics were loaded
    }
    try {
      long start = System.nanoTime();
      StatClass cls = StatClass.of(lock.lockClass());
      // Marked before the stack walk, which may take long (the first one loads classes): the
      // holder must find the mark if it releases meanwhile.
      int claims = WaitMarks.mark(lock);
      try {
        String site = cls.mayWalkWaiter(start) ? CallSites.here() : null;
        return new Wait(lock, cls, site, start, claims);
      } catch (RuntimeException | Error e) {
        WaitMarks.unmark(lock, claims);
        throw e;
      }
    } catch (RuntimeException | Error e) {
      return null; // see "Failures"
    }
  }

  @Override
  public void waited(@Nullable Object context, boolean acquired) {
    if (!(context instanceof Wait wait)) {
      return;
    }
    try {
      wait.cls().waited(System.nanoTime() - wait.start(), wait.site());
      WaitMarks.unmark(wait.lock(), wait.claims());
    } catch (RuntimeException | Error e) {
      // See "Failures".
    }
  }

  // ---- Reading

  /**
   * Every class's counts, sorted by total wait time, largest first (then by total hold time, then
   * by name); for {@code LockStat.snapshot()}.
   */
  public static List<ClassCounts> snapshot() {
    StatClass.foldCollected();
    List<ClassCounts> rows = new ArrayList<>();
    for (LockClass c : LockClass.all()) {
      StatClass cls = StatClass.existing(c);
      ClassCounts counts = cls == null ? null : cls.counts();
      if (counts != null) {
        rows.add(counts);
      }
    }
    rows.sort(
        Comparator.comparingLong(ClassCounts::waitTotal)
            .thenComparingLong(ClassCounts::holdTotal)
            .reversed()
            .thenComparing(ClassCounts::lockClass));
    return rows;
  }

  /** For {@code LockStat.reset()}. */
  public static void reset() {
    StatClass.foldCollected();
    for (LockClass c : LockClass.all()) {
      StatClass cls = StatClass.existing(c);
      if (cls != null) {
        cls.reset();
      }
    }
  }

  /** For {@code LockStat.table()}. */
  public static String table() {
    return StatTable.format(snapshot());
  }
}
