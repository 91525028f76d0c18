package dev.ctxlock.sample;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import java.util.function.Consumer;

/**
 * Code that works with any lock that can be taken cheaply when interrupts are off: the generic
 * (trait-style) form of the fast path, {@link Lock#lockWith(BackendWithContext, Object)}.
 *
 * <p>The helper does not name {@code SpinLockIrq} or its backends. The caller passes a witness, a
 * {@link BackendWithContext} that the ctxlock processor generated for a backend annotated with
 * {@code @WithContext}: for the irq spin lock that is {@code
 * SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED}. The types tie the three together: the
 * witness must be for the lock's backend {@code B} and for the context the caller proves, and the
 * guard comes back typed with the cheaper backend {@code CB}.
 */
public final class GenericHelpers {

  private GenericHelpers() {}

  /**
   * Applies {@code update} to the value of {@code lock}, taken with the cheaper backend because
   * the caller proves that interrupts are disabled.
   *
   * @param lock any lock whose backend has a witness for {@link LocalInterruptDisabled}
   * @param with the witness, e.g. {@code SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED}
   * @param irqOff the proof, lent by the caller: this method must not close it
   * @param update what to do with the value, under the lock
   * @param <T> the protected value's type
   * @param <B> the lock's backend (for a {@code SpinLockIrq}: {@code SpinLockIrqBackend})
   * @param <CB> the backend the witness takes the lock with ({@code SpinLockBackend})
   */
  public static <T, B extends Backend<?>, CB extends Backend<?>> void update(
      Lock<T, B> lock,
      BackendWithContext<B, LocalInterruptDisabled, CB> with,
      LocalInterruptDisabled irqOff,
      Consumer<? super T> update) {
    // The guard closes with CB (here: a plain spin unlock), so interrupts stay as they were.
    try (Guard<T, CB> guard = lock.lockWith(with, irqOff)) {
      update.accept(guard.get());
    }
  }
}
