package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.Fixtures.wrappedFooBackend;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_GENERIC;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_INACCESSIBLE;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_IS_SELF;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_NOT_A_BACKEND;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_RAW;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_STATE_MISMATCH;
import static dev.ctxlock.processor.diagnostics.Messages.MISSING_INSTANCE;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Rejections of {@code contextual}. The annotation is wrapped so that the {@code contextual} value
 * has its own line (line 5), where javac places a diagnostic on that value.
 */
class ContextualRulesTest {

  private static JavaFileObject backendWithContextual(String contextual) {
    return wrappedFooBackend("IrqOff.class", contextual);
  }

  @Test
  void rejectsAContextualWithAnotherStateType() {
    JavaFileObject backend = backendWithContextual("StringBackend.class");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(CONTEXTUAL_STATE_MISMATCH,
            "@WithContext on test.FooBackend: contextual backend test.StringBackend has state type"
                + " java.lang.String, but FooBackend's state type is"
                + " java.util.concurrent.atomic.AtomicBoolean; a contextual backend must run over"
                + " exactly the same state type"))
        .inFile(backend)
        .onLine(5);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsAContextualWithAnAssignableButDifferentStateType() {
    JavaFileObject objectBackend =
        source(
            "test.ObjectBackend",
            "package test;",
            "",
            "public enum ObjectBackend implements dev.ctxlock.sync.Backend<Object> {",
            "  INSTANCE;",
            "  @Override public Object newState() { return new Object(); }",
            "  @Override public void lock(Object s) {}",
            "  @Override public boolean tryLock(Object s) { return true; }",
            "  @Override public void unlock(Object s) {}",
            "  @Override public void assertIsHeld(Object s) {}",
            "}");
    JavaFileObject backend = backendWithContextual("ObjectBackend.class");
    assertThat(compile(backend, objectBackend))
        .hadErrorContainingMatch(withId(CONTEXTUAL_STATE_MISMATCH, "contextual backend test.ObjectBackend has state type java.lang.Object"))
        .inFile(backend)
        .onLine(5);
  }

  @Test
  void rejectsAContextualThatIsNotABackend() {
    JavaFileObject backend = backendWithContextual("String.class");
    assertThat(compile(backend))
        .hadErrorContainingMatch(withId(CONTEXTUAL_NOT_A_BACKEND,
            "@WithContext on test.FooBackend: contextual java.lang.String is not a"
                + " dev.ctxlock.sync.Backend; a contextual backend must implement Backend<S> with"
                + " the annotated backend's state type java.util.concurrent.atomic.AtomicBoolean"))
        .inFile(backend)
        .onLine(5);
  }

  @Test
  void rejectsAPrimitiveContextual() {
    JavaFileObject backend = backendWithContextual("int.class");
    assertThat(compile(backend))
        .hadErrorContainingMatch(withId(CONTEXTUAL_NOT_A_BACKEND, "contextual int is not a dev.ctxlock.sync.Backend"))
        .inFile(backend)
        .onLine(5);
  }

  @Test
  void rejectsAGenericContextual() {
    JavaFileObject generic =
        source(
            "test.GenericCheapBackend",
            "package test;",
            "",
            "public final class GenericCheapBackend<X> extends FlagOps {",
            "  public static final GenericCheapBackend<?> INSTANCE = new GenericCheapBackend<>();",
            "}");
    JavaFileObject backend = backendWithContextual("GenericCheapBackend.class");
    assertThat(compile(backend, generic))
        .hadErrorContainingMatch(withId(CONTEXTUAL_GENERIC,
            "@WithContext on test.FooBackend: contextual backend test.GenericCheapBackend must not"
                + " be generic, but it declares type parameters <X>"))
        .inFile(backend)
        .onLine(5);
  }

  @Test
  void rejectsARawContextual() {
    JavaFileObject raw =
        source(
            "test.RawCheapBackend",
            "package test;",
            "",
            "@SuppressWarnings(\"rawtypes\")",
            "public enum RawCheapBackend implements dev.ctxlock.sync.Backend {",
            "  INSTANCE;",
            "  @Override public Object newState() { return new Object(); }",
            "  @Override public void lock(Object s) {}",
            "  @Override public boolean tryLock(Object s) { return true; }",
            "  @Override public void unlock(Object s) {}",
            "  @Override public void assertIsHeld(Object s) {}",
            "}");
    JavaFileObject backend = backendWithContextual("RawCheapBackend.class");
    assertThat(compile(backend, raw))
        .hadErrorContainingMatch(withId(CONTEXTUAL_RAW,
            "contextual backend test.RawCheapBackend implements the raw type"
                + " dev.ctxlock.sync.Backend, so its state type is unknown"))
        .inFile(backend)
        .onLine(5);
  }

  @Test
  void rejectsTheBackendItself() {
    JavaFileObject backend = backendWithContextual("FooBackend.class");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(CONTEXTUAL_IS_SELF,
            "@WithContext on test.FooBackend: contextual names the annotated backend itself; a"
                + " contextual backend must be another, cheaper backend over the same state"))
        .inFile(backend)
        .onLine(5);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsAContextualWithoutInstance() {
    JavaFileObject noInstance =
        source(
            "test.NoInstanceCheapBackend",
            "package test;",
            "",
            "public final class NoInstanceCheapBackend extends FlagOps {",
            "  public static NoInstanceCheapBackend get() { return new NoInstanceCheapBackend(); }",
            "}");
    JavaFileObject backend = backendWithContextual("NoInstanceCheapBackend.class");
    assertThat(compile(backend, noInstance))
        .hadErrorContainingMatch(withId(MISSING_INSTANCE,
            "@WithContext on test.FooBackend: contextual backend test.NoInstanceCheapBackend lacks"
                + " an accessible public static final INSTANCE of type"
                + " test.NoInstanceCheapBackend (it declares none)"))
        .inFile(backend)
        .onLine(5);
  }

  @Test
  void rejectsAContextualInaccessibleFromTheBackendsPackage() {
    JavaFileObject hidden =
        source(
            "other.HiddenBackend",
            "package other;",
            "",
            "final class HiddenBackend extends test.FlagOps {",
            "  public static final HiddenBackend INSTANCE = new HiddenBackend();",
            "}");
    JavaFileObject backend = backendWithContextual("other.HiddenBackend.class");
    Compilation compilation = compile(backend, hidden);
    // javac itself rejects naming a package-private class of another package in source; the
    // processor must not add a crash or a confusing second error to that.
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("HiddenBackend");
  }

  @Test
  void rejectsAPrivateContextual() {
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "public class Holder {",
            "  private static final class SecretBackend extends FlagOps {",
            "    public static final SecretBackend INSTANCE = new SecretBackend();",
            "  }",
            "  @dev.ctxlock.annotations.WithContext(",
            "      context = IrqOff.class,",
            "      contextual = SecretBackend.class)",
            "  static final class FooBackend extends FlagOps {",
            "    public static final FooBackend INSTANCE = new FooBackend();",
            "  }",
            "}");
    Compilation compilation = compile(holder);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(CONTEXTUAL_INACCESSIBLE,
            "@WithContext on test.Holder.FooBackend: contextual backend test.Holder.SecretBackend"
                + " is not accessible from package test, where the generated code that names it"
                + " lives"))
        .inFile(holder)
        .onLine(9);
    assertThat(compilation).hadErrorCount(1);
  }
}
