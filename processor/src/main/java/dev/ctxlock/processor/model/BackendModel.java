package dev.ctxlock.processor.model;

import dev.ctxlock.annotations.Style;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.TypeElement;

/**
 * A validated, annotated backend: everything the writers need, and nothing they must check.
 * Created only when validation reported no error for the backend.
 */
public final class BackendModel {

  private final TypeElement backend;
  private final Style style;
  private final boolean timed;
  private final List<ContextBinding> bindings;

  /**
   * @param style {@link Style#INHERENT} or {@link Style#GENERIC}, never {@link Style#DEFAULT}
   * @param timed whether the backend is a {@code TimedBackend}
   * @param bindings one per annotation, in declaration order, at least one
   */
  public BackendModel(
      TypeElement backend, Style style, boolean timed, List<ContextBinding> bindings) {
    if (style == Style.DEFAULT) {
      throw new IllegalArgumentException("style must be resolved");
    }
    if (bindings.isEmpty()) {
      throw new IllegalArgumentException("a backend has at least one binding");
    }
    this.backend = Objects.requireNonNull(backend, "backend");
    this.style = style;
    this.timed = timed;
    this.bindings = List.copyOf(bindings);
  }

  /** The annotated backend, also the sole originating element of every generated file. */
  public TypeElement backend() {
    return backend;
  }

  /** The resolved style: whether to generate the inherent lock class too. */
  public Style style() {
    return style;
  }

  /**
   * Whether the backend implements {@code TimedBackend} (directly or through a supertype): then
   * its lock class gets {@code tryLock(Duration)} and {@code lockInterruptibly()}.
   */
  public boolean timed() {
    return timed;
  }

  /** The annotations' bindings, in declaration order. */
  public List<ContextBinding> bindings() {
    return bindings;
  }
}
