package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.compileWith;
import static dev.ctxlock.processor.Fixtures.isProcessorFailure;
import static dev.ctxlock.processor.Fixtures.localBackend;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_GENERIC;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_INACCESSIBLE;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_INNER;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_NOT_A_BACKEND;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_NOT_CONCRETE;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_RAW;
import static dev.ctxlock.processor.diagnostics.Messages.MISSING_INSTANCE;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rejections of the annotated type itself. Errors without a faulty attribute go on the '@'. */
class BackendRulesTest {

  @Test
  void rejectsAnInterface() {
    JavaFileObject backend =
        source(
            "test.IfaceBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public interface IfaceBackend extends dev.ctxlock.sync.Backend<Object> {}");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_NOT_CONCRETE,
            "@WithContext on test.IfaceBackend: the annotated type is an interface, but it must be"
                + " a concrete class, enum or record implementing dev.ctxlock.sync.Backend<S>"))
        .inFile(backend)
        .onLine(3);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsAnAbstractClass() {
    JavaFileObject backend =
        source(
            "test.AbstractBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public abstract class AbstractBackend extends FlagOps {}");
    assertThat(compile(backend))
        .hadErrorContainingMatch(withId(BACKEND_NOT_CONCRETE, "the annotated type is an abstract class, but it must be a concrete"))
        .inFile(backend)
        .onLine(3);
  }

  @Test
  void rejectsATypeThatIsNotABackend() {
    JavaFileObject backend =
        source(
            "test.PlainBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class PlainBackend {",
            "  public static final PlainBackend INSTANCE = new PlainBackend();",
            "}");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_NOT_A_BACKEND,
            "@WithContext on test.PlainBackend: the annotated type does not implement"
                + " dev.ctxlock.sync.Backend<S>"))
        .inFile(backend)
        .onLine(3);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsARawBackend() {
    JavaFileObject backend =
        source(
            "test.RawBackend",
            "package test;",
            "",
            "@SuppressWarnings(\"rawtypes\")",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public enum RawBackend implements dev.ctxlock.sync.Backend {",
            "  INSTANCE;",
            "  @Override public Object newState() { return new Object(); }",
            "  @Override public void lock(Object s) {}",
            "  @Override public boolean tryLock(Object s) { return true; }",
            "  @Override public void unlock(Object s) {}",
            "  @Override public void assertIsHeld(Object s) {}",
            "}");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_RAW,
            "@WithContext on test.RawBackend: the annotated type implements the raw type"
                + " dev.ctxlock.sync.Backend; implement Backend<S>"))
        .inFile(backend)
        .onLine(4);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsAGenericBackend() {
    JavaFileObject backend =
        source(
            "test.GenericBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class GenericBackend<X, Y> extends FlagOps {",
            "  public static final GenericBackend<?, ?> INSTANCE = new GenericBackend<>();",
            "}");
    assertThat(compile(backend))
        .hadErrorContainingMatch(withId(BACKEND_GENERIC,
            "@WithContext on test.GenericBackend: a backend must not be generic, but it declares"
                + " type parameters <X, Y>"))
        .inFile(backend)
        .onLine(3);
  }

  @Test
  void rejectsANonStaticInnerClass() {
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "public class Holder {",
            "  @dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "  public final class InnerBackend extends FlagOps {",
            "    public static final InnerBackend INSTANCE = null;",
            "  }",
            "}");
    Compilation compilation = compile(holder);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_INNER,
            "@WithContext on test.Holder.InnerBackend: a backend must not be a non-static inner"
                + " class; declare it static"))
        .inFile(holder)
        .onLine(4);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsABackendInaccessibleFromItsPackage() {
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "public class Holder {",
            "  @dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "  private static final class HiddenBackend extends FlagOps {",
            "    public static final HiddenBackend INSTANCE = new HiddenBackend();",
            "  }",
            "}");
    Compilation compilation = compile(holder);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_INACCESSIBLE,
            "@WithContext on test.Holder.HiddenBackend: a backend must be accessible from its"
                + " package test, where the generated classes live, but it is private"))
        .inFile(holder)
        .onLine(4);
    assertThat(compilation).hadErrorCount(1);
  }

  /**
   * javac hands processors no local class, so the processor finds {@code @WithContext} on one in
   * the compiler's trees and reports it as an inaccessible backend, on the annotation, however the
   * annotation is written.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "@WithContext | final class LocalBackend extends FlagOps {} | a local class",
        "@dev.ctxlock.annotations.WithContext | final class LocalBackend extends FlagOps {} | a local class",
        "@WithContext | record LocalBackend() {} | a local record",
        "@WithContext | enum LocalBackend { INSTANCE } | a local enum",
      })
  void rejectsALocalBackend(String annotation, String declaration, String what) {
    JavaFileObject outer = localBackend(annotation, declaration);
    Compilation compilation = compile(outer);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_INACCESSIBLE,
            "@WithContext on LocalBackend (local to test.Outer): a backend must be accessible"
                + " from its package test, where the generated classes live, but it is " + what))
        .inFile(outer)
        .onLine(7);
    assertThat(compilation).hadErrorCount(1);
  }

  /** A local class nested in a local class, and one in an anonymous class body, are local too. */
  @Test
  void rejectsABackendNestedInALocalOrAnonymousClass() {
    JavaFileObject outer =
        source(
            "test.Outer",
            "package test;",
            "",
            "public final class Outer {",
            "  Object run() {",
            "    class Holder {",
            "      @dev.ctxlock.annotations.WithContext.List({",
            "        @dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)})",
            "      static final class NestedBackend {}",
            "    }",
            "    return new Object() {",
            "      @dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "      static final class InAnonymousBackend {}",
            "    };",
            "  }",
            "}");
    Compilation compilation = compile(outer);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_INACCESSIBLE, "NestedBackend (local to test.Outer)"))
        .inFile(outer)
        .onLine(6);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(BACKEND_INACCESSIBLE, "InAnonymousBackend (local to test.Outer)"))
        .inFile(outer)
        .onLine(11);
    assertThat(compilation).hadErrorCount(2);
  }

  /** An annotation of another package that is also named WithContext is not ctxlock's. */
  @Test
  void ignoresALocalClassAnnotatedWithAnotherWithContext() {
    JavaFileObject annotation =
        source(
            "other.WithContext",
            "package other;",
            "",
            "public @interface WithContext { Class<?> context(); Class<?> contextual(); }");
    JavaFileObject outer =
        source(
            "test.Outer",
            "package test;",
            "",
            "import other.WithContext;",
            "",
            "public final class Outer {",
            "  void run() {",
            "    @WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "    final class LocalBackend {}",
            "  }",
            "}");
    assertThat(compile(annotation, outer)).succeededWithoutWarnings();
  }

  /**
   * Where the compiler's tree API is unavailable (a build tool that wraps the processing
   * environment), a local backend goes unreported, and nothing fails.
   */
  @Test
  void aLocalBackendDoesNotCrashAWrappedEnvironment() {
    JavaFileObject outer =
        localBackend("@WithContext", "final class LocalBackend extends FlagOps {}");
    Compilation compilation =
        compileWith(List.of(new ForwardingProcessor("getFiler", env -> env.getFiler())), outer);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.diagnostics().stream().noneMatch(d -> isProcessorFailure(d))).isTrue();
  }

  @Test
  void rejectsABackendNestedInAPrivateClass() {
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "public class Holder {",
            "  private static final class Private {",
            "    @dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "    static final class NestedBackend extends FlagOps {",
            "      public static final NestedBackend INSTANCE = new NestedBackend();",
            "    }",
            "  }",
            "}");
    assertThat(compile(holder))
        .hadErrorContainingMatch(withId(BACKEND_INACCESSIBLE, "but it is nested in test.Holder.Private, which is private"))
        .inFile(holder)
        .onLine(5);
  }

  @Test
  void rejectsABackendWithoutInstance() {
    JavaFileObject backend =
        source(
            "test.NoInstanceBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class NoInstanceBackend extends FlagOps {}");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(MISSING_INSTANCE,
            "@WithContext on test.NoInstanceBackend: backend test.NoInstanceBackend lacks an"
                + " accessible public static final INSTANCE of type test.NoInstanceBackend (it"
                + " declares none)"))
        .inFile(backend)
        .onLine(3);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsANonFinalInstance() {
    JavaFileObject backend =
        source(
            "test.MutableBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class MutableBackend extends FlagOps {",
            "  static MutableBackend INSTANCE = new MutableBackend();",
            "}");
    assertThat(compile(backend))
        .hadErrorContainingMatch(withId(MISSING_INSTANCE, "(its INSTANCE is not public final)"))
        .inFile(backend)
        .onLine(3);
  }

  @Test
  void rejectsAnInstanceOfAnotherType() {
    JavaFileObject backend =
        source(
            "test.WideBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class WideBackend extends FlagOps {",
            "  public static final FlagOps INSTANCE = new WideBackend();",
            "}");
    assertThat(compile(backend))
        .hadErrorContainingMatch(withId(MISSING_INSTANCE, "(its INSTANCE has type test.FlagOps)"))
        .inFile(backend)
        .onLine(3);
  }

  @Test
  void acceptsARecordBackend() {
    JavaFileObject backend =
        source(
            "test.TupleBackend",
            "package test;",
            "",
            WAITS_SPIN,
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = OtherCheapBackend.class)",
            "public record TupleBackend() implements dev.ctxlock.sync.Backend<java.util.concurrent.atomic.AtomicBoolean> {",
            "  public static final TupleBackend INSTANCE = new TupleBackend();",
            "  @Override public java.util.concurrent.atomic.AtomicBoolean newState() { return null; }",
            "  @Override public void lock(java.util.concurrent.atomic.AtomicBoolean s) {}",
            "  @Override public boolean tryLock(java.util.concurrent.atomic.AtomicBoolean s) { return true; }",
            "  @Override public void unlock(java.util.concurrent.atomic.AtomicBoolean s) {}",
            "  @Override public void assertIsHeld(java.util.concurrent.atomic.AtomicBoolean s) {}",
            "}");
    Compilation compilation = compile(backend);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Tuple");
    assertThat(compilation).generatedSourceFile("test.TupleBackendContexts");
  }
}
