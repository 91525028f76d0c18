package dev.ctxlock.processor.diagnostics;

import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Where a diagnostic points: an element, optionally one of its annotations, optionally one value
 * of that annotation. javac places {@code (element)} on the {@code class} keyword, {@code
 * (element, annotation)} on the annotation's {@code @}, and {@code (element, annotation, value)} on
 * the value itself; a repeated annotation's mirrors cannot be matched to source and fall back to
 * the element. A position that no element describes (inside a local class) is printed by a {@link
 * Printer} of the compiler's tree API.
 */
public final class Location {

  /**
   * Prints a diagnostic at a position only the compiler's tree API knows (a local class, which is
   * no element the processing API hands out).
   */
  @FunctionalInterface
  public interface Printer {
    void print(Diagnostic.Kind kind, String text);
  }

  private final Element element;
  private final AnnotationMirror annotation;
  private final AnnotationValue value;
  private final Printer printer;

  private Location(
      Element element, AnnotationMirror annotation, AnnotationValue value, Printer printer) {
    this.element = Objects.requireNonNull(element, "element");
    this.annotation = annotation;
    this.value = value;
    this.printer = printer;
  }

  private Location(Element element, AnnotationMirror annotation, AnnotationValue value) {
    this(element, annotation, value, null);
  }

  /**
   * Points where {@code printer} prints, inside {@code enclosing}, the nearest element that
   * contains that position (whose {@code @SuppressWarnings} counts).
   */
  public static Location printedBy(Element enclosing, Printer printer) {
    return new Location(enclosing, null, null, Objects.requireNonNull(printer, "printer"));
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

  /** The printer, if the diagnostic is printed through a tree API rather than the Messager. */
  public Optional<Printer> printer() {
    return Optional.ofNullable(printer);
  }

  /** The annotation value, if the diagnostic is on one. */
  public Optional<AnnotationValue> value() {
    return Optional.ofNullable(value);
  }
}
