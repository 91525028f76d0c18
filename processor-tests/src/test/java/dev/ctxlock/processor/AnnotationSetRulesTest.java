package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.diagnostics.Messages.CONSTANT_NAME_CLASH;
import static dev.ctxlock.processor.diagnostics.Messages.DUPLICATE_CONTEXT;
import static dev.ctxlock.processor.diagnostics.Messages.STYLE_CONFLICT;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Rejections across the annotations of one backend. Repeated annotations are located on the
 * {@code class} line (javac keeps only the synthesized container); an explicit
 * {@code @WithContext.List} on the faulty value.
 */
class AnnotationSetRulesTest {

  @Test
  void rejectsTheSameContextTwiceInRepeatedAnnotations() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = OtherCheapBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(DUPLICATE_CONTEXT,
            "@WithContext on test.FooBackend: context test.IrqOff is named by more than one"
                + " annotation; each context may appear once per backend"))
        .inFile(backend)
        .onLine(5);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsTheSameContextTwiceInAnExplicitList() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "import dev.ctxlock.annotations.WithContext;",
            "",
            "@WithContext.List({",
            "  @WithContext(context = IrqOff.class, contextual = CheapBackend.class),",
            "  @WithContext(",
            "      context = IrqOff.class,",
            "      contextual = OtherCheapBackend.class)",
            "})",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    assertThat(compile(backend))
        .hadErrorContainingMatch(withId(DUPLICATE_CONTEXT, "context test.IrqOff is named by more than one annotation"))
        .inFile(backend)
        .onLine(8);
  }

  @Test
  void rejectsStylesThatDisagree() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "import dev.ctxlock.annotations.Style;",
            "import dev.ctxlock.annotations.WithContext;",
            "",
            "@WithContext.List({",
            "  @WithContext(context = IrqOff.class, contextual = CheapBackend.class),",
            "  @WithContext(",
            "      context = PreemptOff.class,",
            "      contextual = CheapBackend.class,",
            "      style = Style.GENERIC)",
            "})",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    Compilation compilation = compile(backend);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(STYLE_CONFLICT,
            "@WithContext on test.FooBackend: this annotation resolves to style GENERIC, but the"
                + " annotation for context test.IrqOff resolves to style INHERENT (DEFAULT is"
                + " INHERENT here); all annotations on one backend must agree on the style"))
        .inFile(backend)
        .onLine(11);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void comparesStylesAfterResolvingDefault() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "import dev.ctxlock.annotations.Style;",
            "import dev.ctxlock.annotations.WithContext;",
            "",
            WAITS_SPIN + " @WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "@WithContext(context = PreemptOff.class, contextual = CheapBackend.class, style = Style.GENERIC)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    Compilation generic = compile(List.of("-Actxlock.style=generic"), backend);
    assertThat(generic).succeededWithoutWarnings();
    assertThat(generic).generatedSourceFile("test.FooBackendContexts");

    Compilation inherent = compile(backend);
    assertThat(inherent)
        .hadErrorContainingMatch(withId(STYLE_CONFLICT, "resolves to style INHERENT (DEFAULT is INHERENT here)"))
        .inFile(backend)
        .onLine(8);
  }

  @Test
  void rejectsTwoContextsWithOneConstantName() {
    JavaFileObject a = Fixtures.token("IRQDisabled");
    JavaFileObject b = Fixtures.token("IrqDisabled");
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "import dev.ctxlock.annotations.WithContext;",
            "",
            "@WithContext.List({",
            "  @WithContext(context = IRQDisabled.class, contextual = CheapBackend.class),",
            "  @WithContext(context = IrqDisabled.class, contextual = CheapBackend.class)",
            "})",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    Compilation compilation = compile(backend, a, b);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(CONSTANT_NAME_CLASH,
            "@WithContext on test.FooBackend: contexts test.IRQDisabled and test.IrqDisabled would"
                + " both be the constant FooBackendContexts.IRQ_DISABLED; rename one of the context"
                + " types"))
        .inFile(backend)
        .onLine(7);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsNestedContextsWithOneSimpleName() {
    JavaFileObject holders =
        source(
            "test.Holders",
            "package test;",
            "",
            "public final class Holders {",
            "  public static final class A {",
            "    public static final class Ctx extends dev.ctxlock.sync.ContextToken {",
            "      Ctx() {}",
            "      @Override protected void release() {}",
            "    }",
            "  }",
            "  public static final class B {",
            "    public static final class Ctx extends dev.ctxlock.sync.ContextToken {",
            "      Ctx() {}",
            "      @Override protected void release() {}",
            "    }",
            "  }",
            "}");
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = Holders.A.Ctx.class, contextual = CheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = Holders.B.Ctx.class, contextual = CheapBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    assertThat(compile(backend, holders))
        .hadErrorContainingMatch(withId(CONSTANT_NAME_CLASH,
            "contexts test.Holders.A.Ctx and test.Holders.B.Ctx would both be the constant"
                + " FooBackendContexts.CTX"))
        .inFile(backend)
        .onLine(5);
  }
}
