package dev.ctxlock.processor;

import com.google.auto.service.AutoService;
import dev.ctxlock.processor.diagnostics.Messages;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.names.RuntimeNames;
import dev.ctxlock.processor.validation.BackendValidator;
import dev.ctxlock.processor.validation.BackendWaitTypeWarning;
import dev.ctxlock.processor.validation.GeneratedNameRules;
import dev.ctxlock.processor.validation.LocalBackendRule;
import dev.ctxlock.processor.writing.SourceFileWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * The ctxlock annotation processor: for every backend annotated with {@code @WithContext}, checks
 * what it can see of the annotation's soundness, then generates the witness class {@code
 * XyzBackendContexts} and, for style INHERENT, the lock class {@code Xyz<T>} with {@code
 * lockWith(context)}.
 *
 * <p>Per round: backends declared where the processing API does not show them (local classes)
 * are reported from the compiler's trees ({@link LocalBackendRule}); then backends deferred last
 * round (a type did not resolve yet) come first, then the round's annotated backends; each goes
 * through {@link BackendProcessingStep}. An isolating processor: each generated file's sole
 * originating element is its backend.
 */
@AutoService(Processor.class)
public final class WithContextProcessor extends AbstractProcessor {

  private static final String WITH_CONTEXT = RuntimeNames.WITH_CONTEXT.canonicalName();
  private static final String WITH_CONTEXT_LIST =
      RuntimeNames.WITH_CONTEXT_LIST.canonicalName();

  private final DeferredBackends deferred = new DeferredBackends();
  private final GeneratedNameRules generatedNameRules = new GeneratedNameRules();
  private Reporter reporter;
  private BackendWaitTypeWarning waitTypeWarning;
  private LocalBackendRule localBackendRule;
  private ProcessorOptions options;

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    reporter = new Reporter(processingEnv.getMessager());
    waitTypeWarning = new BackendWaitTypeWarning(processingEnv.getElementUtils(), reporter);
    localBackendRule = new LocalBackendRule(processingEnv, reporter);
  }

  /**
   * {@code @WithContext} and its container, and {@code "*"}: javac calls a processor only for the
   * annotations it finds on the types it hands out, and it hands out no local class, so a
   * compilation whose one {@code @WithContext} is on a local class would never run the processor,
   * and that annotation would be silently ignored ({@link LocalBackendRule} reports it). The
   * processor never claims an annotation, so other processors see them all.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(WITH_CONTEXT, WITH_CONTEXT_LIST, "*");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return ProcessorOptions.ALL;
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /** Never throws: a bug is reported as an error (on its backend, when it concerns one). */
  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    try {
      processRound(roundEnv);
    } catch (Throwable t) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      reporter.reportGlobal(Messages.PROCESSOR_CRASH, trace);
    }
    return false; // never claims: other processors may read @WithContext too
  }

  private void processRound(RoundEnvironment roundEnv) {
    if (options == null) {
      options = ProcessorOptions.parse(processingEnv.getOptions(), reporter);
    }
    generatedNameRules.startRound(roundEnv.getRootElements());
    waitTypeWarning.startRound(roundEnv.getRootElements());
    if (roundEnv.processingOver()) {
      deferred.dropAll();
      return;
    }
    localBackendRule.check(roundEnv.getRootElements());
    BackendProcessingStep step =
        new BackendProcessingStep(
            reporter,
            new BackendValidator(processingEnv, reporter, generatedNameRules, waitTypeWarning),
            new SourceFileWriter(
                processingEnv.getFiler(), processingEnv.getElementUtils(), reporter));
    for (TypeElement backend : backendsOfThisRound(roundEnv).values()) {
      if (!step.process(backend, options.defaultStyle())) {
        deferred.defer(backend);
      }
    }
  }

  /** Deferred backends first, then the round's annotated types, each once, by qualified name. */
  private Map<String, TypeElement> backendsOfThisRound(RoundEnvironment roundEnv) {
    Map<String, TypeElement> backends = new LinkedHashMap<>();
    for (TypeElement backend : deferred.takeAll(processingEnv.getElementUtils())) {
      backends.putIfAbsent(backend.getQualifiedName().toString(), backend);
    }
    for (String annotation : new String[] {WITH_CONTEXT, WITH_CONTEXT_LIST}) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(annotation);
      if (type == null) {
        continue;
      }
      for (TypeElement backend : ElementFilter.typesIn(roundEnv.getElementsAnnotatedWith(type))) {
        backends.putIfAbsent(backend.getQualifiedName().toString(), backend);
      }
    }
    return backends;
  }
}
