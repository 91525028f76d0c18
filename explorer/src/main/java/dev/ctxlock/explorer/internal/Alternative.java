package dev.ctxlock.explorer.internal;

/**
 * One choice at a scheduling point: which thread runs next, or an interrupt arriving on a thread,
 * or a timed wait of a thread ending as timed out.
 *
 * @param kind what happens
 * @param thread the index of the thread it happens to
 * @param preemption whether choosing it preempts the thread at the point while that thread could
 *     go on (what the systematic search budgets; interrupts and timeouts are free)
 */
public record Alternative(Kind kind, int thread, boolean preemption) {

  /** What an alternative does. */
  public enum Kind {
    /** The thread runs to its next scheduling point. */
    RUN,
    /** An interrupt (declared, or raised and pending) arrives on the thread, which runs it. */
    INTERRUPT,
    /** The thread's timed wait ends as timed out. */
    TIMEOUT
  }

  /** The alternative's token in a schedule string: {@code a} runs thread 0, {@code B} interrupts
   * thread 1, {@code ~c} times thread 2's wait out. */
  public String token() {
    char t = (char) ('a' + thread);
    switch (kind) {
      case RUN:
        return String.valueOf(t);
      case INTERRUPT:
        return String.valueOf(Character.toUpperCase(t));
      default:
        return "~" + t;
    }
  }
}
