package dev.ctxlock.benchmarks;

import java.util.HashSet;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.annotation.processing.Completion;

/**
 * Runs the processor named by option {@code -Atiming.delegate} and, when processing is over,
 * prints to standard error how long its {@code init} and {@code process} calls took in all, as
 * {@code processor time: <ms> ms}. For {@link ProcessorCost}: a processor's own time, free of the
 * noise in a whole javac run's wall time (the Filer calls it makes are inside it, so javac's
 * checks of new files count too, as they do for {@link ReplayProcessor}).
 */
public final class TimingProcessor implements Processor {

  static final String OPTION = "timing.delegate";
  static final String PREFIX = "processor time: ";

  private Processor delegate;
  private long nanos;

  @Override
  public void init(ProcessingEnvironment env) {
    String name = env.getOptions().get(OPTION);
    long t0 = System.nanoTime();
    try {
      delegate = (Processor) Class.forName(name).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("-A" + OPTION + "=" + name + ": " + e, e);
    }
    delegate.init(env);
    nanos += System.nanoTime() - t0;
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    long t0 = System.nanoTime();
    boolean claimed = delegate.process(annotations, roundEnv);
    nanos += System.nanoTime() - t0;
    if (roundEnv.processingOver()) {
      System.err.println(PREFIX + nanos / 1_000_000 + " ms");
    }
    return claimed;
  }

  @Override
  public Set<String> getSupportedOptions() {
    Set<String> options = new HashSet<>(delegate.getSupportedOptions());
    options.add(OPTION);
    return options;
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public Iterable<? extends Completion> getCompletions(
      Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
    return delegate.getCompletions(element, annotation, member, userText);
  }
}
