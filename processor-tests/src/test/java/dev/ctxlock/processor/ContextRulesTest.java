package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.Fixtures.wrappedFooBackend;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_INACCESSIBLE;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_NOT_A_CLASS;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Rejections of {@code context}, located on the {@code context} value (line 4). */
class ContextRulesTest {

  private static JavaFileObject backendWithContext(String context) {
    return wrappedFooBackend(context, "CheapBackend.class");
  }

  private static void assertRejected(String context, String expected) {
    JavaFileObject backend = backendWithContext(context);
    Compilation compilation = compile(backend);
    assertThat(compilation).hadErrorContainingMatch(withId(CONTEXT_NOT_A_CLASS, expected)).inFile(backend).onLine(4);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsAPrimitiveContext() {
    assertRejected(
        "int.class",
        "@WithContext on test.FooBackend: context int is a primitive type, but a context must be a"
            + " class or interface type whose values prove the context");
  }

  @Test
  void rejectsAnArrayContext() {
    assertRejected("IrqOff[].class", "context test.IrqOff[] is an array type, but a context must");
  }

  @Test
  void rejectsAVoidContext() {
    assertRejected("void.class", "context void is void, but a context must be a class");
  }

  @Test
  void rejectsAnAnnotationTypeContext() {
    assertRejected(
        "Deprecated.class", "context java.lang.Deprecated is an annotation type, but a context");
  }

  @Test
  void rejectsAPrivateContext() {
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "public class Holder {",
            "  private static final class Ctx {}",
            "  @dev.ctxlock.annotations.WithContext(",
            "      context = Ctx.class,",
            "      contextual = CheapBackend.class)",
            "  static final class FooBackend extends FlagOps {",
            "    public static final FooBackend INSTANCE = new FooBackend();",
            "  }",
            "}");
    Compilation compilation = compile(holder);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(CONTEXT_INACCESSIBLE,
            "@WithContext on test.Holder.FooBackend: context test.Holder.Ctx is not accessible"
                + " from package test, where the generated code that names it lives"))
        .inFile(holder)
        .onLine(6);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsAContextInheritedAsProtectedFromAnotherPackage() {
    JavaFileObject base =
        source(
            "other.Base",
            "package other;",
            "",
            "public class Base {",
            "  protected static final class Ctx {}",
            "}");
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "public class Holder extends other.Base {",
            "  @dev.ctxlock.annotations.WithContext(",
            "      context = Ctx.class,",
            "      contextual = CheapBackend.class)",
            "  static final class FooBackend extends FlagOps {",
            "    public static final FooBackend INSTANCE = new FooBackend();",
            "  }",
            "}");
    assertThat(compile(holder, base))
        .hadErrorContainingMatch(withId(CONTEXT_INACCESSIBLE,
            "context other.Base.Ctx is not accessible from package test, where the generated code"))
        .inFile(holder)
        .onLine(5);
  }

  @Test
  void acceptsAPackagePrivateContextInTheBackendsPackage() {
    JavaFileObject context =
        source(
            "test.LocalCtx",
            "package test;",
            "",
            "final class LocalCtx extends dev.ctxlock.sync.ContextToken {",
            "  @Override protected void release() {}",
            "}");
    Compilation compilation = compile(backendWithContext("LocalCtx.class"), context);
    assertThat(compilation).succeededWithoutWarnings();
  }
}
