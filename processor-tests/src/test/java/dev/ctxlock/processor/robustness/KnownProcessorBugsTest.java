package dev.ctxlock.processor.robustness;

import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.describe;
import static dev.ctxlock.processor.Fixtures.flagEnum;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Processor bugs the robustness corpus found, kept as regression tests.
 *
 * <p>Bug (fixed): a backend whose name minus {@code Backend} is a {@code java.lang} type ({@code
 * ClassBackend}, {@code StringBackend}, {@code OverrideBackend}...) makes
 * the processor generate a lock class {@code p.Class} (etc.) that shadows {@code java.lang.Class}
 * in package p; the generated witness's {@code Class<C> contextType()} (and, for {@code String},
 * the lock's own {@code (String name, T data)} constructor) then resolve to the generated class,
 * and javac reports errors inside the generated files, and in every other source of package p that
 * uses the shadowed name ({@code OverrideBackend} breaks every {@code @Override} in the package),
 * with no diagnostic that names the cause. Now GeneratedNameRules rejects a generated simple
 * name that is a {@code java.lang} type, with an error on the backend. Qualifying names in the
 * generated code alone would not help the package's other sources.
 */
class KnownProcessorBugsTest {

  @ParameterizedTest
  @ValueSource(strings = {"Class", "String", "Override"})
  void rejectsABackendWhoseLockClassWouldShadowAJavaLangType_errorsOnlyOnTheBackend(String prefix) {
    // Its own package: the shared sources already hold a test.StringBackend.
    JavaFileObject backend =
        flagEnum(
            "shadow",
            "@dev.ctxlock.annotations.WithContext(context = test.IrqOff.class,"
                + " contextual = test.CheapBackend.class)",
            prefix + "Backend");
    Compilation compilation = compile(backend);
    assertTrue(
        compilation.errors().stream()
            .anyMatch(d -> d.getMessage(null).contains("would shadow java.lang." + prefix)),
        "no shadowing error: " + describe(compilation));
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      assertTrue(
          d.getSource() != null && d.getSource().toUri().equals(backend.toUri()),
          "an error inside generated code instead of on the backend: "
              + describe(compilation));
    }
  }
}
