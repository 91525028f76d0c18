package dev.ctxlock.sync;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a backend's {@link WaitType}: what its thread does while the lock is busy, as every
 * kernel lock declares its lockdep {@code wait_type}. Put it on the backend class itself; it is
 * not inherited. Every ctxlock rule about sleeping and atomic context reads it, so a user backend
 * that declares {@code SPIN} gets every rule a {@link SpinLock} gets, and one that declares
 * {@code SLEEP} every rule a {@link Mutex} gets:
 *
 * <pre>{@code
 * @Waits(WaitType.SPIN)
 * @WithContext(context = LocalInterruptDisabled.class, contextual = SpinLockBackend.class)
 * public enum BusBackend implements Backend<SpinLockState> {
 *   INSTANCE;
 *   ...   // delegates to SpinLockIrqBackend.INSTANCE
 * }
 * }</pre>
 *
 * <p>The annotation processor warns ({@code [ctxlock:BackendWaitTypeUnknown]}) for a backend named
 * by {@code @WithContext} that lacks it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Waits {
  /** The backend's wait type. */
  WaitType value();
}
