package dev.ctxlock.sync;

/**
 * A witness that locks of backend {@code B} can be taken with the cheaper backend {@code CB} over
 * the same state, by a caller that proves context {@code C}: as a value, the {@code
 * BackendWithContext} trait of version 17 of the kernel's {@code lock_with()} patch series (the
 * merged kernel code dropped the trait for inherent methods; ctxlock keeps both forms).
 *
 * <p>The ctxlock processor generates one constant per {@code @WithContext} annotation, in
 * {@code XyzBackendContexts}. Generic code uses it to accept "any lock that can be taken under
 * context C" without naming the backend:
 *
 * <pre>{@code
 * static <T, B extends Backend<?>, CB extends Backend<?>> void bump(
 *     Lock<T, B> lock, BackendWithContext<B, LocalInterruptDisabled, CB> with,
 *     LocalInterruptDisabled irqOff, Consumer<T> update) {
 *   try (Guard<T, CB> g = lock.lockWith(with, irqOff)) {
 *     update.accept(g.get());
 *   }
 * }
 * bump(stats, SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff, s -> s.count++);
 * }</pre>
 *
 * <p>Only generated witnesses are covered by ctxlock's safety guarantee: the processor checked
 * that {@code CB}'s state type is exactly {@code B}'s, which {@link Lock#lockWith(BackendWithContext,
 * Object)} relies on. A hand-written implementation is outside that guarantee.
 *
 * @param <B> the annotated backend
 * @param <C> the context type, the proof the caller passes
 * @param <CB> the contextual backend
 */
public interface BackendWithContext<B extends Backend<?>, C, CB extends Backend<?>> {

  /** The annotated backend's {@code INSTANCE}. */
  B backend();

  /** The contextual backend's {@code INSTANCE}, which runs over {@link #backend()}'s state. */
  CB contextual();

  /** The context type, used to check a context passed through an unchecked path. */
  Class<C> contextType();
}
