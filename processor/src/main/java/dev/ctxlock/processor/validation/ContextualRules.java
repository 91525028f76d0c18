package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_GENERIC;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_INACCESSIBLE;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_IS_SELF;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_NOT_A_BACKEND;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_RAW;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_STATE_MISMATCH;
import static dev.ctxlock.processor.diagnostics.Messages.MISSING_INSTANCE;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.Optional;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The rules for one annotation's {@code contextual}: another backend, not generic, over exactly
 * the annotated backend's state type, accessible from its package, with an INSTANCE.
 */
final class ContextualRules {

  private final Elements elements;
  private final Types types;
  private final StateTypes stateTypes;
  private final Accessibility accessibility;
  private final InstanceFields instanceFields;
  private final Reporter reporter;

  ContextualRules(
      Elements elements,
      Types types,
      StateTypes stateTypes,
      Accessibility accessibility,
      InstanceFields instanceFields,
      Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.stateTypes = stateTypes;
    this.accessibility = accessibility;
    this.instanceFields = instanceFields;
    this.reporter = reporter;
  }

  /**
   * Reports every broken rule on the {@code contextual} value; returns the contextual backend when
   * it broke none.
   *
   * @param backendState the annotated backend's state type, if it has a known one
   */
  Optional<TypeElement> check(
      TypeElement backend, Optional<TypeMirror> backendState, WithContextAnnotation annotation) {
    String backendName = backend.getQualifiedName().toString();
    Location location = Location.of(backend, annotation.mirror(), annotation.contextual());
    TypeMirror type = (TypeMirror) annotation.contextual().getValue();
    String expectedState = backendState.map(TypeMirror::toString).orElse("S");
    if (type.getKind() != TypeKind.DECLARED) {
      reporter.report(CONTEXTUAL_NOT_A_BACKEND, location, backendName, type, expectedState);
      return Optional.empty();
    }
    TypeElement contextual = (TypeElement) types.asElement(type);
    String name = contextual.getQualifiedName().toString();
    if (contextual.equals(backend)) {
      reporter.report(CONTEXTUAL_IS_SELF, location, backendName);
      return Optional.empty();
    }
    int errorsBefore = reporter.errorCount();
    StateType state = stateTypes.of(contextual);
    switch (state.kind()) {
      case NOT_A_BACKEND:
        reporter.report(CONTEXTUAL_NOT_A_BACKEND, location, backendName, name, expectedState);
        return Optional.empty();
      case RAW:
        reporter.report(CONTEXTUAL_RAW, location, backendName, name, expectedState);
        break;
      case KNOWN:
        break;
    }
    if (!contextual.getTypeParameters().isEmpty()) {
      reporter.report(
          CONTEXTUAL_GENERIC, location, backendName, name, BackendRules.typeParameters(contextual));
    } else if (state.type().isPresent()
        && backendState.isPresent()
        && !types.isSameType(state.type().get(), backendState.get())) {
      reporter.report(
          CONTEXTUAL_STATE_MISMATCH,
          location,
          backendName,
          name,
          state.type().get(),
          backend.getSimpleName(),
          backendState.get());
    }
    PackageElement pkg = elements.getPackageOf(backend);
    accessibility
        .whyInaccessible(contextual, pkg)
        .ifPresent(why -> reporter.report(CONTEXTUAL_INACCESSIBLE, location, backendName, name, pkg));
    instanceFields
        .problem(contextual)
        .ifPresent(
            problem ->
                reporter.report(
                    MISSING_INSTANCE,
                    location,
                    backendName,
                    "contextual backend",
                    name,
                    name,
                    problem));
    return reporter.errorCount() == errorsBefore ? Optional.of(contextual) : Optional.empty();
  }
}
