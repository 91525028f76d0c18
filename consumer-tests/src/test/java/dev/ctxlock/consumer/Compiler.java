package dev.ctxlock.consumer;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Runs a {@link JavaCompiler} (javac, or Eclipse's) the way a build does: sources written to
 * {@code dir/src}, classes to {@code dir/classes}, generated sources to {@code dir/generated}.
 */
final class Compiler {

  /** One compilation's outcome. */
  static final class Result {
    final boolean success;
    final List<Diagnostic<? extends JavaFileObject>> diagnostics;
    final String output;
    final Path classes;
    final Path generated;

    Result(
        boolean success,
        List<Diagnostic<? extends JavaFileObject>> diagnostics,
        String output,
        Path classes,
        Path generated) {
      this.success = success;
      this.diagnostics = diagnostics;
      this.output = output;
      this.classes = classes;
      this.generated = generated;
    }

    /** Diagnostics of any kind but NOTE, one a line, for assertion messages. */
    String report() {
      return diagnostics.stream()
              .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
              .map(d -> d.getKind() + " " + location(d) + ": " + d.getMessage(Locale.ROOT))
              .collect(Collectors.joining("\n"))
          + (output.isBlank() ? "" : "\ncompiler output:\n" + output);
    }

    List<Diagnostic<? extends JavaFileObject>> errorsAndWarnings() {
      return diagnostics.stream()
          .filter(
              d ->
                  d.getKind() == Diagnostic.Kind.ERROR
                      || d.getKind() == Diagnostic.Kind.WARNING
                      || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
          .collect(Collectors.toList());
    }

    /** The generated source {@code relativePath} (e.g. {@code com/example/app/Loud.java}). */
    String generatedSource(String relativePath) {
      try (Stream<Path> files = Files.walk(generated)) {
        Path file =
            files
                .filter(p -> p.toString().replace('\\', '/').endsWith("/" + relativePath))
                .findFirst()
                .orElseThrow(
                    () -> new AssertionError(relativePath + " not generated under " + generated));
        return Files.readString(file, UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String location(Diagnostic<? extends JavaFileObject> d) {
      return d.getSource() == null
          ? "-"
          : Path.of(d.getSource().toUri()).getFileName() + ":" + d.getLineNumber();
    }
  }

  private Compiler() {}

  /** Writes {@code sources} (relative path to text) under {@code dir/src} and compiles them. */
  static Result compile(
      JavaCompiler compiler, Path dir, Map<String, String> sources, List<String> options)
      throws IOException {
    Path src = dir.resolve("src");
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path generated = Files.createDirectories(dir.resolve("generated"));
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey());
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue(), UTF_8);
      files.add(file);
    }
    List<String> allOptions = new ArrayList<>(options);
    allOptions.addAll(List.of("-d", classes.toString(), "-s", generated.toString()));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter output = new StringWriter();
    try (StandardJavaFileManager fileManager =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, UTF_8)) {
      Iterable<? extends JavaFileObject> units =
          fileManager.getJavaFileObjectsFromFiles(
              files.stream().map(Path::toFile).collect(Collectors.toList()));
      boolean success =
          compiler.getTask(output, fileManager, diagnostics, allOptions, null, units).call();
      return new Result(
          success, diagnostics.getDiagnostics(), output.toString(), classes, generated);
    }
  }
}
