package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.Fixtures.wrappedFooBackend;
import static dev.ctxlock.processor.diagnostics.Messages.AMBIGUOUS_CONTEXTS;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_STATE_MISMATCH;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_NOT_A_TOKEN;
import static dev.ctxlock.processor.diagnostics.Messages.FORGEABLE_CONTEXT;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The processor's warnings, located on the {@code context} value (line 4), and their suppression. */
class WarningsTest {

  private static JavaFileObject backendWithContext(String context) {
    return wrappedFooBackend(context, "CheapBackend.class");
  }

  private static JavaFileObject context(String name, String... body) {
    String[] lines = new String[body.length + 2];
    lines[0] = "package test;";
    lines[1] = "";
    System.arraycopy(body, 0, lines, 2, body.length);
    return source("test." + name, lines);
  }

  private static void assertForgeable(JavaFileObject context, String name, String ways) {
    JavaFileObject backend = backendWithContext(name + ".class");
    Compilation compilation = compile(backend, context);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(FORGEABLE_CONTEXT,
            "@WithContext on test.FooBackend: context test." + name + " can be obtained by code"
                + " outside its package without entering the context: " + ways + ". A proof"
                + " anyone can construct proves nothing"))
        .inFile(backend)
        .onLine(4);
  }

  @Test
  void warnsAboutAnImplicitPublicConstructorAndAnOpenClass() {
    assertForgeable(
        context(
            "OpenCtx",
            "public class OpenCtx extends dev.ctxlock.sync.ContextToken {",
            "  @Override protected void release() {}",
            "}"),
        "OpenCtx",
        "it has a public constructor (the implicit one); it is a non-final class that is not"
            + " sealed, so any class can extend it");
  }

  @Test
  void warnsAboutAnExplicitPublicConstructor() {
    assertForgeable(
        context(
            "PublicCtx",
            "public final class PublicCtx extends dev.ctxlock.sync.ContextToken {",
            "  public PublicCtx() {}",
            "  @Override protected void release() {}",
            "}"),
        "PublicCtx",
        "it has a public constructor");
  }

  @Test
  void warnsAboutAProtectedConstructor() {
    assertForgeable(
        context(
            "ProtectedCtx",
            "public abstract sealed class ProtectedCtx extends dev.ctxlock.sync.ContextToken",
            "    permits ProtectedCtx.Impl {",
            "  protected ProtectedCtx() {}",
            "  static final class Impl extends ProtectedCtx {",
            "    @Override protected void release() {}",
            "  }",
            "}"),
        "ProtectedCtx",
        "it has a protected constructor");
  }

  @Test
  void warnsAboutAnInterfaceThatIsNotSealed() {
    JavaFileObject backend = backendWithContext("Proof.class");
    Compilation compilation =
        compile(backend, context("Proof", "public interface Proof {}"));
    assertThat(compilation)
        .hadWarningContainingMatch(withId(FORGEABLE_CONTEXT,
            "context test.Proof can be obtained by code outside its package without entering the"
                + " context: it is an interface that is not sealed, so any class can implement"
                + " it."))
        .inFile(backend)
        .onLine(4);
  }

  @Test
  void warnsAboutAnEnumContext() {
    assertForgeable(
        context("EnumCtx", "public enum EnumCtx { ON }"),
        "EnumCtx",
        "it is an enum, whose constants anyone can use");
  }

  @Test
  void warnsAboutAPublicStaticFieldOfItsOwnType() {
    assertForgeable(
        context(
            "SharedCtx",
            "public final class SharedCtx extends dev.ctxlock.sync.ContextToken {",
            "  public static final SharedCtx SHARED = new SharedCtx();",
            "  private SharedCtx() {}",
            "  @Override protected void release() {}",
            "}"),
        "SharedCtx",
        "it has a public static field SHARED of its own type");
  }

  @Test
  void warnsAboutASerializableContext() {
    assertForgeable(
        context(
            "SerialCtx",
            "public final class SerialCtx extends dev.ctxlock.sync.ContextToken",
            "    implements java.io.Serializable {",
            "  private static final long serialVersionUID = 1L;",
            "  private SerialCtx() {}",
            "  @Override protected void release() {}",
            "}"),
        "SerialCtx",
        "it is Serializable, so deserialization can create one");
  }

  @Test
  void warnsAboutACloneableContext() {
    assertForgeable(
        context(
            "CloneCtx",
            "public final class CloneCtx extends dev.ctxlock.sync.ContextToken implements Cloneable {",
            "  private CloneCtx() {}",
            "  @Override protected void release() {}",
            "}"),
        "CloneCtx",
        "it is Cloneable, so clone() can copy one");
  }

  @Test
  void doesNotWarnAboutAContextInvisibleOutsideItsPackage() {
    JavaFileObject context =
        context(
            "LocalCtx",
            "class LocalCtx extends dev.ctxlock.sync.ContextToken {",
            "  public LocalCtx() {}",
            "  @Override protected void release() {}",
            "}");
    assertThat(compile(backendWithContext("LocalCtx.class"), context)).succeededWithoutWarnings();
  }

  @Test
  void doesNotWarnAboutASealedInterfaceForItsOpenness() {
    JavaFileObject context =
        context(
            "SealedProof",
            "public sealed interface SealedProof permits SealedProof.Impl {",
            "  final class Impl extends dev.ctxlock.sync.ContextToken implements SealedProof {",
            "    private Impl() {}",
            "    @Override protected void release() {}",
            "  }",
            "}");
    Compilation compilation = compile(backendWithContext("SealedProof.class"), context);
    assertThat(compilation).hadWarningCount(1); // only: does not extend ContextToken
    assertThat(compilation).hadWarningContainingMatch(withId(CONTEXT_NOT_A_TOKEN, "does not extend dev.ctxlock.sync.ContextToken"));
  }

  @Test
  void warnsAboutAContextThatIsNotAToken() {
    JavaFileObject context =
        context(
            "Permission",
            "public final class Permission {",
            "  private Permission() {}",
            "}");
    JavaFileObject backend = backendWithContext("Permission.class");
    Compilation compilation = compile(backend, context);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(CONTEXT_NOT_A_TOKEN,
            "@WithContext on test.FooBackend: context test.Permission does not extend"
                + " dev.ctxlock.sync.ContextToken, so lockWith gets no lifetime checks"))
        .inFile(backend)
        .onLine(4);
    assertThat(compilation).hadWarningCount(1);
  }

  private static JavaFileObject backendWithTwoContexts(String first, String second) {
    return source(
        "test.FooBackend",
        "package test;",
        "",
        "import dev.ctxlock.annotations.WithContext;",
        "",
        "@WithContext.List({",
        "  @WithContext(context = " + first + ".class, contextual = CheapBackend.class),",
        "  @WithContext(context = " + second + ".class, contextual = CheapBackend.class)",
        "})",
        "@SuppressWarnings(\"unused\")",
        "public final class FooBackend extends FlagOps {",
        "  public static final FooBackend INSTANCE = new FooBackend();",
        "}");
  }

  @Test
  void warnsAboutTwoInterfaceContexts() {
    JavaFileObject backend = backendWithTwoContexts("ProofA", "ProofB");
    Compilation compilation =
        compile(
            backend,
            context("ProofA", "interface ProofA {}"),
            context("ProofB", "interface ProofB {}"));
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(AMBIGUOUS_CONTEXTS,
            "@WithContext on test.FooBackend: contexts test.ProofA and test.ProofB are both"
                + " interfaces, so some class could be both; lockWith and tryLockWith calls with a"
                + " value of such a class would be ambiguous"))
        .inFile(backend)
        .onLine(7);
  }

  @Test
  void warnsAboutAnInterfaceAndANonFinalClass() {
    JavaFileObject backend = backendWithTwoContexts("OpenCtx", "ProofA");
    Compilation compilation =
        compile(
            backend,
            context("ProofA", "interface ProofA {}"),
            context(
                "OpenCtx",
                "class OpenCtx extends dev.ctxlock.sync.ContextToken {",
                "  @Override protected void release() {}",
                "}"));
    assertThat(compilation)
        .hadWarningContainingMatch(withId(AMBIGUOUS_CONTEXTS,
            "contexts test.OpenCtx and test.ProofA are an interface and a non-final class"))
        .inFile(backend)
        .onLine(7);
  }

  @Test
  void doesNotWarnAboutASubtypePair() {
    JavaFileObject backend = backendWithTwoContexts("ProofA", "ProofB");
    Compilation compilation =
        compile(
            backend,
            context("ProofA", "interface ProofA {}"),
            context("ProofB", "interface ProofB extends ProofA {}"));
    assertThat(compilation).succeeded();
    // Only the two "not a ContextToken" warnings: javac picks the more specific overload.
    assertThat(compilation).hadWarningCount(2);
  }

  @Test
  void doesNotWarnAboutAnInterfaceAndAnUnrelatedFinalClass() {
    JavaFileObject backend = backendWithTwoContexts("IrqOff", "ProofA");
    Compilation compilation =
        compile(backend, context("ProofA", "interface ProofA {}"));
    assertThat(compilation).hadWarningCount(1); // ProofA is not a ContextToken
  }

  @Test
  void suppressWarningsCtxlockOnTheBackendSilencesItsWarnings() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@SuppressWarnings(\"ctxlock\")",
            "@dev.ctxlock.annotations.WithContext(context = Proof.class, contextual = CheapBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    Compilation compilation =
        compile(backend, context("Proof", "public interface Proof {}"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Foo");
  }

  @Test
  void suppressWarningsCtxlockOnAnEnclosingClassSilencesWarnings() {
    JavaFileObject holder =
        source(
            "test.Holder",
            "package test;",
            "",
            "@SuppressWarnings({\"unused\", \"ctxlock\"})",
            "public final class Holder {",
            "  @dev.ctxlock.annotations.WithContext(context = Proof.class, contextual = CheapBackend.class)",
            "  public static final class FooBackend extends FlagOps {",
            "    public static final FooBackend INSTANCE = new FooBackend();",
            "  }",
            "}");
    assertThat(compile(holder, context("Proof", "public interface Proof {}")))
        .succeededWithoutWarnings();
  }

  @Test
  void suppressWarningsCtxlockDoesNotSilenceErrors() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@SuppressWarnings(\"ctxlock\")",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = StringBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    assertThat(compile(backend)).hadErrorContainingMatch(withId(CONTEXTUAL_STATE_MISMATCH, "has state type java.lang.String"));
  }
}
