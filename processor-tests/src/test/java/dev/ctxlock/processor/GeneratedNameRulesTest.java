package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.flagBackend;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.diagnostics.Messages.GENERATED_NAME_CLASH;
import static dev.ctxlock.processor.diagnostics.Messages.GENERATED_NAME_TAKEN;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Generated class names: the naming rules, and rejections of taken or shared names. */
class GeneratedNameRulesTest {

  private static JavaFileObject backend(String simpleName, String style) {
    return flagBackend(simpleName, "context = IrqOff.class, contextual = CheapBackend.class" + style);
  }

  @Test
  void lockClassDropsTheBackendSuffixOrAddsLock_witnessAddsContexts() {
    Compilation compilation =
        compile(
            backend("Backend", ""),
            backend("Plain", ""),
            source(
                "test.Holder",
                "package test;",
                "",
                "public final class Holder {",
                "  " + WAITS_SPIN,
                "  @dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
                "  public static final class NestedBackend extends FlagOps {",
                "    public static final NestedBackend INSTANCE = new NestedBackend();",
                "  }",
                "}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.BackendLock");
    assertThat(compilation).generatedSourceFile("test.BackendContexts");
    assertThat(compilation).generatedSourceFile("test.PlainLock");
    assertThat(compilation).generatedSourceFile("test.PlainContexts");
    assertThat(compilation).generatedSourceFile("test.Nested");
    assertThat(compilation).generatedSourceFile("test.NestedBackendContexts");
  }

  @Test
  void rejectsALockClassNameTakenInThePackage() {
    JavaFileObject taken = source("test.Foo", "package test;", "", "public final class Foo {}");
    JavaFileObject backend = backend("FooBackend", "");
    Compilation compilation = compile(backend, taken);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(GENERATED_NAME_TAKEN,
            "@WithContext on test.FooBackend: cannot generate test.Foo, the lock class for this"
                + " backend: a type of that name already exists; rename the backend or that type"))
        .inFile(backend)
        .onLine(3);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void aTakenLockClassNameDoesNotMatterForStyleGeneric() {
    JavaFileObject taken = source("test.Foo", "package test;", "", "public final class Foo {}");
    JavaFileObject backend =
        backend("FooBackend", ", style = dev.ctxlock.annotations.Style.GENERIC");
    assertThat(compile(backend, taken)).succeededWithoutWarnings();
  }

  @Test
  void rejectsAWitnessClassNameTakenInThePackage() {
    JavaFileObject taken =
        source("test.FooBackendContexts", "package test;", "", "final class FooBackendContexts {}");
    JavaFileObject backend =
        backend("FooBackend", ", style = dev.ctxlock.annotations.Style.GENERIC");
    assertThat(compile(backend, taken))
        .hadErrorContainingMatch(withId(GENERATED_NAME_TAKEN,
            "cannot generate test.FooBackendContexts, the witness class for this backend: a type"
                + " of that name already exists"))
        .inFile(backend)
        .onLine(3);
  }

  @Test
  void rejectsTwoBackendsMappingToOneLockClass() {
    JavaFileObject first = backend("Foo", "");
    JavaFileObject second = backend("FooLockBackend", "");
    Compilation compilation = compile(first, second);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(GENERATED_NAME_CLASH,
            "@WithContext on test.FooLockBackend: cannot generate test.FooLock, the lock class for"
                + " this backend: backend test.Foo maps to the same generated name; rename one of"
                + " the backends"))
        .inFile(second)
        .onLine(3);
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void rejectsANestedAndATopLevelBackendOfOneName() {
    JavaFileObject topLevel = backend("FooBackend", "");
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "public final class Holder {",
            "  @dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "  public static final class FooBackend extends FlagOps {",
            "    public static final FooBackend INSTANCE = new FooBackend();",
            "  }",
            "}");
    Compilation compilation = compile(topLevel, holder);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(GENERATED_NAME_CLASH,
            "@WithContext on test.Holder.FooBackend: cannot generate test.FooBackendContexts, the"
                + " witness class for this backend: backend test.FooBackend maps to the same"
                + " generated name"))
        .inFile(holder)
        .onLine(4);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(GENERATED_NAME_CLASH, "cannot generate test.Foo, the lock class for this backend: backend"))
        .inFile(holder)
        .onLine(4);
    assertThat(compilation).hadErrorCount(2);
  }
}
