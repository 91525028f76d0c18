package dev.ctxlock.processor.validation;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;

/**
 * One {@code @WithContext} as written, before validation: its mirror (to locate diagnostics) and
 * its raw values, which may still be unresolved (a class literal of a missing type reaches the
 * processor as the string {@code "<error>"}, not as a type; a value javac found missing is
 * {@code null}). {@link TypeResolution} says whether all of them resolved.
 */
final class WithContextAnnotation {

  private final AnnotationMirror mirror;
  private final AnnotationValue context;
  private final AnnotationValue contextual;
  private final AnnotationValue style;
  private final boolean styleExplicit;

  WithContextAnnotation(
      AnnotationMirror mirror,
      AnnotationValue context,
      AnnotationValue contextual,
      AnnotationValue style,
      boolean styleExplicit) {
    this.mirror = mirror;
    this.context = context;
    this.contextual = contextual;
    this.style = style;
    this.styleExplicit = styleExplicit;
  }

  /** The {@code @WithContext} mirror; inside a {@code @WithContext.List} for repeated ones. */
  AnnotationMirror mirror() {
    return mirror;
  }

  /** The {@code context} value. */
  AnnotationValue context() {
    return context;
  }

  /** The {@code contextual} value. */
  AnnotationValue contextual() {
    return contextual;
  }

  /** The {@code style} value, the default one when not written. */
  AnnotationValue style() {
    return style;
  }

  /** The {@code style} value if it is written in source (only then can it be located). */
  Optional<AnnotationValue> explicitStyle() {
    return styleExplicit ? Optional.of(style) : Optional.empty();
  }
}
