package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_GENERIC;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_INACCESSIBLE;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_INNER;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_NOT_A_BACKEND;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_NOT_CONCRETE;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_RAW;
import static dev.ctxlock.processor.diagnostics.Messages.MISSING_INSTANCE;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * The rules for the annotated type itself: a concrete class, enum or record implementing {@code
 * Backend<S>} with a known S; not generic; not a non-static inner class; accessible from its
 * package; with a {@code public static final INSTANCE} of its type.
 */
final class BackendRules {

  private final Elements elements;
  private final StateTypes stateTypes;
  private final Accessibility accessibility;
  private final InstanceFields instanceFields;
  private final Reporter reporter;

  BackendRules(
      Elements elements,
      StateTypes stateTypes,
      Accessibility accessibility,
      InstanceFields instanceFields,
      Reporter reporter) {
    this.elements = elements;
    this.stateTypes = stateTypes;
    this.accessibility = accessibility;
    this.instanceFields = instanceFields;
    this.reporter = reporter;
  }

  /**
   * Reports every broken rule at {@code location}; returns the state type S when the backend has
   * a known one (even if other rules failed, so that contextual backends can still be checked).
   */
  Optional<TypeMirror> check(TypeElement backend, Location location) {
    String name = backend.getQualifiedName().toString();
    Optional<String> notConcrete = whyNotConcrete(backend);
    if (notConcrete.isPresent()) {
      reporter.report(BACKEND_NOT_CONCRETE, location, name, notConcrete.get());
      return Optional.empty();
    }
    if (!backend.getTypeParameters().isEmpty()) {
      reporter.report(BACKEND_GENERIC, location, name, typeParameters(backend));
    }
    if (backend.getNestingKind() == NestingKind.MEMBER
        && !backend.getModifiers().contains(Modifier.STATIC)) {
      reporter.report(BACKEND_INNER, location, name);
    }
    PackageElement pkg = elements.getPackageOf(backend);
    accessibility
        .whyInaccessible(backend, pkg)
        .ifPresent(why -> reporter.report(BACKEND_INACCESSIBLE, location, name, pkg, why));
    instanceFields
        .problem(backend)
        .ifPresent(
            problem ->
                reporter.report(MISSING_INSTANCE, location, name, "backend", name, name, problem));
    StateType state = stateTypes.of(backend);
    switch (state.kind()) {
      case NOT_A_BACKEND:
        reporter.report(BACKEND_NOT_A_BACKEND, location, name);
        break;
      case RAW:
        reporter.report(BACKEND_RAW, location, name);
        break;
      case KNOWN:
        break;
    }
    return state.type();
  }

  private static Optional<String> whyNotConcrete(TypeElement type) {
    switch (type.getKind()) {
      case CLASS:
        return type.getModifiers().contains(Modifier.ABSTRACT)
            ? Optional.of("an abstract class")
            : Optional.empty();
      case ENUM:
      case RECORD:
        return Optional.empty();
      case INTERFACE:
        return Optional.of("an interface");
      case ANNOTATION_TYPE:
        return Optional.of("an annotation type");
      default:
        return Optional.of("a " + type.getKind().toString().toLowerCase(Locale.ROOT));
    }
  }

  static String typeParameters(TypeElement type) {
    return type.getTypeParameters().stream()
        .map(p -> p.getSimpleName().toString())
        .collect(Collectors.joining(", "));
  }
}
