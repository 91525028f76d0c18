package dev.ctxlock.processor.validation;

import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.model.BackendModel;
import dev.ctxlock.processor.model.ContextBinding;
import dev.ctxlock.processor.writing.GeneratedNames;
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

  public BackendValidator(
      ProcessingEnvironment env, Reporter reporter, GeneratedNameRules generatedNameRules) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.reporter = reporter;
    this.generatedNameRules = generatedNameRules;
    KnownTypes knownTypes = new KnownTypes(elements);
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
    this.tokenWarning = new ContextTokenWarning(types, knownTypes, reporter);
    this.ambiguityWarning = new AmbiguousContextsWarning(types, reporter);
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
    List<Optional<TypeElement>> contexts = new ArrayList<>();
    List<Optional<TypeElement>> contextuals = new ArrayList<>();
    for (WithContextAnnotation annotation : annotations) {
      contexts.add(contextRules.check(backend, annotation));
      contextuals.add(contextualRules.check(backend, state, annotation));
    }
    Style style = annotationSetRules.checkStyles(backend, annotations, contexts, defaultStyle);
    annotationSetRules.checkContexts(backend, annotations, contexts);

    List<Boolean> tokens = new ArrayList<>();
    for (int i = 0; i < annotations.size(); i++) {
      WithContextAnnotation annotation = annotations.get(i);
      Location location = Location.of(backend, annotation.mirror(), annotation.context());
      Optional<TypeElement> context = contexts.get(i);
      if (context.isEmpty()) {
        tokens.add(false);
        continue;
      }
      forgeableWarning.check(backend, context.get(), location);
      tokens.add(tokenWarning.check(backend, context.get(), location));
      for (int j = 0; j < i; j++) {
        if (contexts.get(j).isPresent() && !contexts.get(j).get().equals(context.get())) {
          ambiguityWarning.check(backend, contexts.get(j).get(), context.get(), location);
        }
      }
    }

    generatedNameRules.check(backend, style, backendLocation, elements, types, reporter);

    if (reporter.errorCount() != errorsBefore || state.isEmpty()) {
      return ValidationResult.invalid();
    }
    List<ContextBinding> bindings = new ArrayList<>();
    for (int i = 0; i < annotations.size(); i++) {
      TypeElement context = contexts.get(i).orElseThrow();
      bindings.add(
          new ContextBinding(
              context,
              contextuals.get(i).orElseThrow(),
              tokens.get(i),
              GeneratedNames.constantName(context)));
    }
    return ValidationResult.valid(new BackendModel(backend, state.get(), style, bindings));
  }
}
