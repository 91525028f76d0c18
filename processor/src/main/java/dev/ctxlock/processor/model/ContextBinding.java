package dev.ctxlock.processor.model;

import java.util.Objects;
import javax.lang.model.element.TypeElement;

/**
 * One validated {@code @WithContext}: callers proving {@link #context()} may take the backend's
 * locks with {@link #contextual()}, which runs over the same state type.
 */
public final class ContextBinding {

  private final TypeElement context;
  private final TypeElement contextual;
  private final boolean contextIsToken;
  private final boolean contextualTimed;
  private final String constantName;

  public ContextBinding(
      TypeElement context,
      TypeElement contextual,
      boolean contextIsToken,
      boolean contextualTimed,
      String constantName) {
    this.context = Objects.requireNonNull(context, "context");
    this.contextual = Objects.requireNonNull(contextual, "contextual");
    this.contextIsToken = contextIsToken;
    this.contextualTimed = contextualTimed;
    this.constantName = Objects.requireNonNull(constantName, "constantName");
  }

  /** The context type: a class or interface, possibly generic (then used with wildcards). */
  public TypeElement context() {
    return context;
  }

  /** The contextual backend: not generic, same state type as the annotated backend. */
  public TypeElement contextual() {
    return contextual;
  }

  /** Whether the context type extends {@code dev.ctxlock.sync.ContextToken}. */
  public boolean contextIsToken() {
    return contextIsToken;
  }

  /**
   * Whether the contextual backend implements {@code TimedBackend}: then the lock class gets
   * {@code tryLockWith(context, Duration)} for this binding.
   */
  public boolean contextualTimed() {
    return contextualTimed;
  }

  /** The name of this binding's constant in the witness class, e.g. {@code IRQ_DISABLED}. */
  public String constantName() {
    return constantName;
  }
}
