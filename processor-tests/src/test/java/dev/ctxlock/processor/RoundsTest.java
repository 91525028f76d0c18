package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.MULTI_BACKEND;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.compileWith;
import static dev.ctxlock.processor.Fixtures.flagBackend;
import static dev.ctxlock.processor.Fixtures.generatedSource;
import static dev.ctxlock.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Rounds: a backend whose types another processor writes in a later round is deferred and then
 * processed normally; a type that never resolves gets only javac's own error.
 */
class RoundsTest {

  /** Writes one source file in the first round, like any other code generator. */
  static final class WritingProcessor extends AbstractProcessor {
    private final String name;
    private final String[] lines;
    private boolean written;

    WritingProcessor(String name, String... lines) {
      this.name = name;
      this.lines = lines;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      if (!written) {
        written = true;
        try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          writer.write(String.join("\n", lines));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  private static final JavaFileObject BACKEND_WITH_LATE_CONTEXT =
      flagBackend("FooBackend", "context = LateCtx.class, contextual = CheapBackend.class");

  @Test
  void aContextWrittenInALaterRoundIsWaitedFor() {
    WritingProcessor writer =
        new WritingProcessor(
            "test.LateCtx",
            "package test;",
            "public final class LateCtx extends dev.ctxlock.sync.ContextToken {",
            "  LateCtx() {}",
            "  @Override protected void release() {}",
            "}");
    Compilation compilation =
        compileWith(List.of(new WithContextProcessor(), writer), BACKEND_WITH_LATE_CONTEXT);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Foo");
    assertThat(compilation).generatedSourceFile("test.FooBackendContexts");
  }

  @Test
  void aContextualBackendWrittenInALaterRoundIsWaitedFor() {
    JavaFileObject backend =
        flagBackend("FooBackend", "context = IrqOff.class, contextual = LateBackend.class");
    WritingProcessor writer =
        new WritingProcessor(
            "test.LateBackend",
            "package test;",
            WAITS_SPIN,
            "public final class LateBackend extends FlagOps {",
            "  public static final LateBackend INSTANCE = new LateBackend();",
            "}");
    Compilation compilation = compileWith(List.of(writer, new WithContextProcessor()), backend);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Foo");
  }

  @Test
  void aStateTypeWrittenInALaterRoundIsWaitedFor() {
    JavaFileObject backend =
        source(
            "test.SlowBackend",
            "package test;",
            "",
            WAITS_SPIN,
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = LateStateCheapBackend.class)",
            "public enum SlowBackend implements dev.ctxlock.sync.Backend<LateState> {",
            "  INSTANCE;",
            "  @Override public LateState newState() { return new LateState(); }",
            "  @Override public void lock(LateState s) {}",
            "  @Override public boolean tryLock(LateState s) { return true; }",
            "  @Override public void unlock(LateState s) {}",
            "  @Override public void assertIsHeld(LateState s) {}",
            "}");
    JavaFileObject cheap =
        source(
            "test.LateStateCheapBackend",
            "package test;",
            "",
            WAITS_SPIN,
            "public enum LateStateCheapBackend implements dev.ctxlock.sync.Backend<LateState> {",
            "  INSTANCE;",
            "  @Override public LateState newState() { return new LateState(); }",
            "  @Override public void lock(LateState s) {}",
            "  @Override public boolean tryLock(LateState s) { return true; }",
            "  @Override public void unlock(LateState s) {}",
            "  @Override public void assertIsHeld(LateState s) {}",
            "}");
    WritingProcessor writer =
        new WritingProcessor("test.LateState", "package test;", "public final class LateState {}");
    Compilation compilation =
        compileWith(List.of(new WithContextProcessor(), writer), backend, cheap);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Slow");
  }

  @Test
  void aTypeThatNeverResolvesGetsOnlyJavacsError() {
    JavaFileObject backend =
        flagBackend("FooBackend", "context = IrqOff.class, contextual = Spinn.class");
    Compilation compilation = compile(backend);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(backend).onLine(3);
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      assertThat(diagnostic.getMessage(null)).doesNotContain("@WithContext");
      assertThat(diagnostic.getMessage(null)).doesNotContain("ctxlock");
    }
  }

  @Test
  void anUnresolvedStateTypeGetsOnlyJavacsErrors() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = Missing.class, contextual = CheapBackend.class)",
            "public enum FooBackend implements dev.ctxlock.sync.Backend<NoSuchState> {",
            "  INSTANCE;",
            "}");
    Compilation compilation = compile(backend);
    assertThat(compilation).failed();
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.errors()) {
      assertThat(diagnostic.getMessage(null)).doesNotContain("@WithContext");
    }
  }

  @Test
  void theProcessorsOutputIsDeterministic() throws IOException {
    Compilation first = compile(MULTI_BACKEND);
    Compilation second = compile(MULTI_BACKEND);
    assertThat(first).succeeded();
    assertThat(second).succeeded();
    assertThat(first.generatedSourceFiles()).hasSize(2);
    for (String path : new String[] {"test/Multi.java", "test/MultiBackendContexts.java"}) {
      assertThat(generatedSource(second, path)).isEqualTo(generatedSource(first, path));
    }
  }
}
