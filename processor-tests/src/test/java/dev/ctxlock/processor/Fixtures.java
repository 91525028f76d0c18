package dev.ctxlock.processor;

import static com.google.testing.compile.Compiler.javac;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.ctxlock.processor.diagnostics.Messages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/**
 * Sources most tests share, in package {@code test}: backends over {@code AtomicBoolean} (through a
 * generic superclass, so the processor must substitute type variables to find the state type), a
 * backend over {@code String}, and well-formed context tokens.
 */
final class Fixtures {

  /** {@code Ops<X> implements Backend<X>}: the state type is a type variable here. */
  static final JavaFileObject OPS =
      JavaFileObjects.forSourceLines(
          "test.Ops",
          "package test;",
          "",
          "public abstract class Ops<X> implements dev.ctxlock.sync.Backend<X> {",
          "  @Override public void assertIsHeld(X state) {}",
          "}");

  /** A test-and-set lock over {@code AtomicBoolean}, for subclasses. */
  static final JavaFileObject FLAG_OPS =
      JavaFileObjects.forSourceLines(
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
  static final JavaFileObject TIMED_FLAG_OPS =
      JavaFileObjects.forSourceLines(
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
  static final JavaFileObject TIMED_CHEAP_BACKEND =
      JavaFileObjects.forSourceLines(
          "test.TimedCheapBackend",
          "package test;",
          "",
          "public final class TimedCheapBackend extends TimedFlagOps {",
          "  public static final TimedCheapBackend INSTANCE = new TimedCheapBackend();",
          "  private TimedCheapBackend() {}",
          "}");

  /** The usual contextual backend. */
  static final JavaFileObject CHEAP_BACKEND =
      JavaFileObjects.forSourceLines(
          "test.CheapBackend",
          "package test;",
          "",
          "public final class CheapBackend extends FlagOps {",
          "  public static final CheapBackend INSTANCE = new CheapBackend();",
          "  private CheapBackend() {}",
          "}");

  /** A second contextual backend, an enum. */
  static final JavaFileObject OTHER_CHEAP_BACKEND =
      JavaFileObjects.forSourceLines(
          "test.OtherCheapBackend",
          "package test;",
          "",
          "import java.util.concurrent.atomic.AtomicBoolean;",
          "",
          "public enum OtherCheapBackend implements dev.ctxlock.sync.Backend<AtomicBoolean> {",
          "  INSTANCE;",
          "  @Override public AtomicBoolean newState() { return new AtomicBoolean(); }",
          "  @Override public void lock(AtomicBoolean s) { s.set(true); }",
          "  @Override public boolean tryLock(AtomicBoolean s) { return s.compareAndSet(false, true); }",
          "  @Override public void unlock(AtomicBoolean s) { s.set(false); }",
          "  @Override public void assertIsHeld(AtomicBoolean s) {}",
          "}");

  /** A backend over another state type, {@code String}. */
  static final JavaFileObject STRING_BACKEND =
      JavaFileObjects.forSourceLines(
          "test.StringBackend",
          "package test;",
          "",
          "public enum StringBackend implements dev.ctxlock.sync.Backend<String> {",
          "  INSTANCE;",
          "  @Override public String newState() { return \"\"; }",
          "  @Override public void lock(String s) {}",
          "  @Override public boolean tryLock(String s) { return true; }",
          "  @Override public void unlock(String s) {}",
          "  @Override public void assertIsHeld(String s) {}",
          "}");

  /** A well-formed context: a final ContextToken without a public constructor. */
  static final JavaFileObject IRQ_OFF = token("IrqOff");

  /** Another well-formed context. */
  static final JavaFileObject PREEMPT_OFF = token("PreemptOff");

  static JavaFileObject token(String simpleName) {
    return JavaFileObjects.forSourceLines(
        "test." + simpleName,
        "package test;",
        "",
        "public final class " + simpleName + " extends dev.ctxlock.sync.ContextToken {",
        "  " + simpleName + "() {}",
        "  public static " + simpleName + " enter() { return new " + simpleName + "(); }",
        "  @Override protected void release() {}",
        "}");
  }

  /** A source in package {@code test} (or another package, if the name is qualified). */
  static JavaFileObject source(String qualifiedName, String... lines) {
    return JavaFileObjects.forSourceLines(qualifiedName, lines);
  }

  /** The shared sources plus {@code sources}. */
  static JavaFileObject[] withShared(JavaFileObject... sources) {
    List<JavaFileObject> all =
        new ArrayList<>(
            List.of(
                OPS,
                FLAG_OPS,
                TIMED_FLAG_OPS,
                CHEAP_BACKEND,
                TIMED_CHEAP_BACKEND,
                OTHER_CHEAP_BACKEND,
                STRING_BACKEND,
                IRQ_OFF,
                PREEMPT_OFF));
    all.addAll(Arrays.asList(sources));
    return all.toArray(new JavaFileObject[0]);
  }

  /** Compiles {@code sources} with the shared ones and the processor. */
  static Compilation compile(JavaFileObject... sources) {
    return javac().withProcessors(new WithContextProcessor()).compile(withShared(sources));
  }

  /** Compiles with processor options such as {@code -Actxlock.style=generic}. */
  static Compilation compileWithOptions(List<String> options, JavaFileObject... sources) {
    return javac()
        .withProcessors(new WithContextProcessor())
        .withOptions(options)
        .compile(withShared(sources));
  }

  /**
   * A pattern for compile-testing's {@code had...ContainingMatch}: a message that starts with
   * {@code message}'s ID in brackets and contains {@code text}, so that a test asserts the stable
   * ID as well as the words.
   */
  static String withId(Messages message, String text) {
    return "^" + Pattern.quote("[" + message.id() + "] ") + ".*" + Pattern.quote(text);
  }

  private Fixtures() {}
}
