package dev.ctxlock.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ctxlock-errorprone as users run it: beside error_prone_core on the processor path, with the
 * ctxlock processor in the same compilation (so the checks see a lock class generated in that
 * very compilation). A consumer that breaks each rule gets each check's diagnostic on the line
 * that breaks it, at the check's severity; Error Prone's own patching applies
 * CtxlockPreferLockWith's fix in place, and the fixed consumer compiles with no ctxlock finding.
 */
class CtxlockChecksTest {

  private static final String MISUSE =
      """
      package com.example.app;

      import com.google.errorprone.annotations.MustBeClosed;
      import dev.ctxlock.interrupt.InterruptHandler;
      import dev.ctxlock.interrupt.LocalInterruptDisabled;
      import dev.ctxlock.interrupt.LocalInterrupts;
      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.Mutex;
      import dev.ctxlock.sync.MutexBackend;
      import dev.ctxlock.sync.SpinLockBackend;
      import dev.ctxlock.sync.SpinLockIrq;
      import java.util.concurrent.Executor;

      final class Misuse {
        private Misuse() {}

        @MustBeClosed
        static Guard<int[], SpinLockBackend> guardOutlivesToken(SpinLockIrq<int[]> irq) {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            return irq.lockWith(irqOff);
          }
        }

        static final InterruptHandler CLOSES_ITS_TOKEN = irq -> irq.close();

        static void tokenEscapes(Executor executor, SpinLockIrq<int[]> irq) {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            executor.execute(() -> irq.lockWith(irqOff).close());
          }
        }

        static int sleepInAtomic(Mutex<int[]> mutex) {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              Guard<int[], MutexBackend> g = mutex.lock()) {
            return g.get()[0];
          }
        }
      }
      """;

  private static final String PREFER_LOCK_WITH =
      """
      package com.example.app;

      import dev.ctxlock.interrupt.LocalInterruptDisabled;
      import dev.ctxlock.interrupt.LocalInterrupts;
      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.SpinLockIrq;
      import dev.ctxlock.sync.SpinLockIrqBackend;

      final class Fast {
        private Fast() {}

        static int run(Loud<int[]> loud, SpinLockIrq<int[]> irq) {
          try (Quiet quiet = new Quiet();
              Guard<int[], LoudBackend> a = loud.lock();
              LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              Guard<int[], SpinLockIrqBackend> b = irq.lock()) {
            return a.get()[0] + b.get()[0];
          }
        }
      }
      """;

  /** The fixed forms of MISUSE's four errors: what each check's documentation recommends. */
  private static final String FIXED =
      """
      package com.example.app;

      import com.google.errorprone.annotations.MustBeClosed;
      import dev.ctxlock.interrupt.InterruptHandler;
      import dev.ctxlock.interrupt.LocalInterruptDisabled;
      import dev.ctxlock.interrupt.LocalInterrupts;
      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.Mutex;
      import dev.ctxlock.sync.MutexBackend;
      import dev.ctxlock.sync.SpinLockBackend;
      import dev.ctxlock.sync.SpinLockIrq;
      import java.util.concurrent.Executor;

      final class Misuse {
        private Misuse() {}

        @MustBeClosed
        static Guard<int[], SpinLockBackend> guardWithTheCallersToken(
            SpinLockIrq<int[]> irq, LocalInterruptDisabled irqOff) {
          return irq.lockWith(irqOff);
        }

        static final InterruptHandler BORROWS_ITS_TOKEN = irq -> LocalInterrupts.areDisabled();

        static void ownTokenOnTheOtherThread(Executor executor, SpinLockIrq<int[]> irq) {
          executor.execute(
              () -> {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockBackend> g = irq.lockWith(irqOff)) {
                  g.get()[0]++;
                }
              });
        }

        static int sleepFirst(Mutex<int[]> mutex) {
          try (Guard<int[], MutexBackend> g = mutex.lock();
              LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            return g.get()[0];
          }
        }
      }
      """;

  private static Compiler.Result compile(Path dir, Map<String, String> sources, String... extra)
      throws Exception {
    List<String> options =
        new ArrayList<>(
            List.of(
                "--release", "17",
                "-XDcompilePolicy=simple",
                "--should-stop=ifError=FLOW",
                "-classpath", Jars.join(Jars.consumerPath()),
                // error_prone_core, ctxlock-errorprone and the processor are on this JVM's class
                // path; javac loads -Xplugin plugins and processors from the processor path.
                "-processorpath", Jars.join(Jars.testClassPath()),
                "-processor", "dev.ctxlock.processor.WithContextProcessor"));
    List<String> plugin = new ArrayList<>(List.of("-Xplugin:ErrorProne"));
    plugin.addAll(List.of(extra));
    options.add(String.join(" ", plugin));
    return Compiler.compile(ToolProvider.getSystemJavaCompiler(), dir, sources, options);
  }

  @Test
  void eachCheckFlagsItsRuleOnTheLineThatBreaksIt(@TempDir Path dir) throws Exception {
    Map<String, String> sources = new LinkedHashMap<>(Consumers.classPathConsumer());
    sources.put(Consumers.PACKAGE_DIR + "Misuse.java", MISUSE);
    sources.put(Consumers.PACKAGE_DIR + "Fast.java", PREFER_LOCK_WITH);
    Compiler.Result result = compile(dir, sources);

    assertFalse(result.success, result::report);
    Map<String, String> expected = new TreeMap<>();
    expected.put("Misuse.java:20 ERROR", "CtxlockGuardOutlivesToken");
    expected.put("Misuse.java:24 ERROR", "CtxlockHandlerClosesToken");
    expected.put("Misuse.java:28 ERROR", "CtxlockTokenEscapes");
    expected.put("Misuse.java:34 WARNING", "CtxlockSleepInAtomic");
    expected.put("Fast.java:14 WARNING", "CtxlockPreferLockWith");
    expected.put("Fast.java:16 WARNING", "CtxlockPreferLockWith");
    assertEquals(expected, ctxlockFindings(result), result::report);
  }

  @Test
  void preferLockWithsFixCompilesAndTheFixedConsumerIsClean(@TempDir Path dir) throws Exception {
    Map<String, String> sources = new LinkedHashMap<>(Consumers.classPathConsumer());
    sources.put(Consumers.PACKAGE_DIR + "Fast.java", PREFER_LOCK_WITH);
    Compiler.Result patching =
        compile(
            dir.resolve("patch"),
            sources,
            "-XepPatchChecks:CtxlockPreferLockWith",
            "-XepPatchLocation:IN_PLACE");
    assertTrue(patching.success, patching::report);
    String patched =
        Files.readString(
            dir.resolve("patch/src/" + Consumers.PACKAGE_DIR + "Fast.java"), UTF_8);
    assertTrue(
        patched.contains("Guard<int[], QuietBackend> a = loud.lockWith(quiet);"), patched);
    assertTrue(
        patched.contains("Guard<int[], SpinLockBackend> b = irq.lockWith(irqOff)"), patched);
    assertTrue(patched.contains("import dev.ctxlock.sync.SpinLockBackend;"), patched);

    sources.put(Consumers.PACKAGE_DIR + "Fast.java", patched);
    sources.put(Consumers.PACKAGE_DIR + "Misuse.java", FIXED);
    Compiler.Result fixed = compile(dir.resolve("fixed"), sources);
    assertTrue(fixed.success, fixed::report);
    assertEquals(Map.of(), ctxlockFindings(fixed), fixed::report);
  }

  /** "File.java:LINE KIND" to check name, for every diagnostic of a ctxlock check. */
  private static Map<String, String> ctxlockFindings(Compiler.Result result) {
    Map<String, String> findings = new TreeMap<>();
    for (Diagnostic<?> d : result.diagnostics) {
      String message = d.getMessage(Locale.ROOT);
      if (!message.startsWith("[Ctxlock")) {
        continue;
      }
      String source =
          d.getSource() instanceof JavaFileObject file
              ? Path.of(file.toUri()).getFileName().toString()
              : "-";
      String kind =
          d.getKind() == Diagnostic.Kind.MANDATORY_WARNING ? "WARNING" : d.getKind().name();
      findings.put(
          source + ":" + d.getLineNumber() + " " + kind,
          message.substring(1, message.indexOf(']')));
    }
    return findings;
  }
}
