package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
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
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

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
