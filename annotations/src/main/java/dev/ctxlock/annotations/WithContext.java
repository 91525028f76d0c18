package dev.ctxlock.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that a lock backend can be taken with a cheaper, <em>contextual</em> backend over the
 * same state when the caller proves a <em>context</em> by passing a value of the context type.
 *
 * <p>The ctxlock processor generates, for an annotated {@code p.XyzBackend implements Backend<S>}:
 *
 * <ul>
 *   <li>always, {@code p.XyzBackendContexts}: one {@code BackendWithContext<XyzBackend, C, CB>}
 *       constant per annotation, for {@code lock.lockWith(XyzBackendContexts.C_NAME, context)};
 *   <li>for style {@link Style#INHERENT} (the default), {@code p.Xyz<T> extends Lock<T, XyzBackend>}
 *       with {@code lockWith(C)} and {@code tryLockWith(C)} per annotation.
 * </ul>
 *
 * <p>Example, the one the runtime itself uses:
 *
 * <pre>{@code
 * @WithContext(context = LocalInterruptDisabled.class, contextual = SpinLockBackend.class)
 * public enum SpinLockIrqBackend implements Backend<SpinLockState> { INSTANCE; ... }
 *
 * // generated: SpinLockIrq<T>, used as
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
 *      Guard<Stats, SpinLockBackend> g = stats.lockWith(irqOff)) {
 *   g.get().count++;
 * }
 * }</pre>
 *
 * <h2>A trusted assertion</h2>
 *
 * <p>Like the {@code unsafe} code behind the kernel's {@code lock_with()} (an {@code unsafe impl}
 * of the trait in the patch series' version 17, a private transmute in the merged code), this
 * annotation asserts what no
 * compiler can check: (a) both backends run one locking protocol over the shared state, so
 * {@code lock()} and {@code lockWith()} exclude each other; and (b) holding the context makes the
 * contextual backend's acquisition as safe as the annotated backend's. The processor rejects what
 * it can see is unsound (above all a contextual backend with another state type); run the ctxlock
 * contract test on your own pair to check the rest.
 */
@Documented
@Repeatable(WithContext.List.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface WithContext {

  /**
   * The proof type, for example {@code LocalInterruptDisabled}. Only code that has entered the
   * context should be able to obtain a value of it: the processor warns when it can see that
   * other code can forge one. Extend {@code dev.ctxlock.sync.ContextToken} to get lifetime and
   * thread checks at run time.
   */
  Class<?> context();

  /** The cheaper backend, which must have exactly the annotated backend's state type. */
  Class<?> contextual();

  /** Which form to generate; see {@link Style}. */
  Style style() default Style.DEFAULT;

  /** Holds repeated {@link WithContext} annotations; writing it explicitly means the same. */
  @Documented
  @Target(ElementType.TYPE)
  @Retention(RetentionPolicy.CLASS)
  @interface List {
    /** The annotations, in declaration order. */
    WithContext[] value();
  }
}
