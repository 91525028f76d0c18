package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.ctxlock.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A bug in the processor must surface as an error on the backend it hit, never as an exception
 * out of {@code process()} (which javac reports as a crash of the whole compilation). The bug is
 * simulated by a {@link Types} that throws.
 */
class CrashIsolationTest {

  /** Runs {@link WithContextProcessor} with an environment whose {@link Types} always throws. */
  static final class SabotagingProcessor extends AbstractProcessor {
    private final WithContextProcessor delegate = new WithContextProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Types broken =
          (Types)
              Proxy.newProxyInstance(
                  Types.class.getClassLoader(),
                  new Class<?>[] {Types.class},
                  (proxy, method, args) -> {
                    throw new IllegalStateException("simulated bug in " + method.getName());
                  });
      ProcessingEnvironment sabotaged =
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  ProcessingEnvironment.class.getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("getTypeUtils")) {
                      return broken;
                    }
                    try {
                      return method.invoke(env, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  });
      delegate.init(sabotaged);
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
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      return delegate.process(annotations, roundEnv);
    }
  }

  @Test
  void aBugIsReportedOnTheBackendAndDoesNotCrashTheCompilation() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    JavaFileObject other =
        source(
            "test.BarBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class BarBackend extends FlagOps {",
            "  public static final BarBackend INSTANCE = new BarBackend();",
            "}");
    Compilation compilation =
        javac().withProcessors(new SabotagingProcessor()).compile(Fixtures.withShared(backend, other));
    assertThat(compilation)
        .hadErrorContaining(
            "@WithContext on test.FooBackend: the ctxlock processor crashed on this backend; this"
                + " is a ctxlock processor bug, please report it with this message:"
                + " java.lang.IllegalStateException: simulated bug in")
        .inFile(backend)
        .onLine(4);
    assertThat(compilation)
        .hadErrorContaining("@WithContext on test.BarBackend: the ctxlock processor crashed")
        .inFile(other)
        .onLine(4);
    assertThat(compilation).hadErrorCount(2);
  }
}
