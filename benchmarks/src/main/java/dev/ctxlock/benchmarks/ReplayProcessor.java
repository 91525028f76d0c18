package dev.ctxlock.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;

/**
 * A processor that writes, through the {@link javax.annotation.processing.Filer}, the files ctxlock
 * generated in an earlier build, read from the directory in option {@code -Areplay.dir}, for
 * {@link ProcessorCost}: what javac charges for any processor that generates exactly those files
 * in its first round (a second round over them, the Filer's checks, keeping doc comments), with no
 * processor work at all. ctxlock's own share is the difference to it.
 */
public final class ReplayProcessor extends AbstractProcessor {

  static final String OPTION = "replay.dir";

  private boolean done;

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("dev.ctxlock.annotations.WithContext");
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    if (done || roundEnv.processingOver()) {
      return false;
    }
    done = true;
    Path dir = Paths.get(processingEnv.getOptions().get(OPTION));
    try {
      for (Map.Entry<String, String> file : read(dir).entrySet()) {
        JavaFileObject out = processingEnv.getFiler().createSourceFile(file.getKey());
        try (Writer w = out.openWriter()) {
          w.write(file.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return false;
  }

  /** The sources under {@code dir} by qualified class name, in name order. */
  private static Map<String, String> read(Path dir) throws IOException {
    List<Path> paths;
    try (Stream<Path> s = Files.walk(dir)) {
      paths = s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
    Map<String, String> files = new LinkedHashMap<>();
    for (Path p : paths) {
      String relative = dir.relativize(p).toString();
      String name = relative.substring(0, relative.length() - ".java".length())
          .replace(p.getFileSystem().getSeparator(), ".");
      files.put(name, Files.readString(p, StandardCharsets.UTF_8));
    }
    return files;
  }
}
