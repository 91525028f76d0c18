package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.classPathWith;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.describe;
import static dev.ctxlock.processor.Fixtures.flagEnum;
import static dev.ctxlock.processor.Fixtures.isProcessorFailure;
import static dev.ctxlock.processor.Fixtures.javacWithProcessor;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.Fixtures.withShared;
import static dev.ctxlock.processor.Fixtures.wrappedFooBackend;
import static dev.ctxlock.processor.Fixtures.writeClasses;
import static dev.ctxlock.processor.diagnostics.Messages.AMBIGUOUS_CONTEXTS;
import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_WAIT_TYPE_UNKNOWN;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXTUAL_STATE_MISMATCH;
import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_NOT_A_TOKEN;
import static dev.ctxlock.processor.diagnostics.Messages.FORGEABLE_CONTEXT;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The processor's warnings, located on the {@code context} value (line 4), or, for a backend that
 * does not declare its wait type, on that backend's class; and their suppression.
 */
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

  /**
   * "Sealed" proves nothing when what it permits can be made anywhere: a public record (its
   * canonical constructor is public), a public non-sealed class, or, transitively, a sealed one
   * that permits such a class.
   */
  @ParameterizedTest
  @ValueSource(strings = {"record", "non-sealed", "transitive"})
  void warnsAboutASealedContextThatPermitsAForgeableSubclass(String permitted) {
    String[] body;
    String ways;
    switch (permitted) {
      case "record":
        body = new String[] {
          "public sealed interface SealedCtx permits SealedCtx.Open {",
          "  record Open() implements SealedCtx {}",
          "}"};
        ways = "its permitted subclass test.SealedCtx.Open has a public constructor (the implicit one)";
        break;
      case "non-sealed":
        body = new String[] {
          "public abstract sealed class SealedCtx permits SealedCtx.Open {",
          "  SealedCtx() {}",
          "  public static non-sealed class Open extends SealedCtx {",
          "    protected Open() {}",
          "  }",
          "}"};
        ways = "its permitted subclass test.SealedCtx.Open has a protected constructor;"
            + " its permitted subclass test.SealedCtx.Open is a non-final class that is not"
            + " sealed, so any class can extend it";
        break;
      default:
        body = new String[] {
          "public sealed interface SealedCtx permits SealedCtx.Middle {",
          "  sealed interface Middle extends SealedCtx permits Open {}",
          "  record Open(int level) implements Middle {}",
          "}"};
        ways = "its permitted subclass test.SealedCtx.Open has a public constructor (the implicit one)";
        break;
    }
    assertForgeable(context("SealedCtx", body), "SealedCtx", ways);
  }

  /** A sealed context whose permitted subclasses cannot be made elsewhere is not forgeable. */
  @Test
  void doesNotWarnAboutASealedContextWhosePermittedSubclassesCannotBeMadeElsewhere() {
    JavaFileObject backend = backendWithContext("SealedCtx.class");
    Compilation compilation =
        compile(
            backend,
            context(
                "SealedCtx",
                "public sealed interface SealedCtx permits SealedCtx.Closed, Hidden {",
                "  final class Closed implements SealedCtx { private Closed() {} }",
                "}",
                "record Hidden() implements SealedCtx {}"));
    assertThat(compilation).succeeded();
    assertWithMessage(describe(compilation))
        .that(
            compilation.warnings().stream()
                .anyMatch(d -> d.getMessage(Locale.ROOT).contains(FORGEABLE_CONTEXT.id())))
        .isFalse();
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
        WAITS_SPIN + " @SuppressWarnings(\"unused\")",
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

  // ---- backends that do not declare their wait type

  /** What every wait-type warning says after the backend's role and name. */
  private static final String NO_WAITS =
      " does not declare its wait type with @dev.ctxlock.sync.Waits on its own class (the"
          + " annotation is not inherited), so no rule counts it as spinning or as sleeping:"
          + " neither the lock validator's sleeping-in-atomic check, nor CondVar's refusal to wait"
          + " in atomic context, nor the Error Prone check CtxlockSleepInAtomic; add"
          + " @Waits(WaitType.SPIN) if its waiters stay on their CPU, or @Waits(WaitType.SLEEP) if"
          + " they sleep";

  /**
   * {@code test.simpleName}, a flag backend: {@code annotations} on line 3 (nothing, or {@code
   * @Waits}, {@code @SuppressWarnings}...), {@code @WithContext(context = IrqOff.class, contextual
   * = contextual.class)} on line 4, the class on line 5.
   */
  private static JavaFileObject backendNaming(
      String simpleName, String annotations, String contextual) {
    return source(
        "test." + simpleName,
        "package test;",
        "",
        annotations,
        "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = "
            + contextual + ".class)",
        "public final class " + simpleName + " extends FlagOps {",
        "  public static final " + simpleName + " INSTANCE = new " + simpleName + "();",
        "}");
  }

  /** {@code test.simpleName}, a flag backend: {@code annotations} on line 3, the class on line 4. */
  private static JavaFileObject contextualBackend(String simpleName, String annotations) {
    return source(
        "test." + simpleName,
        "package test;",
        "",
        annotations,
        "public final class " + simpleName + " extends FlagOps {",
        "  public static final " + simpleName + " INSTANCE = new " + simpleName + "();",
        "}");
  }

  /** The wait-type warnings of {@code compilation}. */
  private static List<Diagnostic<? extends JavaFileObject>> waitTypeWarnings(
      Compilation compilation) {
    return compilation.warnings().stream()
        .filter(
            d -> d.getMessage(Locale.ROOT).startsWith("[" + BACKEND_WAIT_TYPE_UNKNOWN.id() + "]"))
        .collect(Collectors.toList());
  }

  @Test
  void warnsOnTheClassOfAnAnnotatedBackendWithoutWaits() {
    JavaFileObject backend = backendNaming("FooBackend", "", "CheapBackend");
    Compilation compilation = compile(backend);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN,
            "@WithContext on test.FooBackend: backend test.FooBackend" + NO_WAITS))
        .inFile(backend)
        .onLine(5);
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation).generatedSourceFile("test.Foo"); // a warning decides nothing
  }

  @Test
  void warnsOnTheClassOfAContextualBackendWithoutWaits() {
    JavaFileObject contextual = contextualBackend("BareBackend", "");
    JavaFileObject backend = backendNaming("FooBackend", WAITS_SPIN, "BareBackend");
    Compilation compilation = compile(backend, contextual);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN,
            "@WithContext on test.FooBackend: contextual backend test.BareBackend" + NO_WAITS))
        .inFile(contextual)
        .onLine(4);
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void warnsOnTheAnnotatedBackendAboutAContextualBackendFromAClassFile(@TempDir Path library)
      throws IOException {
    Compilation lib = javac().compile(flagEnum("lib", "", "LibBackend"));
    assertThat(lib).succeeded();
    writeClasses(lib, library);

    JavaFileObject backend = backendNaming("FooBackend", WAITS_SPIN, "lib.LibBackend");
    Compilation compilation =
        javacWithProcessor().withClasspath(classPathWith(library)).compile(withShared(backend));
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN,
            "@WithContext on test.FooBackend: contextual backend lib.LibBackend" + NO_WAITS))
        .inFile(backend)
        .onLine(5);
    assertThat(compilation).hadWarningCount(1);
  }

  @Test
  void aContextualBackendFromAClassFileIsWarnedAboutOnTheFirstBackendThatDoesNotSuppressIt(
      @TempDir Path library) throws IOException {
    Compilation lib = javac().compile(flagEnum("lib", "", "LibBackend"));
    writeClasses(lib, library);

    JavaFileObject quiet =
        backendNaming(
            "QuietBackend", WAITS_SPIN + " @SuppressWarnings(\"ctxlock\")", "lib.LibBackend");
    JavaFileObject first = backendNaming("FirstBackend", WAITS_SPIN, "lib.LibBackend");
    JavaFileObject second = backendNaming("SecondBackend", WAITS_SPIN, "lib.LibBackend");
    Compilation compilation =
        javacWithProcessor()
            .withClasspath(classPathWith(library))
            .compile(withShared(quiet, first, second));
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN,
            "@WithContext on test.FirstBackend: contextual backend lib.LibBackend" + NO_WAITS))
        .inFile(first)
        .onLine(5);
    assertThat(compilation).hadWarningCount(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"SPIN", "SLEEP"})
  void doesNotWarnAboutBackendsThatDeclareTheirWaitType(String waitType) {
    String waits = "@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType." + waitType + ")";
    Compilation compilation =
        compile(
            backendNaming("FooBackend", waits, "DeclaredBackend"),
            contextualBackend("DeclaredBackend", waits));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Foo");
  }

  @Test
  void doesNotWarnAboutABackendThatImportsWaits() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "import dev.ctxlock.sync.WaitType;",
            "import dev.ctxlock.sync.Waits;",
            "",
            "@Waits(WaitType.SLEEP)",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    assertThat(compile(backend)).succeededWithoutWarnings();
  }

  @Test
  void warnsAboutEachBackendOnceHoweverManyAnnotationsNameIt() {
    JavaFileObject contextual = contextualBackend("BareBackend", "");
    // FooBackend names BareBackend twice and is named itself by BarBackend, which names
    // BareBackend too: three backends without @Waits, three warnings, each on its own class.
    JavaFileObject foo =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = BareBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = PreemptOff.class, contextual = BareBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    JavaFileObject bar =
        source(
            "test.BarBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = IrqOff.class, contextual = FooBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = PreemptOff.class, contextual = BareBackend.class)",
            "public final class BarBackend extends FlagOps {",
            "  public static final BarBackend INSTANCE = new BarBackend();",
            "}");
    Compilation compilation = compile(foo, bar, contextual);
    assertThat(compilation).succeeded();
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN, "test.FooBackend" + NO_WAITS))
        .inFile(foo)
        .onLine(5);
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN, "backend test.BarBackend" + NO_WAITS))
        .inFile(bar)
        .onLine(5);
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN, "contextual backend test.BareBackend" + NO_WAITS))
        .inFile(contextual)
        .onLine(4);
    assertWithMessage(describe(compilation)).that(waitTypeWarnings(compilation)).hasSize(3);
    assertThat(compilation).hadWarningCount(3);
  }

  @Test
  void suppressWarningsCtxlockOnABackendSilencesItsWaitTypeWarning() {
    JavaFileObject contextual =
        contextualBackend("BareBackend", "@SuppressWarnings(\"ctxlock\")");
    JavaFileObject backend =
        backendNaming("FooBackend", "@SuppressWarnings(\"ctxlock\")", "BareBackend");
    Compilation compilation = compile(backend, contextual);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Foo");
  }

  @Test
  void suppressWarningsCtxlockOnTheAnnotatedBackendLeavesASourceContextualsWarning() {
    JavaFileObject contextual = contextualBackend("BareBackend", "");
    JavaFileObject backend =
        backendNaming("FooBackend", "@SuppressWarnings(\"ctxlock\")", "BareBackend");
    Compilation compilation = compile(backend, contextual);
    assertThat(compilation)
        .hadWarningContainingMatch(withId(BACKEND_WAIT_TYPE_UNKNOWN, "contextual backend test.BareBackend"))
        .inFile(contextual)
        .onLine(4);
    assertThat(compilation).hadWarningCount(1);
  }

  /**
   * Records whether javac hands processors an annotation whose type did not resolve (as an
   * annotation mirror of an error type). javac 17 drops it from the element, so a processor cannot
   * tell a misspelled {@code @Waits} from none there; later versions keep it.
   */
  private static final class UnresolvedAnnotationProbe extends AbstractProcessor {
    boolean keptUnresolved;

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
      for (Element root : roundEnv.getRootElements()) {
        for (AnnotationMirror mirror : root.getAnnotationMirrors()) {
          keptUnresolved |= mirror.getAnnotationType().getKind() == TypeKind.ERROR;
        }
      }
      return false;
    }
  }

  @Test
  void anUnresolvableAnnotationOnTheBackendGetsJavacsErrorAndNoWaitTypeWarningWhereJavacKeepsIt() {
    JavaFileObject backend =
        backendNaming("FooBackend", "@Wait(dev.ctxlock.sync.WaitType.SPIN)", "CheapBackend");
    Compilation compilation = compile(backend);
    assertThat(compilation).hadErrorContaining("cannot find symbol").inFile(backend).onLine(3);
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      assertWithMessage(describe(compilation)).that(isProcessorFailure(diagnostic)).isFalse();
    }
    UnresolvedAnnotationProbe probe = new UnresolvedAnnotationProbe();
    javac().withProcessors(probe).compile(withShared(backend));
    if (probe.keptUnresolved) {
      // The @Wait may be a misspelled @Waits: javac's error is the diagnostic.
      assertWithMessage(describe(compilation)).that(waitTypeWarnings(compilation)).isEmpty();
    }
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
