package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.AMBIGUOUS_CONTEXTS;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Warns about two contexts on one backend that some class could both be (two interfaces, or an
 * interface and a non-final class): {@code lockWith} with a value of such a class is ambiguous. A
 * subtype pair is fine: javac picks the more specific overload.
 */
final class AmbiguousContextsWarning {

  private final Types types;
  private final Reporter reporter;

  AmbiguousContextsWarning(Types types, Reporter reporter) {
    this.types = types;
    this.reporter = reporter;
  }

  /** Checks {@code later} against {@code earlier}, warning at {@code location} (later's). */
  void check(TypeElement backend, TypeElement earlier, TypeElement later, Location location) {
    TypeMirror a = types.erasure(earlier.asType());
    TypeMirror b = types.erasure(later.asType());
    if (types.isSubtype(a, b) || types.isSubtype(b, a)) {
      return;
    }
    whyOverlapping(earlier, later)
        .ifPresent(
            why ->
                reporter.report(
                    AMBIGUOUS_CONTEXTS,
                    location,
                    backend.getQualifiedName(),
                    earlier.getQualifiedName(),
                    later.getQualifiedName(),
                    why));
  }

  private static Optional<String> whyOverlapping(TypeElement a, TypeElement b) {
    boolean aInterface = a.getKind() == ElementKind.INTERFACE;
    boolean bInterface = b.getKind() == ElementKind.INTERFACE;
    if (aInterface && bInterface) {
      return Optional.of("both interfaces");
    }
    if ((aInterface && isExtensibleClass(b)) || (bInterface && isExtensibleClass(a))) {
      return Optional.of("an interface and a non-final class");
    }
    return Optional.empty();
  }

  private static boolean isExtensibleClass(TypeElement type) {
    return type.getKind() == ElementKind.CLASS && !type.getModifiers().contains(Modifier.FINAL);
  }
}
