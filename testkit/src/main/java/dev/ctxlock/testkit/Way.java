package dev.ctxlock.testkit;

/** How a thread takes the lock under test. */
enum Way {
  /** {@code lock.lock()}. */
  LOCK,
  /** {@code lock.tryLock()}, retried until it succeeds. */
  TRY_LOCK,
  /** The contract's {@code lockWith}. */
  LOCK_WITH,
  /** The contract's {@code tryLockWith}, retried until it succeeds. */
  TRY_LOCK_WITH,
  /** {@code lock.lockWith(witness(), context)}, when a witness is supplied. */
  WITNESS_LOCK_WITH,
  /** {@code lock.tryLockWith(witness(), context)}, retried, when a witness is supplied. */
  WITNESS_TRY_LOCK_WITH,
  /** The contract's {@code tryLock(lock, timeout)}, retried, for a timed annotated backend. */
  TIMED_TRY_LOCK,
  /** The contract's {@code lockInterruptibly(lock)}, for a timed annotated backend. */
  LOCK_INTERRUPTIBLY,
  /** The contract's {@code tryLockWith(lock, context, timeout)}, retried, when it is timed. */
  TIMED_TRY_LOCK_WITH,
  /** {@code lock.tryLockWith(witness(), context, timeout)}, retried, for a timed contextual. */
  WITNESS_TIMED_TRY_LOCK_WITH;

  /** Length of the array the lock protects: the total, its mirror and one count per way. */
  static final int DATA_LENGTH = 2 + values().length;

  /** Whether this way takes the lock with the contextual backend, so needs a context. */
  boolean usesContext() {
    return this != LOCK && this != TRY_LOCK && this != TIMED_TRY_LOCK && this != LOCK_INTERRUPTIBLY;
  }

  /** Whether one attempt may fail (null) instead of waiting. */
  boolean isTry() {
    return this == TRY_LOCK
        || this == TRY_LOCK_WITH
        || this == WITNESS_TRY_LOCK_WITH
        || this == TIMED_TRY_LOCK
        || this == TIMED_TRY_LOCK_WITH
        || this == WITNESS_TIMED_TRY_LOCK_WITH;
  }
}
