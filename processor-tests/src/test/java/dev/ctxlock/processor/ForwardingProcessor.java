package dev.ctxlock.processor;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;

/**
 * Runs {@link WithContextProcessor} in javac's environment with one of its utilities replaced
 * (a {@code Types} that throws, a {@code Filer} that records...), as a build tool that wraps the
 * environment would. The one helper for every test that needs to see or break what the processor
 * gets from javac.
 */
final class ForwardingProcessor extends AbstractProcessor {

  private final WithContextProcessor delegate = new WithContextProcessor();
  private final String getter;
  private final Function<ProcessingEnvironment, Object> replacement;

  /**
   * @param getter the {@link ProcessingEnvironment} method to replace, e.g. {@code "getFiler"}
   * @param replacement builds the replacement from javac's environment, once
   */
  ForwardingProcessor(String getter, Function<ProcessingEnvironment, Object> replacement) {
    this.getter = getter;
    this.replacement = replacement;
  }

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    Object replaced = replacement.apply(env);
    delegate.init(
        proxy(
            ProcessingEnvironment.class,
            (method, args) ->
                method.getName().equals(getter) ? replaced : forward(method, env, args)));
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return delegate.getSupportedAnnotationTypes();
  }

  @Override
  public Set<String> getSupportedOptions() {
    return delegate.getSupportedOptions();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return delegate.getSupportedSourceVersion();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    return delegate.process(annotations, roundEnv);
  }

  /** What a proxy does with one call. */
  @FunctionalInterface
  interface Handler {
    Object handle(Method method, Object[] args) throws Throwable;
  }

  /** A proxy of {@code type} whose every call goes to {@code handler}. */
  static <T> T proxy(Class<T> type, Handler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> handler.handle(method, args)));
  }

  /** Calls {@code method} on {@code target}, rethrowing what it threw (not a reflection wrapper). */
  static Object forward(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
