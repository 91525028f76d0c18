package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static dev.ctxlock.processor.Fixtures.classPathWith;
import static dev.ctxlock.processor.Fixtures.javacWithProcessor;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.Fixtures.writeClasses;
import static dev.ctxlock.processor.diagnostics.Messages.GENERATED_NAME_TAKEN;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.file.Path;
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
        .onLine(10);
  }
}
