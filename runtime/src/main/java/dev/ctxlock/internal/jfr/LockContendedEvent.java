package dev.ctxlock.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A JFR event for a lock acquisition that had to wait, of any backend (users' included): begun
 * when the seam reports contention ({@link JfrProbe}), so never on the uncontended path. Recorded when the wait lasted at least the threshold, 20 ms by
 * default ({@code jfr configure} or a recording's settings change it). Example:
 *
 * <pre>{@code
 * java -XX:StartFlightRecording:filename=app.jfr,settings=profile ...
 * jfr print --events dev.ctxlock.LockContended app.jfr
 * }</pre>
 */
@Name("dev.ctxlock.LockContended")
@Label("ctxlock Lock Contended")
@Category("ctxlock")
@Description("A ctxlock lock acquisition that waited for another thread to release the lock")
@Threshold("20 ms")
@StackTrace(true)
final class LockContendedEvent extends Event {

  @Label("Lock")
  @Description("The name of the lock")
  String lockName;

  @Label("Backend")
  @Description("The backend that acquired the lock")
  String backend;

  /**
   * Begins an event for a wait on the lock named {@code lockName} by the backend labelled {@code
   * backend} (its class name); the slow path only.
   */
  static LockContendedEvent begin(String lockName, String backend) {
    LockContendedEvent e = new LockContendedEvent();
    if (e.isEnabled()) {
      e.lockName = lockName;
      e.backend = backend;
      e.begin();
    }
    return e;
  }

  /** Ends the wait; commits if long enough. */
  void finish() {
    if (isEnabled()) {
      end();
      if (shouldCommit()) {
        commit();
      }
    }
  }
}
