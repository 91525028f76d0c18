package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.MULTI_BACKEND;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.flagBackend;
import static dev.ctxlock.processor.Fixtures.generatedSource;
import static dev.ctxlock.processor.Fixtures.javacWithProcessor;
import static dev.ctxlock.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The shape of generated code beyond the golden case: several contexts, generic contexts, chains,
 * nested backends, and that all of it compiles under {@code -Xlint:all -Werror}.
 */
class GeneratedCodeTest {

  private static final List<String> STRICT = List.of("-Xlint:all,-processing", "-Werror");

  @Test
  void goldenCaseCompilesWithoutWarningsUnderWerror() {
    Compilation compilation =
        javacWithProcessor().withOptions(STRICT).compile(GoldenSources.all());
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void severalAndGenericContextsCompileWithoutWarningsUnderWerror() {
    Compilation compilation =
        compile(STRICT, MULTI_BACKEND);
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void severalContextsGiveOneOverloadPairAndOneConstantEachInDeclarationOrder()
      throws IOException {
    Compilation compilation = compile(MULTI_BACKEND);
    assertThat(compilation).succeededWithoutWarnings();
    String lock = generatedSource(compilation, "test/Multi.java");
    assertInOrder(
        lock,
        "public Guard<T, CheapBackend> lockWith(IrqOff context)",
        "public @Nullable Guard<T, CheapBackend> tryLockWith(IrqOff context)",
        "public Guard<T, OtherCheapBackend> lockWith(Permit<?> context)",
        "public @Nullable Guard<T, OtherCheapBackend> tryLockWith(Permit<?> context)",
        "public Guard<T, CheapBackend> lockWith(Capability<?, ?> context)",
        "public @Nullable Guard<T, CheapBackend> tryLockWith(Capability<?, ?> context)");
    assertThat(lock).contains("Capability does not extend ContextToken, so javac picks the overload taking Object");
    String witness = generatedSource(compilation, "test/MultiBackendContexts.java");
    assertInOrder(
        witness,
        "BackendWithContext<MultiBackend, IrqOff, CheapBackend> IRQ_OFF",
        "BackendWithContext<MultiBackend, Permit<?>, OtherCheapBackend> PERMIT",
        "BackendWithContext<MultiBackend, Capability<?, ?>, CheapBackend> CAPABILITY");
    assertThat(witness).contains("@SuppressWarnings(\"unchecked\")");
    assertThat(witness)
        .contains("Class<Permit<?>> type = (Class<Permit<?>>) (Class<?>) Permit.class;");
  }

  @Test
  void aContextualBackendThatIsItselfAnnotatedFormsAChain() {
    JavaFileObject middle =
        flagBackend("MiddleBackend", "context = PreemptOff.class, contextual = CheapBackend.class");
    JavaFileObject top =
        flagBackend("TopBackend", "context = IrqOff.class, contextual = MiddleBackend.class");
    JavaFileObject user =
        source(
            "test.User",
            "package test;",
            "",
            "final class User {",
            "  static void use(Top<String> lock, IrqOff irq, PreemptOff preempt) {",
            "    try (dev.ctxlock.sync.Guard<String, MiddleBackend> g = lock.lockWith(irq)) {",
            "      g.get();",
            "    }",
            "    Middle<String> middle = new Middle<>(\"m\");",
            "    try (dev.ctxlock.sync.Guard<String, CheapBackend> g = middle.lockWith(preempt)) {",
            "      g.get();",
            "    }",
            "  }",
            "}");
    Compilation compilation =
        compile(STRICT, middle, top, user);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Top");
    assertThat(compilation).generatedSourceFile("test.Middle");
  }

  @Test
  void anEnumBackendAndItsNestedContextAreNamedByTheirSimpleNames() throws IOException {
    JavaFileObject holder =
        source(
            "test.Outer",
            "package test;",
            "",
            "public final class Outer {",
            "  public static final class Ctx extends dev.ctxlock.sync.ContextToken {",
            "    Ctx() {}",
            "    @Override protected void release() {}",
            "  }",
            "  " + WAITS_SPIN,
            "  @dev.ctxlock.annotations.WithContext(context = Ctx.class, contextual = CheapBackend.class)",
            "  public static final class NestedBackend extends FlagOps {",
            "    public static final NestedBackend INSTANCE = new NestedBackend();",
            "  }",
            "}");
    Compilation compilation =
        compile(STRICT, holder);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "test/NestedBackendContexts.java"))
        .contains("BackendWithContext<Outer.NestedBackend, Outer.Ctx, CheapBackend> CTX");
    assertThat(generatedSource(compilation, "test/Nested.java"))
        .contains("public final class Nested<T> extends Lock<T, Outer.NestedBackend>");
  }

  @Test
  void aTimedBackendWithAnUntimedContextualGetsTimedLockButNoTimedLockWith() throws IOException {
    JavaFileObject backend =
        source(
            "test.WaitBackend",
            "package test;",
            "",
            WAITS_SPIN,
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class WaitBackend extends TimedFlagOps {",
            "  public static final WaitBackend INSTANCE = new WaitBackend();",
            "}");
    JavaFileObject user =
        source(
            "test.User",
            "package test;",
            "",
            "import dev.ctxlock.sync.Guard;",
            "import java.time.Duration;",
            "",
            "final class User {",
            "  static void use(Wait<String> lock) throws InterruptedException {",
            "    try (Guard<String, WaitBackend> g = lock.tryLock(Duration.ofMillis(1))) {",
            "      if (g != null) { g.get(); }",
            "    }",
            "    try (Guard<String, WaitBackend> g = lock.lockInterruptibly()) {",
            "      g.get();",
            "    }",
            "  }",
            "}");
    Compilation compilation =
        compile(STRICT, backend, user);
    assertThat(compilation).succeededWithoutWarnings();
    String lock = generatedSource(compilation, "test/Wait.java");
    assertInOrder(
        lock,
        "@CheckReturnValue\n  @MustBeClosed\n  public @Nullable Guard<T, WaitBackend> tryLock(",
        "Duration timeout) throws InterruptedException {\n    return timedTryLock(timeout);",
        "@MustBeClosed\n  public Guard<T, WaitBackend> lockInterruptibly() throws InterruptedException {",
        "return interruptibleLock();",
        "public Guard<T, CheapBackend> lockWith(IrqOff context)",
        "public @Nullable Guard<T, CheapBackend> tryLockWith(IrqOff context)");
    assertThat(lock).doesNotContain("tryLockContextual(CheapBackend.INSTANCE, context, timeout)");
    assertThat(lock).contains("{@link #lockInterruptibly()} gives it up");
  }

  @Test
  void anUntimedBackendWithATimedContextualGetsOnlyTheTimedTryLockWith() throws IOException {
    JavaFileObject backend =
        source(
            "test.PlainBackend",
            "package test;",
            "",
            "@SuppressWarnings(\"ctxlock\") // Object-like context on purpose",
            WAITS_SPIN,
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = TimedCheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = Capability.class, contextual = TimedCheapBackend.class)",
            "public final class PlainBackend extends FlagOps {",
            "  public static final PlainBackend INSTANCE = new PlainBackend();",
            "}");
    JavaFileObject user =
        source(
            "test.User",
            "package test;",
            "",
            "import dev.ctxlock.sync.Guard;",
            "import java.time.Duration;",
            "",
            "final class User {",
            "  static void use(Plain<String> lock, IrqOff irq) throws InterruptedException {",
            "    try (Guard<String, TimedCheapBackend> g = lock.tryLockWith(irq, Duration.ZERO)) {",
            "      if (g != null) { g.get(); }",
            "    }",
            "  }",
            "}");
    Compilation compilation =
        compile(STRICT, backend, user);
    assertThat(compilation).succeededWithoutWarnings();
    String lock = generatedSource(compilation, "test/Plain.java");
    assertThat(lock).doesNotContain("tryLock(Duration");
    assertThat(lock).doesNotContain("lockInterruptibly");
    assertInOrder(
        lock,
        "public @Nullable Guard<T, TimedCheapBackend> tryLockWith(IrqOff context,",
        "// IrqOff extends ContextToken, so javac picks the overload that checks the token:",
        "return tryLockContextual(TimedCheapBackend.INSTANCE, context, timeout);",
        "public @Nullable Guard<T, TimedCheapBackend> tryLockWith(Capability<?, ?> context,",
        "// Capability does not extend ContextToken, so javac picks the overload taking Object:",
        "return tryLockContextual(TimedCheapBackend.INSTANCE, context, timeout);");
  }

  @Test
  void untimedBackendsGetNoTimedMethods() throws IOException {
    Compilation compilation = compile(MULTI_BACKEND);
    assertThat(compilation).succeededWithoutWarnings();
    String lock = generatedSource(compilation, "test/Multi.java");
    assertThat(lock).doesNotContain("Duration");
    assertThat(lock).doesNotContain("InterruptedException");
  }

  private static void assertInOrder(String text, String... parts) {
    int from = 0;
    for (String part : parts) {
      int at = text.indexOf(part, from);
      if (at < 0) {
        throw new AssertionError("missing, or out of order: " + part + "\nin:\n" + text);
      }
      from = at + part.length();
    }
  }
}
