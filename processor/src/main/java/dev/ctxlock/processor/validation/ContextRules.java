package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_INACCESSIBLE;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_NOT_A_CLASS;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.Optional;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The rules for one annotation's {@code context}: a class or interface type (not a primitive,
 * array, {@code void} or annotation type), accessible from the backend's package.
 */
final class ContextRules {

  private final Elements elements;
  private final Types types;
  private final Accessibility accessibility;
  private final Reporter reporter;

  ContextRules(Elements elements, Types types, Accessibility accessibility, Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.accessibility = accessibility;
    this.reporter = reporter;
  }

  /** Reports every broken rule on the {@code context} value; returns the context type if none. */
  Optional<TypeElement> check(TypeElement backend, WithContextAnnotation annotation) {
    String backendName = backend.getQualifiedName().toString();
    Location location = Location.of(backend, annotation.mirror(), annotation.context());
    TypeMirror type = (TypeMirror) annotation.context().getValue();
    Optional<String> notAClass = whyNotAClass(type);
    if (notAClass.isPresent()) {
      reporter.report(CONTEXT_NOT_A_CLASS, location, backendName, type, notAClass.get());
      return Optional.empty();
    }
    TypeElement context = (TypeElement) types.asElement(type);
    PackageElement pkg = elements.getPackageOf(backend);
    Optional<String> inaccessible = accessibility.whyInaccessible(context, pkg);
    if (inaccessible.isPresent()) {
      reporter.report(
          CONTEXT_INACCESSIBLE, location, backendName, context.getQualifiedName(), pkg);
      return Optional.empty();
    }
    return Optional.of(context);
  }

  private Optional<String> whyNotAClass(TypeMirror type) {
    switch (type.getKind()) {
      case DECLARED:
        switch (types.asElement(type).getKind()) {
          case CLASS:
          case INTERFACE:
          case ENUM:
          case RECORD:
            return Optional.empty();
          case ANNOTATION_TYPE:
            return Optional.of("an annotation type");
          default:
            return Optional.of("not a class or interface");
        }
      case ARRAY:
        return Optional.of("an array type");
      case VOID:
        return Optional.of("void");
      default:
        return type.getKind().isPrimitive()
            ? Optional.of("a primitive type")
            : Optional.of("a " + type.getKind());
    }
  }
}
