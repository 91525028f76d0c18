package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.ctxlock.processor.Fixtures.javacWithProcessor;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.diagnostics.Messages.GENERATED_NAME_TAKEN;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebuild without {@code clean}: the previous build's classes, generated ones included, are on
 * the class path (as Maven puts {@code target/classes} there). The processor's own earlier output
 * must not count as "name already taken"; a foreign class of that name must.
 */
class IncrementalBuildTest {

  @TempDir Path previousBuild;

  @Test
  void theProcessorsOwnEarlierOutputOnTheClassPathIsNotATakenName() throws IOException {
    Compilation first = javacWithProcessor().compile(GoldenSources.all());
    assertThat(first).succeeded();
    writeClasses(first, previousBuild);

    Compilation second =
        javacWithProcessor().withClasspath(classPathWith(previousBuild)).compile(GoldenSources.all());
    assertThat(second).succeededWithoutWarnings();
    assertThat(second).generatedSourceFile("golden.SpinLockIrq");
  }

  @Test
  void aForeignClassOfTheGeneratedNameOnTheClassPathIsATakenName() throws IOException {
    Compilation foreign =
        javac().compile(source("golden.SpinLockIrq", "package golden;", "public class SpinLockIrq {}"));
    assertThat(foreign).succeeded();
    writeClasses(foreign, previousBuild);

    Compilation compilation =
        javacWithProcessor().withClasspath(classPathWith(previousBuild)).compile(GoldenSources.all());
    assertThat(compilation)
        .hadErrorContainingMatch(withId(GENERATED_NAME_TAKEN,
            "@WithContext on golden.SpinLockIrqBackend: cannot generate golden.SpinLockIrq, the"
                + " lock class for this backend: a type of that name already exists"))
        .inFile(GoldenSources.SPIN_LOCK_IRQ_BACKEND)
        .onLine(7);
  }

  private static void writeClasses(Compilation compilation, Path directory) throws IOException {
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

  private static List<File> classPathWith(Path directory) {
    List<File> classPath = new ArrayList<>();
    classPath.add(directory.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classPath.add(new File(entry));
    }
    return classPath;
  }
}
