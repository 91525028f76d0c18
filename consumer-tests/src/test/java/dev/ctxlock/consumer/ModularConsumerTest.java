package dev.ctxlock.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer that is a named module, {@code requires dev.ctxlock.runtime;} and nothing else,
 * compiled with javac on the module path with the processor on the processor path: the generated
 * code compiles there without warnings, and the module runs with only itself and the runtime on the
 * module path (the annotations the runtime requires are {@code static}).
 */
class ModularConsumerTest {

  /** An application module: it opens its package to reflection (for this test) only. */
  private static final String APPLICATION =
      """
      module com.example.app {
        requires dev.ctxlock.runtime;
        opens com.example.app;
      }
      """;

  private static final String APPLICATION_READING_JAVA_COMPILER =
      """
      module com.example.app {
        requires dev.ctxlock.runtime;
        requires static java.compiler;
      }
      """;

  /**
   * A library module: its exported API (the generated lock included) shows ctxlock's types, so it
   * reads the runtime transitively, as javac's -Xlint:exports asks.
   */
  private static final String LIBRARY =
      """
      module com.example.app {
        requires transitive dev.ctxlock.runtime;
        exports com.example.app;
      }
      """;

  private static Compiler.Result compile(Path dir, String moduleInfo) throws Exception {
    return Compiler.compile(
        ToolProvider.getSystemJavaCompiler(),
        dir,
        Consumers.modularConsumer(moduleInfo),
        List.of(
            "--release", "17",
            "-Xlint:all,-processing", "-Werror",
            "--module-path", Jars.join(Jars.consumerPath()),
            "--processor-path", Jars.join(Jars.processorPath())));
  }

  @Test
  void aModuleThatRequiresOnlyTheRuntimeCompilesItsGeneratedCodeWithoutWarnings(
      @TempDir Path dir) throws Exception {
    Compiler.Result result = compile(dir, APPLICATION);
    assertTrue(result.success, result::report);
    assertEquals(List.of(), result.errorsAndWarnings(), result::report);

    String lock = result.generatedSource(Consumers.PACKAGE_DIR + "Loud.java");
    // The module does not read java.compiler: javax.annotation.processing.Generated would not
    // compile there, so it is left out.
    assertFalse(lock.contains("@Generated"), lock);
    // The runtime's `requires static transitive` lets the module read JSpecify and Error Prone's
    // annotations, so generated code still carries them.
    assertTrue(lock.contains("import org.jspecify.annotations.Nullable;"), lock);
    assertTrue(lock.contains("@MustBeClosed"), lock);
    assertTrue(lock.contains("@CheckReturnValue"), lock);
  }

  @Test
  void aModuleThatReadsJavaCompilerGetsGenerated(@TempDir Path dir) throws Exception {
    Compiler.Result result = compile(dir, APPLICATION_READING_JAVA_COMPILER);
    assertTrue(result.success, result::report);
    assertEquals(List.of(), result.errorsAndWarnings(), result::report);
    assertTrue(
        result
            .generatedSource(Consumers.PACKAGE_DIR + "LoudBackendContexts.java")
            .contains("@Generated(\"dev.ctxlock.processor.WithContextProcessor\")"));
  }

  @Test
  void aLibraryModuleThatExportsGeneratedLocksCompilesWithoutWarnings(@TempDir Path dir)
      throws Exception {
    Compiler.Result result = compile(dir, LIBRARY);
    assertTrue(result.success, result::report);
    assertEquals(List.of(), result.errorsAndWarnings(), result::report);
  }

  @Test
  void theModuleRunsWithOnlyItselfAndTheRuntimeOnTheModulePath(@TempDir Path dir)
      throws Exception {
    Compiler.Result result = compile(dir, APPLICATION);
    assertTrue(result.success, result::report);

    ModuleFinder finder = ModuleFinder.of(result.classes, Jars.runtime());
    ModuleLayer boot = ModuleLayer.boot();
    Configuration configuration =
        boot.configuration().resolve(finder, ModuleFinder.of(), Set.of("com.example.app"));
    ModuleLayer layer =
        boot.defineModulesWithOneLoader(configuration, ClassLoader.getSystemClassLoader());
    Module runtime = layer.findModule("dev.ctxlock.runtime").orElseThrow();
    assertTrue(runtime.isNamed());
    assertFalse(runtime.getDescriptor().isAutomatic(), "the runtime has a module descriptor");
    assertFalse(
        runtime.isExported("dev.ctxlock.internal"), "dev.ctxlock.internal must stay unexported");

    Class<?> app = layer.findLoader("com.example.app").loadClass("com.example.app.App");
    assertEquals(layer.findModule("com.example.app").orElseThrow(), app.getModule());
    assertEquals(5, app.getMethod("run").invoke(null));
  }
}
