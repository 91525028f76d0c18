package dev.ctxlock.explorer;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an exploration found: the first failing schedule (its kind, its trace, and a string that
 * replays it with {@link Explorer#replay}), or that none failed, with how many schedules ran and
 * whether they were every schedule within the bounds.
 *
 * <pre>{@code
 * @Test
 * void ringAndHandlerNeverDeadlock() {
 *   Explorer.explorer().explore(Ring::scenario).assertNoFailure();
 * }
 * }</pre>
 */
public final class Report {

  private final Failure failure;
  private final int schedulesExplored;
  private final boolean exhaustive;
  private final @Nullable String schedule;
  private final String trace;
  private final @Nullable Throwable cause;
  private final String summary;

  Report(
      Failure failure,
      int schedulesExplored,
      boolean exhaustive,
      @Nullable String schedule,
      String trace,
      @Nullable Throwable cause,
      String summary) {
    this.failure = Objects.requireNonNull(failure);
    this.schedulesExplored = schedulesExplored;
    this.exhaustive = exhaustive;
    this.schedule = schedule;
    this.trace = trace;
    this.cause = cause;
    this.summary = summary;
  }

  /** Whether a schedule failed. */
  public boolean failed() {
    return failure != Failure.NONE;
  }

  /** The failure of the first failing schedule, or {@link Failure#NONE}. */
  public Failure failure() {
    return failure;
  }

  /** How many schedules ran (the failing one included). */
  public int schedulesExplored() {
    return schedulesExplored;
  }

  /**
   * Whether every schedule within the bounds ran: true only when the systematic search finished
   * before {@link Explorer#maxSchedules} and {@link Explorer#timeout}, and no schedule failed
   * first. A randomised search is never exhaustive.
   */
  public boolean exhaustive() {
    return exhaustive;
  }

  /** The string that replays the failing schedule ({@link Explorer#replay}); null when none. */
  public @Nullable String schedule() {
    return schedule;
  }

  /**
   * The failing schedule, a ctxlock operation a line (step, thread, operation, lock, the thread's
   * interrupt state), then what failed; for a deadlock, the wait-for cycle and the kernel's
   * "possible unsafe locking scenario" table. Empty when nothing failed.
   */
  public String trace() {
    return trace;
  }

  /** What a thread, handler or check threw, for {@code EXCEPTION} and {@code INVARIANT}. */
  public @Nullable Throwable cause() {
    return cause;
  }

  /**
   * Throws {@link AssertionError} with the failure, the trace and the schedule if a schedule
   * failed; for JUnit and the like.
   */
  public void assertNoFailure() {
    if (failed()) {
      AssertionError e = new AssertionError(toString());
      if (cause != null) {
        e.initCause(cause);
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    if (!failed()) {
      return "no failure in " + schedulesExplored + " schedule(s)"
          + (exhaustive ? " (every schedule within the bounds)" : " (not exhaustive)");
    }
    return failure + " after " + schedulesExplored + " schedule(s): " + summary + "\n" + trace
        + "\nreplay: Explorer.explorer().replay(scenario, \"" + schedule + "\")";
  }
}
