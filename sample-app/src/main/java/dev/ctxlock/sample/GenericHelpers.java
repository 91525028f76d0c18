package dev.ctxlock.sample;

import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import java.util.function.Consumer;

/**
 * Code that works with any lock that can be taken cheaply under some context: the generic
 * (trait-style) form of the fast path, {@link Lock#lockWith(BackendWithContext, Object)}.
 *
 * <p>The helper names no backend and no context. The caller passes a witness, a {@link
 * BackendWithContext} that the ctxlock processor generated for a backend annotated with {@code
 * @WithContext}, and the proof of that witness's context. The sample uses the helpers twice:
 *
 * <ul>
 *   <li>for the runtime's irq spin lock, {@code SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED}
 *       with a {@code LocalInterruptDisabled} token (an inherent-style backend: the witness class
 *       is generated in both styles);
 *   <li>for the sample's bus lock, {@code BusSpinLockBackendContexts.BUS_CLAIMED} with a {@code
 *       BusClaimed} token (a generic-style backend: the witness is all there is).
 * </ul>
 *
 * <p>The types tie the pieces together: the witness must be for the lock's backend {@code B} and
 * for the context {@code C} the caller proves, and the guard comes back typed with the cheaper
 * backend {@code CB}. A witness of another backend does not compile.
 */
public final class GenericHelpers {

  private GenericHelpers() {}

  /**
   * Applies {@code update} to the value of {@code lock}, taken with the witness's cheaper backend
   * because the caller proves the witness's context.
   *
   * @param lock any lock whose backend has a witness for context {@code C}
   * @param with the witness, e.g. {@code SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED}
   * @param context the proof, lent by the caller: this method must not close it
   * @param update what to do with the value, under the lock
   * @param <T> the protected value's type
   * @param <B> the lock's backend (for a {@code SpinLockIrq}: {@code SpinLockIrqBackend})
   * @param <C> the context type (e.g. {@code LocalInterruptDisabled})
   * @param <CB> the backend the witness takes the lock with (e.g. {@code SpinLockBackend})
   */
  public static <T, B extends Backend<?>, C, CB extends Backend<?>> void update(
      Lock<T, B> lock, BackendWithContext<B, C, CB> with, C context, Consumer<? super T> update) {
    // The guard closes with CB (e.g. a plain spin unlock), so the context stays as it was.
    try (Guard<T, CB> guard = lock.lockWith(with, context)) {
      update.accept(guard.get());
    }
  }

  /**
   * Runs {@code action} with the guard of {@code lock}, taken as {@link #update} takes it: for
   * callers that need the guard itself, for instance to reach a {@code LockedBy} value that {@code
   * lock} protects.
   *
   * @param lock any lock whose backend has a witness for context {@code C}
   * @param with the witness, e.g. {@code BusSpinLockBackendContexts.BUS_CLAIMED}
   * @param context the proof, lent by the caller: this method must not close it
   * @param action what to do under the lock; it must not close the guard or keep it
   * @param <T> the protected value's type
   * @param <B> the lock's backend
   * @param <C> the context type
   * @param <CB> the backend the witness takes the lock with
   */
  public static <T, B extends Backend<?>, C, CB extends Backend<?>> void withGuard(
      Lock<T, B> lock,
      BackendWithContext<B, C, CB> with,
      C context,
      Consumer<? super Guard<T, CB>> action) {
    try (Guard<T, CB> guard = lock.lockWith(with, context)) {
      action.accept(guard);
    }
  }
}
