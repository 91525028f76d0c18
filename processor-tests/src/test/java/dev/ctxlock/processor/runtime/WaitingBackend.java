package dev.ctxlock.processor.runtime;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/**
 * A timed annotated backend (through its superclass) with one timed contextual backend ({@link
 * TimedFlagBackend}, under {@link Quiet}) and one untimed ({@link FlagBackend}, under {@link
 * Permission}): the generated {@code Waiting<T>} has {@code tryLock(Duration)}, {@code
 * lockInterruptibly()} and {@code tryLockWith(Quiet, Duration)}, but no {@code
 * tryLockWith(Permission, Duration)}.
 */
@SuppressWarnings("ctxlock") // Permission is deliberately not a ContextToken
@Waits(WaitType.SPIN)
@WithContext(context = Quiet.class, contextual = TimedFlagBackend.class)
@WithContext(context = Permission.class, contextual = FlagBackend.class)
public final class WaitingBackend extends TimedFlagOps {
  public static final WaitingBackend INSTANCE = new WaitingBackend();

  private WaitingBackend() {}
}
