package dev.ctxlock.consumer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the reactor's artifacts and their dependencies are, found through a class each holds: in
 * {@code mvn verify} these are the packaged jars users get (the processor's is the shaded one).
 */
final class Jars {

  private Jars() {}

  static Path of(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path runtime() {
    return of(dev.ctxlock.sync.Lock.class);
  }

  static Path annotations() {
    return of(dev.ctxlock.annotations.WithContext.class);
  }

  static Path processor() {
    return of(dev.ctxlock.processor.WithContextProcessor.class);
  }

  static Path testkit() {
    return of(dev.ctxlock.testkit.BackendPairContract.class);
  }

  static Path jspecify() {
    return of(org.jspecify.annotations.Nullable.class);
  }

  static Path errorProneAnnotations() {
    return of(com.google.errorprone.annotations.MustBeClosed.class);
  }

  /** What a consumer compiles against: the runtime and its compile dependencies. */
  static List<Path> consumerPath() {
    return List.of(runtime(), annotations(), jspecify(), errorProneAnnotations());
  }

  /** What annotationProcessorPaths gives a build: the processor and its pom's dependencies. */
  static List<Path> processorPath() {
    return List.of(processor(), annotations());
  }

  /** This test JVM's class path (Surefire sets it to the real test class path). */
  static List<Path> testClassPath() {
    List<Path> paths = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      paths.add(Path.of(entry));
    }
    return paths;
  }

  /** Skips a test that inspects a jar when the reactor ran without packaging (mvn test). */
  static Path packaged(Path path) {
    assumeTrue(
        Files.isRegularFile(path) && path.toString().endsWith(".jar"),
        () -> path + " is not a jar: run the package phase (mvn verify) to test published jars");
    return path;
  }

  static String join(List<Path> paths) {
    List<String> entries = new ArrayList<>();
    for (Path path : paths) {
      entries.add(path.toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}
