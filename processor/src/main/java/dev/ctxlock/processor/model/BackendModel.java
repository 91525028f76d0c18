package dev.ctxlock.processor.model;

import dev.ctxlock.annotations.Style;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A validated, annotated backend: everything the writers need, and nothing they must check.
 * Created only when validation reported no error for the backend.
 */
public final class BackendModel {

  private final TypeElement backend;
  private final TypeMirror stateType;
  private final Style style;
  private final List<ContextBinding> bindings;

  /**
   * @param style {@link Style#INHERENT} or {@link Style#GENERIC}, never {@link Style#DEFAULT}
   * @param bindings one per annotation, in declaration order
   */
  public BackendModel(
      TypeElement backend, TypeMirror stateType, Style style, List<ContextBinding> bindings) {
    if (style == Style.DEFAULT) {
      throw new IllegalArgumentException("style must be resolved");
    }
    this.backend = Objects.requireNonNull(backend, "backend");
    this.stateType = Objects.requireNonNull(stateType, "stateType");
    this.style = style;
    this.bindings = List.copyOf(bindings);
  }

  /** The annotated backend, also the sole originating element of every generated file. */
  public TypeElement backend() {
    return backend;
  }

  /** {@code S} in the backend's {@code Backend<S>}, shared by every contextual backend. */
  public TypeMirror stateType() {
    return stateType;
  }

  /** The resolved style: whether to generate the inherent lock class too. */
  public Style style() {
    return style;
  }

  /** The annotations' bindings, in declaration order. */
  public List<ContextBinding> bindings() {
    return bindings;
  }
}
