package dev.ctxlock.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import org.eclipse.jdt.internal.compiler.tool.EclipseCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eclipse's compiler (ECJ, what Eclipse IDE and some builds run) with the processor on its
 * processor path, through ECJ's own javax.tools implementation: it generates the lock classes, the
 * consumer compiles against them without errors or warnings, and the result runs.
 */
class EclipseCompilerTest {

  @Test
  void ecjRunsTheProcessorAndCompilesTheConsumer(@TempDir Path dir) throws Exception {
    Compiler.Result result =
        Compiler.compile(
            new EclipseCompiler(),
            dir,
            Consumers.classPathConsumer(),
            List.of(
                "--release", "17",
                "-proc:full",
                "-classpath", Jars.join(Jars.consumerPath()),
                "-processorpath", Jars.join(Jars.processorPath())));
    assertTrue(result.success, result::report);
    assertEquals("", result.output.strip(), "ECJ's console output");
    assertEquals(
        List.of(),
        result.diagnostics.stream()
            .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
            .map(d -> d.getKind() + ": " + d.getMessage(null))
            .toList(),
        result::report);
    String lock = result.generatedSource(Consumers.PACKAGE_DIR + "Loud.java");
    assertTrue(lock.contains("@Generated(\"dev.ctxlock.processor.WithContextProcessor\")"), lock);
    assertTrue(lock.contains("@MustBeClosed"), lock);

    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {result.classes.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> app = loader.loadClass("com.example.app.App");
      assertEquals(5, app.getMethod("run").invoke(null));
    }
  }
}
