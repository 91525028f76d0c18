package dev.ctxlock.processor.robustness;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.ctxlock.processor.WithContextProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * Sources shared by the corpus and the fuzzer, in package {@code rb}: backends over {@code
 * AtomicBoolean} and {@code String}, and well-formed tokens. Kept apart from the other processor
 * tests' fixtures on purpose (this package only adds files).
 */
final class Shared {

  private Shared() {}

  /** The Backend<AtomicBoolean> methods, one line each (5 lines). */
  static final String[] FLAG_METHODS = {
    "  @Override public AtomicBoolean newState() { return new AtomicBoolean(); }",
    "  @Override public void lock(AtomicBoolean s) {}",
    "  @Override public boolean tryLock(AtomicBoolean s) { return true; }",
    "  @Override public void unlock(AtomicBoolean s) {}",
    "  @Override public void assertIsHeld(AtomicBoolean s) {}",
  };

  static final JavaFileObject CHEAP =
      JavaFileObjects.forSourceLines(
          "rb.Cheap",
          concat(
              new String[] {
                "package rb;",
                "import java.util.concurrent.atomic.AtomicBoolean;",
                "public enum Cheap implements dev.ctxlock.sync.Backend<AtomicBoolean> {",
                "  INSTANCE;"
              },
              FLAG_METHODS,
              new String[] {"}"}));

  static final JavaFileObject STR =
      JavaFileObjects.forSourceLines(
          "rb.Str",
          "package rb;",
          "public enum Str implements dev.ctxlock.sync.Backend<String> {",
          "  INSTANCE;",
          "  @Override public String newState() { return \"\"; }",
          "  @Override public void lock(String s) {}",
          "  @Override public boolean tryLock(String s) { return true; }",
          "  @Override public void unlock(String s) {}",
          "  @Override public void assertIsHeld(String s) {}",
          "}");

  /** {@code Ops<X> implements Backend<X>}, for backends that get their state type through it. */
  static final JavaFileObject OPS =
      JavaFileObjects.forSourceLines(
          "rb.Ops",
          "package rb;",
          "public abstract class Ops<X> implements dev.ctxlock.sync.Backend<X> {",
          "  @Override public void lock(X s) {}",
          "  @Override public boolean tryLock(X s) { return true; }",
          "  @Override public void unlock(X s) {}",
          "  @Override public void assertIsHeld(X s) {}",
          "}");

  static final JavaFileObject OFF = token("Off");
  static final JavaFileObject OFF2 = token("Off2");

  static JavaFileObject token(String name) {
    return JavaFileObjects.forSourceLines(
        "rb." + name,
        "package rb;",
        "public final class " + name + " extends dev.ctxlock.sync.ContextToken {",
        "  private " + name + "() {}",
        "  public static " + name + " enter() { return new " + name + "(); }",
        "  @Override protected void release() {}",
        "}");
  }

  static String[] concat(String[]... parts) {
    List<String> all = new ArrayList<>();
    for (String[] p : parts) {
      all.addAll(Arrays.asList(p));
    }
    return all.toArray(new String[0]);
  }

  static Compilation compile(List<String> options, JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(List.of(CHEAP, STR, OPS, OFF, OFF2));
    all.addAll(Arrays.asList(sources));
    return javac()
        .withProcessors(new WithContextProcessor())
        .withOptions(options)
        .compile(all);
  }

  /** A diagnostic that says the processor itself failed, rather than the source. */
  static boolean isProcessorFailure(Diagnostic<? extends JavaFileObject> d) {
    String m = d.getMessage(Locale.ROOT);
    return m.contains("processor bug")
        || m.contains("processor crashed")
        || m.contains("threw an uncaught exception")
        || m.contains("An annotation processor threw");
  }
}
