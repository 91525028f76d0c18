package dev.ctxlock.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.ctxlock.processor.diagnostics.Messages;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * The one catalogue of sources and helpers the processor tests share, those in {@code robustness}
 * included.
 *
 * <p>The shared sources live in package {@value #PACKAGE} and are compiled with every source a
 * test passes to {@link #compile}: backends over {@code AtomicBoolean} (through a generic
 * superclass, so the processor must substitute type variables to find the state type), a backend
 * over {@code String}, well-formed context tokens, and two generic contexts; every backend among
 * them declares its wait type ({@link #WAITS_SPIN}). A test's own sources name them unqualified
 * from package {@code test} (or import {@code test.*}), for example:
 *
 * <pre>{@code
 * JavaFileObject backend =
 *     flagBackend("FooBackend", "context = IrqOff.class, contextual = StringBackend.class");
 * assertThat(compile(backend))
 *     .hadErrorContainingMatch(withId(CONTEXTUAL_STATE_MISMATCH, "has state type java.lang.String"))
 *     .inFile(backend)
 *     .onLine(3);
 * }</pre>
 *
 * <p>The golden case ({@link GoldenSources}) and the run-time tests' backends (package {@code
 * runtime}, compiled with the test sources themselves) are kept apart on purpose: the first are the
 * inputs of the golden files, the second are real classes the tests run.
 */
public final class Fixtures {

  /** The package of the shared sources. */
  public static final String PACKAGE = "test";

  /**
   * {@code @Waits(WaitType.SPIN)}, fully qualified: what every backend of the shared sources and
   * of the helpers below declares, so that no test but those about the wait-type warning sees it.
   * Written on the line of another annotation, it moves no line number.
   */
  public static final String WAITS_SPIN = "@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType.SPIN)";

  /**
   * {@code Ops<X> implements Backend<X>}: the state type is a type variable here. Every method but
   * {@code newState} does nothing, so that a subclass over any state type needs only that one.
   */
  public static final JavaFileObject OPS =
      source(
          "test.Ops",
          "package test;",
          "",
          "public abstract class Ops<X> implements dev.ctxlock.sync.Backend<X> {",
          "  @Override public void lock(X s) {}",
          "  @Override public boolean tryLock(X s) { return true; }",
          "  @Override public void unlock(X s) {}",
          "  @Override public void assertIsHeld(X s) {}",
          "}");

  /** A test-and-set lock over {@code AtomicBoolean}, for subclasses. */
  public static final JavaFileObject FLAG_OPS =
      source(
          "test.FlagOps",
          "package test;",
          "",
          "import java.util.concurrent.atomic.AtomicBoolean;",
          "",
          "public abstract class FlagOps extends Ops<AtomicBoolean> {",
          "  @Override public AtomicBoolean newState() { return new AtomicBoolean(); }",
          "  @Override public void lock(AtomicBoolean s) {",
          "    while (!s.compareAndSet(false, true)) { Thread.onSpinWait(); }",
          "  }",
          "  @Override public boolean tryLock(AtomicBoolean s) { return s.compareAndSet(false, true); }",
          "  @Override public void unlock(AtomicBoolean s) { s.set(false); }",
          "}");

  /** {@link #FLAG_OPS} with bounded and interruptible waits: subclasses are timed backends. */
  public static final JavaFileObject TIMED_FLAG_OPS =
      source(
          "test.TimedFlagOps",
          "package test;",
          "",
          "import java.util.concurrent.atomic.AtomicBoolean;",
          "",
          "public abstract class TimedFlagOps extends FlagOps",
          "    implements dev.ctxlock.sync.TimedBackend<AtomicBoolean> {",
          "  @Override public boolean tryLock(AtomicBoolean s, long timeoutNanos)",
          "      throws InterruptedException {",
          "    long deadline = System.nanoTime() + timeoutNanos;",
          "    while (!tryLock(s)) {",
          "      if (Thread.interrupted()) { throw new InterruptedException(); }",
          "      if (System.nanoTime() - deadline >= 0) { return false; }",
          "      Thread.onSpinWait();",
          "    }",
          "    return true;",
          "  }",
          "  @Override public void lockInterruptibly(AtomicBoolean s) throws InterruptedException {",
          "    tryLock(s, Long.MAX_VALUE);",
          "  }",
          "}");

  /** A timed contextual backend. */
  public static final JavaFileObject TIMED_CHEAP_BACKEND =
      source(
          "test.TimedCheapBackend",
          "package test;",
          "",
          WAITS_SPIN,
          "public final class TimedCheapBackend extends TimedFlagOps {",
          "  public static final TimedCheapBackend INSTANCE = new TimedCheapBackend();",
          "  private TimedCheapBackend() {}",
          "}");

  /** The usual contextual backend: a final class whose state type comes through {@link #OPS}. */
  public static final JavaFileObject CHEAP_BACKEND =
      source(
          "test.CheapBackend",
          "package test;",
          "",
          WAITS_SPIN,
          "public final class CheapBackend extends FlagOps {",
          "  public static final CheapBackend INSTANCE = new CheapBackend();",
          "  private CheapBackend() {}",
          "}");

  /** A second contextual backend, an enum implementing {@code Backend<AtomicBoolean>} directly. */
  public static final JavaFileObject OTHER_CHEAP_BACKEND =
      flagEnum(PACKAGE, WAITS_SPIN, "OtherCheapBackend");

  /** A backend over another state type, {@code String}. */
  public static final JavaFileObject STRING_BACKEND =
      source(
          "test.StringBackend",
          "package test;",
          "",
          WAITS_SPIN,
          "public enum StringBackend implements dev.ctxlock.sync.Backend<String> {",
          "  INSTANCE;",
          "  @Override public String newState() { return \"\"; }",
          "  @Override public void lock(String s) {}",
          "  @Override public boolean tryLock(String s) { return true; }",
          "  @Override public void unlock(String s) {}",
          "  @Override public void assertIsHeld(String s) {}",
          "}");

  /** A well-formed context: a final ContextToken without a public constructor. */
  public static final JavaFileObject IRQ_OFF = token("IrqOff");

  /** Another well-formed context. */
  public static final JavaFileObject PREEMPT_OFF = token("PreemptOff");

  /** A generic context type, a token: {@code Permit<R>}. */
  public static final JavaFileObject PERMIT =
      source(
          "test.Permit",
          "package test;",
          "",
          "public final class Permit<R> extends dev.ctxlock.sync.ContextToken {",
          "  Permit() {}",
          "  public static <R> Permit<R> grant() { return new Permit<>(); }",
          "  @Override protected void release() {}",
          "}");

  /** A generic context interface, not a token. */
  public static final JavaFileObject CAPABILITY =
      source(
          "test.Capability",
          "package test;",
          "",
          "public sealed interface Capability<A, B> permits Capability.Impl {",
          "  final class Impl implements Capability<String, Integer> {",
          "    private Impl() {}",
          "    static Impl get() { return new Impl(); }",
          "  }",
          "}");

  /**
   * A backend with three contexts: a token ({@code IrqOff}), a generic token ({@code Permit}) and a
   * generic interface ({@code Capability}). Not among the shared sources (it generates code): pass
   * it to {@link #compile}.
   */
  public static final JavaFileObject MULTI_BACKEND =
      source(
          "test.MultiBackend",
          "package test;",
          "",
          "import dev.ctxlock.annotations.WithContext;",
          "",
          "@SuppressWarnings(\"ctxlock\") // Capability is not a ContextToken",
          WAITS_SPIN,
          "@WithContext(context = IrqOff.class, contextual = CheapBackend.class)",
          "@WithContext(context = Permit.class, contextual = OtherCheapBackend.class)",
          "@WithContext(context = Capability.class, contextual = CheapBackend.class)",
          "public enum MultiBackend implements dev.ctxlock.sync.Backend<java.util.concurrent.atomic.AtomicBoolean> {",
          "  INSTANCE;",
          "  @Override public java.util.concurrent.atomic.AtomicBoolean newState() {",
          "    return new java.util.concurrent.atomic.AtomicBoolean();",
          "  }",
          "  @Override public void lock(java.util.concurrent.atomic.AtomicBoolean s) {",
          "    CheapBackend.INSTANCE.lock(s);",
          "  }",
          "  @Override public boolean tryLock(java.util.concurrent.atomic.AtomicBoolean s) {",
          "    return CheapBackend.INSTANCE.tryLock(s);",
          "  }",
          "  @Override public void unlock(java.util.concurrent.atomic.AtomicBoolean s) {",
          "    CheapBackend.INSTANCE.unlock(s);",
          "  }",
          "  @Override public void assertIsHeld(java.util.concurrent.atomic.AtomicBoolean s) {}",
          "}");

  /**
   * Contexts generic through their outer class: {@code Session<K>.Claim}, an inner token of a
   * generic class, and {@code Session<K>.Lease<V>}, generic itself too. Generated code must spell
   * them {@code Session<?>.Claim} and {@code Session<?>.Lease<?>}: the plain {@code Session.Claim}
   * is a raw type. Not among the shared sources: pass it to {@link #compile}.
   */
  public static final JavaFileObject SESSION =
      source(
          "test.Session",
          "package test;",
          "",
          "public final class Session<K> {",
          "  public final class Claim extends dev.ctxlock.sync.ContextToken {",
          "    Claim() {}",
          "    @Override protected void release() {}",
          "  }",
          "  public final class Lease<V> extends dev.ctxlock.sync.ContextToken {",
          "    Lease() {}",
          "    @Override protected void release() {}",
          "  }",
          "  public Claim claim() { return new Claim(); }",
          "  public <V> Lease<V> lease() { return new Lease<>(); }",
          "}");

  /** The package of {@link #javaLangShadows()}. */
  public static final String SHADOW_PACKAGE = "shadow";

  /**
   * Types of package {@value #SHADOW_PACKAGE} named after the {@code java.lang} types generated
   * code uses ({@code Class}, {@code String}, {@code Override}, {@code SuppressWarnings}, {@code
   * InterruptedException}, {@code Object}): inside that package each simple name means the
   * package's own type, not {@code java.lang}'s. {@code Override} is also a well-formed context
   * token, so that generated code names both {@code Override}s.
   */
  public static JavaFileObject[] javaLangShadows() {
    List<JavaFileObject> shadows = new ArrayList<>();
    for (String name :
        new String[] {"Class", "String", "SuppressWarnings", "InterruptedException", "Object"}) {
      shadows.add(inPackage(SHADOW_PACKAGE, name, "public final class " + name + " {}"));
    }
    shadows.add(
        inPackage(
            SHADOW_PACKAGE,
            "Override",
            "public final class Override extends dev.ctxlock.sync.ContextToken {",
            "  Override() {}",
            "  public static Override enter() { return new Override(); }",
            "  @java.lang.Override protected void release() {}",
            "}"));
    return shadows.toArray(new JavaFileObject[0]);
  }

  /**
   * A source whose only {@code @WithContext} is on a class, record or enum declared in a method
   * body ({@code declaration}, e.g. {@code "final class LocalBackend extends FlagOps {}"}), with
   * the annotation written as {@code annotation} (e.g. {@code "@WithContext"} with the import on
   * line 3): the annotation is on line 7, the declaration on line 8. javac does not hand local
   * classes to processors.
   */
  public static JavaFileObject localBackend(String annotation, String declaration) {
    return inPackage(
        PACKAGE,
        "Outer",
        "import dev.ctxlock.annotations.WithContext;",
        "",
        "public final class Outer {",
        "  void run() {",
        "    " + annotation + "(context = IrqOff.class, contextual = CheapBackend.class)",
        "    " + declaration,
        "  }",
        "}");
  }

  private static final List<JavaFileObject> SHARED =
      List.of(
          OPS,
          FLAG_OPS,
          TIMED_FLAG_OPS,
          CHEAP_BACKEND,
          TIMED_CHEAP_BACKEND,
          OTHER_CHEAP_BACKEND,
          STRING_BACKEND,
          IRQ_OFF,
          PREEMPT_OFF,
          PERMIT,
          CAPABILITY);

  /** A well-formed context token {@code test.simpleName}, made by its static {@code enter()}. */
  public static JavaFileObject token(String simpleName) {
    return token(PACKAGE, simpleName);
  }

  /** A well-formed context token in another package, for tests that need one there. */
  public static JavaFileObject token(String packageName, String simpleName) {
    String body =
        """
        public final class %1$s extends dev.ctxlock.sync.ContextToken {
          %1$s() {}
          public static %1$s enter() { return new %1$s(); }
          @Override protected void release() {}
        }"""
            .formatted(simpleName);
    return inPackage(packageName, simpleName, body.split("\n"));
  }

  /**
   * {@code test.simpleName}, a final class extending {@code FlagOps} with its {@code INSTANCE},
   * annotated {@link #WAITS_SPIN} and {@code @WithContext(withContextArguments)} on line 3; the
   * class is on line 4. For example {@code flagBackend("FooBackend", "context = IrqOff.class,
   * contextual = CheapBackend.class")}.
   */
  public static JavaFileObject flagBackend(String simpleName, String withContextArguments) {
    return inPackage(
        PACKAGE,
        simpleName,
        WAITS_SPIN + " @dev.ctxlock.annotations.WithContext(" + withContextArguments + ")",
        "public final class " + simpleName + " extends FlagOps {",
        "  public static final " + simpleName + " INSTANCE = new " + simpleName + "();",
        "}");
  }

  /**
   * {@code test.FooBackend}, a flag backend declaring {@link #WAITS_SPIN}, whose {@code
   * @WithContext} is wrapped so that each value has its own line: {@code context} on line 4,
   * {@code contextual} on line 5, where javac places a diagnostic on that value; the class is on
   * line 6.
   */
  public static JavaFileObject wrappedFooBackend(String context, String contextual) {
    return inPackage(
        PACKAGE,
        "FooBackend",
        WAITS_SPIN + " @dev.ctxlock.annotations.WithContext(",
        "    context = " + context + ",",
        "    contextual = " + contextual + ")",
        "public final class FooBackend extends FlagOps {",
        "  public static final FooBackend INSTANCE = new FooBackend();",
        "}");
  }

  /**
   * The five {@code Backend<AtomicBoolean>} methods, one line each, doing nothing: the body of a
   * backend that is only compiled. The caller imports {@code AtomicBoolean}.
   */
  public static String[] flagMethods() {
    return new String[] {
      "  @Override public AtomicBoolean newState() { return new AtomicBoolean(); }",
      "  @Override public void lock(AtomicBoolean s) {}",
      "  @Override public boolean tryLock(AtomicBoolean s) { return true; }",
      "  @Override public void unlock(AtomicBoolean s) {}",
      "  @Override public void assertIsHeld(AtomicBoolean s) {}",
    };
  }

  /**
   * The lines of an enum backend over {@code AtomicBoolean}: the package on line 1, the import on
   * line 2, {@code annotationLine} (annotations, or nothing) on line 3, the {@code enum} on line 4.
   */
  public static String[] flagEnumLines(
      String packageName, String annotationLine, String simpleName) {
    return concat(
        new String[] {
          "package " + packageName + ";",
          "import java.util.concurrent.atomic.AtomicBoolean;",
          annotationLine,
          "public enum " + simpleName + " implements dev.ctxlock.sync.Backend<AtomicBoolean> {",
          "  INSTANCE;"
        },
        flagMethods(),
        new String[] {"}"});
  }

  /** {@link #flagEnumLines} as a source file. */
  public static JavaFileObject flagEnum(
      String packageName, String annotationLine, String simpleName) {
    return source(
        packageName + "." + simpleName, flagEnumLines(packageName, annotationLine, simpleName));
  }

  /**
   * The source file of top-level type {@code packageName.simpleName}: the package declaration on
   * line 1, a blank line, then {@code body} from line 3.
   */
  public static JavaFileObject inPackage(String packageName, String simpleName, String... body) {
    return source(
        packageName + "." + simpleName,
        concat(new String[] {"package " + packageName + ";", ""}, body));
  }

  /** A source file; {@code qualifiedName} names its top-level type. */
  public static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  /** The arrays' elements, in order. */
  public static String[] concat(String[]... parts) {
    List<String> all = new ArrayList<>();
    for (String[] part : parts) {
      all.addAll(Arrays.asList(part));
    }
    return all.toArray(new String[0]);
  }

  /** The shared sources plus {@code sources}. */
  public static JavaFileObject[] withShared(JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(SHARED);
    all.addAll(Arrays.asList(sources));
    return all.toArray(new JavaFileObject[0]);
  }

  /** javac with a fresh {@link WithContextProcessor}, as a build runs it. */
  public static Compiler javacWithProcessor() {
    return javac().withProcessors(new WithContextProcessor());
  }

  /** Compiles {@code sources} and the shared sources with the processor. */
  public static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  /**
   * Compiles {@code sources} and the shared sources with the processor and javac {@code options}
   * (processor options such as {@code -Actxlock.style=generic}, or {@code -Xlint:all}).
   */
  public static Compilation compile(List<String> options, JavaFileObject... sources) {
    return javacWithProcessor().withOptions(options).compile(withShared(sources));
  }

  /**
   * Compiles {@code sources} and the shared sources with {@code processors} instead of the plain
   * processor: one that wraps it, or it together with another code generator.
   */
  public static Compilation compileWith(
      List<? extends Processor> processors, JavaFileObject... sources) {
    return javac().withProcessors(processors).compile(withShared(sources));
  }

  /** The text of the source file generated at {@code path}, such as {@code "test/Foo.java"}. */
  public static String generatedSource(Compilation compilation, String path)
      throws IOException {
    return compilation
        .generatedFile(StandardLocation.SOURCE_OUTPUT, path)
        .orElseThrow(() -> new AssertionError("not generated: " + path))
        .getCharContent(true)
        .toString();
  }

  /**
   * Writes the class files {@code compilation} produced under {@code directory}, as a build leaves
   * them in {@code target/classes}, for a later compilation's class path.
   */
  public static void writeClasses(Compilation compilation, Path directory) throws IOException {
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      // Names look like /CLASS_OUTPUT/golden/SpinLockIrq.class.
      String relative = file.toUri().getPath().replaceFirst("^/CLASS_OUTPUT/", "");
      Path target = directory.resolve(relative);
      Files.createDirectories(target.getParent());
      try (InputStream in = file.openInputStream()) {
        Files.copy(in, target);
      }
    }
  }

  /** The test class path (the runtime's, among others) with {@code directory} in front. */
  public static List<File> classPathWith(Path directory) {
    List<File> classPath = new ArrayList<>();
    classPath.add(directory.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(new File(entry));
    }
    return classPath;
  }

  /**
   * A pattern for compile-testing's {@code had...ContainingMatch}: a message that starts with
   * {@code message}'s ID in brackets and contains {@code text}, so that a test asserts the stable
   * ID as well as the words.
   */
  public static String withId(Messages message, String text) {
    return "^" + Pattern.quote("[" + message.id() + "] ") + ".*" + Pattern.quote(text);
  }

  /** A diagnostic that says the processor itself failed, rather than the source. */
  public static boolean isProcessorFailure(Diagnostic<? extends JavaFileObject> diagnostic) {
    String m = diagnostic.getMessage(Locale.ROOT);
    return m.contains("processor bug")
        || m.contains("processor crashed")
        || m.contains("threw an uncaught exception")
        || m.contains("An annotation processor threw");
  }

  /** Every diagnostic of {@code compilation}, one a line with kind, file and line: for messages. */
  public static String describe(Compilation compilation) {
    return compilation.diagnostics().stream()
        .map(
            d ->
                d.getKind()
                    + " "
                    + (d.getSource() == null ? "-" : d.getSource().getName())
                    + ":"
                    + d.getLineNumber()
                    + ": "
                    + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
  }

  private Fixtures() {}
}
