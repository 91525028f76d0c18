package dev.ctxlock.processor.diagnostics;

import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Where a diagnostic points: an element, optionally one of its annotations, optionally one value
 * of that annotation. javac places {@code (element)} on the {@code class} keyword, {@code
 * (element, annotation)} on the annotation's {@code @}, and {@code (element, annotation, value)} on
 * the value itself; a repeated annotation's mirrors cannot be matched to source and fall back to
 * the element.
 */
public final class Location {

  private final Element element;
  private final AnnotationMirror annotation;
  private final AnnotationValue value;

  private Location(Element element, AnnotationMirror annotation, AnnotationValue value) {
    this.element = Objects.requireNonNull(element, "element");
    this.annotation = annotation;
    this.value = value;
  }

  /** Points at the element's declaration. */
  public static Location of(Element element) {
    return new Location(element, null, null);
  }

  /** Points at one annotation of the element. */
  public static Location of(Element element, AnnotationMirror annotation) {
    return new Location(element, Objects.requireNonNull(annotation, "annotation"), null);
  }

  /** Points at one value of one annotation of the element. */
  public static Location of(Element element, AnnotationMirror annotation, AnnotationValue value) {
    return new Location(
        element,
        Objects.requireNonNull(annotation, "annotation"),
        Objects.requireNonNull(value, "value"));
  }

  /** The element whose declaration the diagnostic is on. */
  public Element element() {
    return element;
  }

  /** The annotation, if the diagnostic is on one. */
  public Optional<AnnotationMirror> annotation() {
    return Optional.ofNullable(annotation);
  }

  /** The annotation value, if the diagnostic is on one. */
  public Optional<AnnotationValue> value() {
    return Optional.ofNullable(value);
  }
}
