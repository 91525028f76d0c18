package dev.ctxlock.sync;

import org.jspecify.annotations.Nullable;

/**
 * A lock bug found by the lock validator (the kernel's lockdep), reported the first time the code
 * makes it possible, whether or not it happened in this run. Thrown from the acquisition or wait
 * that revealed it, with nothing taken or released, when the JVM runs with {@code
 * -Dctxlock.validate=throw}; logged with {@code -Dctxlock.validate=warn}. See {@link
 * LockValidator}.
 *
 * <p>The message names the rule and the locks involved, each by name and by the place in the code
 * that constructed it (its class). For a potential deadlock, the cause chain holds, for each edge
 * of the cycle, the stack where that lock order was first seen:
 *
 * <pre>{@code
 * dev.ctxlock.sync.LockValidationException: potential deadlock: ...
 * Caused by: LockValidationException$FirstSeen: accounts (Bank.java:12) then audit (Bank.java:13)
 *     at ...
 * Caused by: LockValidationException$FirstSeen: audit (Bank.java:13) then accounts (Bank.java:12)
 *     at ...
 * }</pre>
 */
public final class LockValidationException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The rule a report is about. */
  public enum Rule {
    /** An acquisition that closes a cycle in the order of lock classes. */
    POTENTIAL_DEADLOCK,
    /**
     * A lock class taken inside an interrupt handler and also held, elsewhere, with interrupts
     * enabled: a handler could interrupt that holder on its own CPU and spin forever.
     */
    IRQ_UNSAFE,
    /**
     * A sleeping acquisition or a {@link CondVar} wait while interrupts are disabled or a spin
     * lock is held.
     */
    SLEEP_IN_ATOMIC,
    /** A lock taken while a lock of the same class is held, without a declared nesting. */
    SAME_CLASS_NESTING
  }

  private final Rule rule;

  /**
   * A report of {@code rule}, with {@code message} and the cause chain of where each order or use
   * involved was first seen. The validator makes these; public for tools that report the same
   * rules.
   */
  public LockValidationException(Rule rule, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.rule = rule;
  }

  /** Returns the rule this report is about. */
  public Rule rule() {
    return rule;
  }

  /**
   * Where one lock order (or one use of a lock class) was first seen: a link of a report's cause
   * chain, whose stack trace is that first acquisition's.
   */
  public static final class FirstSeen extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A link saying {@code message}, whose stack trace is {@code stack}. */
    public FirstSeen(String message, StackTraceElement[] stack, @Nullable Throwable cause) {
      super(message, cause, false, true);
      setStackTrace(stack);
    }
  }
}
