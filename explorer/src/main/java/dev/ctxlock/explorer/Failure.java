package dev.ctxlock.explorer;

/** How a schedule failed, or {@link #NONE}. */
public enum Failure {
  /** No schedule failed. */
  NONE,
  /**
   * Every unfinished thread is blocked on a lock held by a blocked thread (or on a condition
   * nobody will signal): the report names each thread, what it waits for, and who holds it.
   */
  DEADLOCK,
  /** A scenario thread or an interrupt handler threw (a lock validator report included). */
  EXCEPTION,
  /** A check declared with {@link Scenario#check} failed once every thread had ended. */
  INVARIANT,
  /**
   * A thread blocked or looped outside ctxlock's control ({@code synchronized}, a {@code j.u.c}
   * lock, {@code Thread.sleep}, a latch) for longer than the explorer's bound: named, never a hang.
   */
  STUCK
}
