package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.javacWithProcessor;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * The generated code for the runtime's own case ({@code SpinLockIrqBackend} with {@code
 * LocalInterruptDisabled} and {@code SpinLockBackend}), compared with the golden files in {@code
 * src/test/resources/golden/} character for character. After an intended change of the generated
 * code, regenerate them with {@code CTXLOCK_UPDATE_GOLDEN=true in the environment} and review the diff.
 */
class GoldenOutputTest {

  @Test
  void inherentLockClassMatchesGolden() throws IOException {
    assertGolden("golden/SpinLockIrq.java", "SpinLockIrq.java.golden");
  }

  @Test
  void witnessClassMatchesGolden() throws IOException {
    assertGolden("golden/SpinLockIrqBackendContexts.java", "SpinLockIrqBackendContexts.java.golden");
  }

  private static void assertGolden(String generatedPath, String goldenName) throws IOException {
    Compilation compilation = javacWithProcessor().compile(GoldenSources.all());
    assertThat(compilation).succeededWithoutWarnings();
    JavaFileObject generated =
        compilation
            .generatedFile(StandardLocation.SOURCE_OUTPUT, generatedPath)
            .orElseThrow(() -> new AssertionError("not generated: " + generatedPath));
    String actual = generated.getCharContent(true).toString();
    if ("true".equals(System.getenv("CTXLOCK_UPDATE_GOLDEN"))) {
      Path file = Path.of("src/test/resources/golden", goldenName);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, UTF_8);
      return;
    }
    assertWithMessage("generated %s (update with CTXLOCK_UPDATE_GOLDEN=true in the environment)", generatedPath)
        .that(actual)
        .isEqualTo(readResource("golden/" + goldenName));
  }

  private static String readResource(String name) throws IOException {
    try (InputStream in = GoldenOutputTest.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new AssertionError("missing golden file " + name);
      }
      return new String(in.readAllBytes(), UTF_8);
    }
  }
}
