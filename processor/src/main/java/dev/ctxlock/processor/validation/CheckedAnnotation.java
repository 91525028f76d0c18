package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.diagnostics.Location;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @WithContext} after its own rules ran: the annotation as written, and its context
 * type and contextual backend, each present only when it broke none of its rules.
 */
final class CheckedAnnotation {

  private final TypeElement backend;
  private final WithContextAnnotation annotation;
  private final Optional<TypeElement> context;
  private final Optional<TypeElement> contextual;

  CheckedAnnotation(
      TypeElement backend,
      WithContextAnnotation annotation,
      Optional<TypeElement> context,
      Optional<TypeElement> contextual) {
    this.backend = backend;
    this.annotation = annotation;
    this.context = context;
    this.contextual = contextual;
  }

  WithContextAnnotation annotation() {
    return annotation;
  }

  /** The context type, if it passed {@link ContextRules}. */
  Optional<TypeElement> context() {
    return context;
  }

  /** The contextual backend, if it passed {@link ContextualRules}. */
  Optional<TypeElement> contextual() {
    return contextual;
  }

  /** Where diagnostics about this annotation's context go: its {@code context} value. */
  Location contextLocation() {
    return Location.of(backend, annotation.mirror(), annotation.context());
  }
}
