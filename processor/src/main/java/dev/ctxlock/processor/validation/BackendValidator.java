package dev.ctxlock.processor.validation;

import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.model.BackendModel;
import dev.ctxlock.processor.model.ContextBinding;
import dev.ctxlock.processor.names.GeneratedNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates one annotated backend and builds its {@link BackendModel}: first checks that every
 * type involved has resolved (else defers, silently), then applies every rule and reports every
 * problem, so that one compilation shows them all. A model is returned only when no error was
 * reported for the backend.
 */
public final class BackendValidator {

  private final Elements elements;
  private final Types types;
  private final Reporter reporter;
  private final KnownTypes knownTypes;
  private final GeneratedNameRules generatedNameRules;
  private final WithContextReader reader;
  private final TypeResolution resolution;
  private final BackendRules backendRules;
  private final ContextRules contextRules;
  private final ContextualRules contextualRules;
  private final AnnotationSetRules annotationSetRules;
  private final ForgeableContextWarning forgeableWarning;
  private final ContextTokenWarning tokenWarning;
  private final AmbiguousContextsWarning ambiguityWarning;
  private final BackendWaitTypeWarning waitTypeWarning;

  /**
   * A validator for one round; {@code generatedNameRules} and {@code waitTypeWarning} are the
   * processor's, which keep their state across rounds.
   */
  public BackendValidator(
      ProcessingEnvironment env,
      Reporter reporter,
      GeneratedNameRules generatedNameRules,
      BackendWaitTypeWarning waitTypeWarning) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.reporter = reporter;
    this.generatedNameRules = generatedNameRules;
    this.knownTypes = new KnownTypes(elements, types);
    StateTypes stateTypes = new StateTypes(types);
    Accessibility accessibility = new Accessibility(elements);
    InstanceFields instanceFields = new InstanceFields(types);
    this.reader = new WithContextReader(elements);
    this.resolution = new TypeResolution(types);
    this.backendRules =
        new BackendRules(elements, stateTypes, accessibility, instanceFields, reporter);
    this.contextRules = new ContextRules(elements, types, accessibility, reporter);
    this.contextualRules =
        new ContextualRules(elements, types, stateTypes, accessibility, instanceFields, reporter);
    this.annotationSetRules = new AnnotationSetRules(reporter);
    this.forgeableWarning =
        new ForgeableContextWarning(elements, types, knownTypes, accessibility, reporter);
    this.tokenWarning = new ContextTokenWarning(knownTypes, reporter);
    this.ambiguityWarning = new AmbiguousContextsWarning(types, reporter);
    this.waitTypeWarning = waitTypeWarning;
  }

  /**
   * Validates {@code backend}.
   *
   * @param defaultStyle what {@link Style#DEFAULT} means in this compilation
   */
  public ValidationResult validate(TypeElement backend, Style defaultStyle) {
    List<WithContextAnnotation> annotations = reader.read(backend);
    if (annotations.isEmpty()) {
      return ValidationResult.invalid(); // an empty @WithContext.List({}): nothing to generate
    }
    if (!resolution.isResolved(backend, annotations)) {
      return ValidationResult.deferred();
    }
    int errorsBefore = reporter.errorCount();
    Location backendLocation = Location.of(backend, annotations.get(0).mirror());

    Optional<TypeMirror> state = backendRules.check(backend, backendLocation);
    List<CheckedAnnotation> checked = new ArrayList<>();
    for (WithContextAnnotation annotation : annotations) {
      checked.add(
          new CheckedAnnotation(
              backend,
              annotation,
              contextRules.check(backend, annotation),
              contextualRules.check(backend, state, annotation)));
    }
    Style style = annotationSetRules.checkStyles(backend, checked, defaultStyle);
    annotationSetRules.checkContexts(backend, checked);
    generatedNameRules.check(backend, style, backendLocation, elements, types, reporter);
    warn(backend, state.isPresent(), checked);

    if (reporter.errorCount() != errorsBefore || state.isEmpty()) {
      return ValidationResult.invalid();
    }
    List<ContextBinding> bindings = new ArrayList<>();
    for (CheckedAnnotation annotation : checked) {
      // No error was reported, so every rule passed and both types are present.
      TypeElement context = annotation.context().orElseThrow();
      TypeElement contextual = annotation.contextual().orElseThrow();
      bindings.add(
          new ContextBinding(
              context,
              contextual,
              knownTypes.isContextToken(context),
              knownTypes.isTimedBackend(contextual),
              GeneratedNames.constantName(context)));
    }
    return ValidationResult.valid(
        new BackendModel(backend, style, knownTypes.isTimedBackend(backend), bindings));
  }

  /**
   * The warnings, on the backend if it is one ({@code isBackend}: a {@code Backend<S>} with a known
   * S), on every contextual backend and every context that passed its rules; they print and decide
   * nothing.
   */
  private void warn(TypeElement backend, boolean isBackend, List<CheckedAnnotation> checked) {
    if (isBackend) {
      waitTypeWarning.check(backend, backend);
    }
    for (CheckedAnnotation annotation : checked) {
      annotation.contextual().ifPresent(contextual -> waitTypeWarning.check(backend, contextual));
    }
    for (int i = 0; i < checked.size(); i++) {
      CheckedAnnotation annotation = checked.get(i);
      if (annotation.context().isEmpty()) {
        continue;
      }
      TypeElement context = annotation.context().get();
      Location location = annotation.contextLocation();
      forgeableWarning.check(backend, context, location);
      tokenWarning.check(backend, context, location);
      for (CheckedAnnotation earlier : checked.subList(0, i)) {
        if (earlier.context().isPresent() && !earlier.context().get().equals(context)) {
          ambiguityWarning.check(backend, earlier.context().get(), context, location);
        }
      }
    }
  }
}
