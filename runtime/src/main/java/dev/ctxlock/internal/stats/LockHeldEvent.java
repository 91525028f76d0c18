package dev.ctxlock.internal.stats;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * A JFR event for a long hold of a ctxlock lock, committed by the holder as it releases, with its
 * stack: so a recording shows who held the lock that {@code dev.ctxlock.LockContended} events
 * waited for. Needs the statistics on ({@code -Dctxlock.stats}), which time every hold; the
 * threshold is a hold of {@link LockStats#longHoldNanos()} (20 ms by default, like {@code
 * LockContended}'s; {@code -Dctxlock.stats.longHold=5ms} changes it). An instant event: its {@code
 * holdTime} field is the hold's length, measured as the statistics measure holds. Example:
 *
 * <pre>{@code
 * java -Dctxlock.stats=on -XX:StartFlightRecording:filename=app.jfr ...
 * jfr print --events dev.ctxlock.LockHeld app.jfr
 * }</pre>
 */
@Name("dev.ctxlock.LockHeld")
@Label("ctxlock Lock Held")
@Category("ctxlock")
@Description("A ctxlock lock held for a long time (needs -Dctxlock.stats), committed at its release")
@StackTrace(true)
final class LockHeldEvent extends Event {

  @Label("Lock")
  @Description("The name of the lock")
  String lockName;

  @Label("Lock Class")
  @Description("The lock's class, as the statistics' rows name it")
  String lockClass;

  @Label("Hold Time")
  @Description("How long the lock was held, to within the statistics' clock tick (1 ms), never less")
  @Timespan(Timespan.NANOSECONDS)
  long holdTime;

  /** Commits an event for a hold of {@code nanos} of the lock named {@code lockName}. */
  static void commit(String lockName, String lockClass, long nanos) {
    LockHeldEvent e = new LockHeldEvent();
    if (e.isEnabled()) {
      e.lockName = lockName;
      e.lockClass = lockClass;
      e.holdTime = nanos;
      e.commit();
    }
  }
}
