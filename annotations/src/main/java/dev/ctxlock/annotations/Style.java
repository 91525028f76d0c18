package dev.ctxlock.annotations;

/**
 * Which form of the context-taking fast path the processor generates for one backend.
 *
 * <p>Whatever the style, the processor always generates the witness class
 * {@code XyzBackendContexts}, so that generic code can take any lock under a context.
 */
public enum Style {
  /**
   * The style given by the {@code -Actxlock.style=inherent|generic} processor option, or
   * {@link #INHERENT} when the option is absent.
   */
  DEFAULT,

  /**
   * Generates a lock class {@code Xyz<T> extends Lock<T, XyzBackend>} with inherent
   * {@code lockWith(C)} / {@code tryLockWith(C)} methods, the form the Linux kernel's reviewers
   * chose. Reads best at a call site: {@code irqLock.lockWith(token)}.
   */
  INHERENT,

  /**
   * Generates only the witness class; callers use
   * {@code lock.lockWith(XyzBackendContexts.CONSTANT, context)}. Lets library code accept "any lock
   * that can be taken under context C" without naming the backend.
   */
  GENERIC
}
