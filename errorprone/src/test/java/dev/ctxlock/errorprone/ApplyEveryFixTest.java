package dev.ctxlock.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Applies every suggested fix of every ctxlock check to a program that is correct at run time, in
 * place, as a user would ({@code -XepPatchChecks}, {@code -XepPatchLocation:IN_PLACE}), then
 * compiles the patched program without Error Prone and runs it: a fix must compile and must not
 * turn a correct program into one that throws.
 */
class ApplyEveryFixTest {

  private static final String PROGRAM =
      """
      package fixes;

      import dev.ctxlock.interrupt.InterruptHandler;
      import dev.ctxlock.interrupt.LocalInterruptDisabled;
      import dev.ctxlock.interrupt.LocalInterrupts;
      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.SpinLockIrq;
      import dev.ctxlock.sync.SpinLockIrqBackend;

      public class Main {
        static final SpinLockIrq<int[]> IRQ = new SpinLockIrq<>(new int[1]);
        static boolean last;

        static void bump(Guard<int[], SpinLockIrqBackend> g) { g.get()[0]++; }
        static void any(Guard<int[], ?> g) { g.get()[0]++; }

        static void declared() {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            Guard<int[], SpinLockIrqBackend> g = IRQ.lock();
            bump(g);
            g.close();
          }
        }

        static void inferred() {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              var g = IRQ.lock()) {
            bump(g);
          }
        }

        static void fixable() {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              Guard<int[], SpinLockIrqBackend> g = IRQ.lock()) {
            any(g);
          }
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              var g = IRQ.tryLock()) {
            if (g != null) {
              g.get()[0]++;
            }
          }
        }

        static Guard<int[], SpinLockIrqBackend> escapes() {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            Guard<int[], SpinLockIrqBackend> g = IRQ.lock();
            g.get()[0]++;
            return g;
          }
        }

        @SuppressWarnings("CtxlockHandlerClosesToken") // the handler must throw before the fix
        static final InterruptHandler NOT_PATCHED = irqOff -> {};

        static final InterruptHandler LAST =
            irqOff -> {
              try {
                if (last) irqOff.close();
                IRQ.lockWith(irqOff).close();
              } catch (IllegalStateException e) {
                throw new AssertionError(e);
              }
            };

        public static void main(String[] args) {
          declared();
          inferred();
          fixable();
          escapes().close();
          LocalInterrupts.raise(Thread.currentThread(), LAST);
          LocalInterrupts.deliverPending();
          try (var g = IRQ.lock()) {
            if (g.get()[0] != 5) {
              throw new AssertionError(g.get()[0]);
            }
          }
        }
      }
      """;

  @Test
  void everyFixCompilesAndTheProgramStillRuns(@TempDir Path dir) throws Exception {
    Path source = dir.resolve("src/fixes/Main.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, PROGRAM);
    // The test's own class path, expanded (surefire may run from a manifest-only jar): Error Prone
    // finds ctxlock's checks as plugins on the processor path.
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();

    List<String> patch = new ArrayList<>();
    patch.addAll(
        List.of(
            "-d",
            dir.resolve("patched-classes").toString(),
            "-cp",
            classPath,
            "-processorpath",
            classPath));
    patch.addAll(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW"));
    patch.add(
        "-Xplugin:ErrorProne -XepDisableAllChecks"
            + " -Xep:CtxlockPreferLockWith:WARN -Xep:CtxlockHandlerClosesToken:WARN"
            + " -XepPatchChecks:CtxlockPreferLockWith,CtxlockHandlerClosesToken"
            + " -XepPatchLocation:IN_PLACE");
    patch.add(source.toString());
    assertEquals(0, run(javac, patch), "Error Prone with the fixes");

    String patched = Files.readString(source);
    assertFalse(patched.equals(PROGRAM), "some fix was applied:\n" + patched);

    Path classes = dir.resolve("classes");
    List<String> compile =
        List.of("-d", classes.toString(), "-cp", classPath, "-Xlint:all", source.toString());
    assertEquals(0, run(javac, compile), "the patched program compiles:\n" + patched);

    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      loader
          .loadClass("fixes.Main")
          .getMethod("main", String[].class)
          .invoke(null, (Object) new String[0]);
    }
  }

  private static int run(JavaCompiler javac, List<String> arguments) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        javac.run(
            null,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            arguments.toArray(String[]::new));
    if (rc != 0) {
      System.err.println(err.toString(StandardCharsets.UTF_8));
    }
    return rc;
  }
}
