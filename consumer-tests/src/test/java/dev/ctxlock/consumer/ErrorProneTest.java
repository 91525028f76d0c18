package dev.ctxlock.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error Prone (the version users on JDK 17 can run) over a consumer, with the ctxlock processor in
 * the same compilation: {@code @MustBeClosed} on methods returning an open guard and
 * {@code @CheckReturnValue} on try methods, on the runtime's API and on generated code, make it
 * flag a guard taken outside try-with-resources and an ignored {@code tryLockWith}; a correct
 * consumer compiles clean. Error Prone runs inside this JVM's javac, which is why Surefire's
 * argLine carries the --add-exports/--add-opens flags Error Prone documents for JDK 16+.
 */
class ErrorProneTest {

  private static final String MISUSE =
      """
      package com.example.app;

      import dev.ctxlock.interrupt.LocalInterruptDisabled;
      import dev.ctxlock.interrupt.LocalInterrupts;
      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.SpinLockIrq;
      import dev.ctxlock.sync.SpinLockIrqBackend;

      final class Misuse {
        private Misuse() {}

        static void guardOutsideTryWithResources(SpinLockIrq<int[]> lock) {
          Guard<int[], SpinLockIrqBackend> guard = lock.lock();
          guard.get()[0]++;
          guard.close();
        }

        static void ignoredRuntimeTryLockWith(SpinLockIrq<int[]> lock) {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            lock.tryLockWith(irqOff);
          }
        }

        static void ignoredGeneratedTryLockWith(Loud<int[]> lock) {
          try (Quiet quiet = new Quiet()) {
            lock.tryLockWith(quiet);
          }
        }

        static void tokenOutsideTryWithResources() {
          LocalInterruptDisabled irqOff = LocalInterrupts.disable();
          irqOff.close();
        }
      }
      """;

  private static Compiler.Result compileWithErrorProne(Path dir, Map<String, String> sources)
      throws Exception {
    // Error Prone and its dependencies are on this JVM's class path; so are the processor and its
    // annotations. javac loads -Xplugin plugins from the processor path.
    List<Path> processorPath = new ArrayList<>(Jars.testClassPath());
    return Compiler.compile(
        ToolProvider.getSystemJavaCompiler(),
        dir,
        sources,
        List.of(
            "--release", "17",
            "-Xlint:all,-processing",
            "-XDcompilePolicy=simple",
            "--should-stop=ifError=FLOW",
            "-Xplugin:ErrorProne",
            "-classpath", Jars.join(Jars.consumerPath()),
            "-processorpath", Jars.join(processorPath),
            "-processor", "dev.ctxlock.processor.WithContextProcessor"));
  }

  @Test
  void flagsUnclosedGuardsAndTokensAndIgnoredTryLockWith(@TempDir Path dir)
      throws Exception {
    Map<String, String> sources = new LinkedHashMap<>(Consumers.classPathConsumer());
    sources.put(Consumers.PACKAGE_DIR + "Misuse.java", MISUSE);
    Compiler.Result result = compileWithErrorProne(dir, sources);

    assertFalse(result.success, result::report);
    Map<Long, List<String>> byLine = errorsIn(result, "Misuse.java");
    // lock() outside try-with-resources
    assertTrue(hasCheck(byLine.get(13L), "MustBeClosedChecker"), result::report);
    // the runtime's SpinLockIrq.tryLockWith(token), result ignored
    assertTrue(hasCheck(byLine.get(20L), "CheckReturnValue"), result::report);
    // the consumer's generated Loud.tryLockWith(token), result ignored
    assertTrue(hasCheck(byLine.get(26L), "CheckReturnValue"), result::report);
    // LocalInterrupts.disable() outside try-with-resources: a leaked token keeps interrupts off
    assertTrue(hasCheck(byLine.get(31L), "MustBeClosedChecker"), result::report);
    assertEquals(
        List.of(13L, 20L, 26L, 31L), new ArrayList<>(byLine.keySet()), "only the misuses are flagged");
  }

  @Test
  void aCorrectConsumerCompilesClean(@TempDir Path dir) throws Exception {
    Compiler.Result result = compileWithErrorProne(dir, Consumers.classPathConsumer());
    assertTrue(result.success, result::report);
    assertEquals(List.of(), result.errorsAndWarnings(), result::report);
  }

  private static Map<Long, List<String>> errorsIn(Compiler.Result result, String fileName) {
    return result.diagnostics.stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .filter(d -> d.getSource() != null && d.getSource().getName().endsWith(fileName))
        .collect(
            Collectors.groupingBy(
                Diagnostic::getLineNumber,
                java.util.TreeMap::new,
                Collectors.mapping(
                    (Diagnostic<? extends JavaFileObject> d) -> d.getMessage(Locale.ROOT),
                    Collectors.toList())));
  }

  private static boolean hasCheck(List<String> messages, String check) {
    return messages != null && messages.stream().anyMatch(m -> m.startsWith("[" + check + "]"));
  }
}
