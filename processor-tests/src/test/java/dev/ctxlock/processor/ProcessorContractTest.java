package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.MULTI_BACKEND;
import static dev.ctxlock.processor.Fixtures.compileWith;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.processing.Filer;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import org.junit.jupiter.api.Test;

/** What build tools rely on: declared types and options, registration, isolating mode. */
class ProcessorContractTest {

  @Test
  void declaresItsAnnotationsOptionsAndSourceVersion() {
    WithContextProcessor processor = new WithContextProcessor();
    assertThat(processor.getSupportedAnnotationTypes())
        .containsExactly(
            "dev.ctxlock.annotations.WithContext", "dev.ctxlock.annotations.WithContext.List",
            // javac hands no local class to processors, nor their annotations: "*" runs the
            // processor where @WithContext is only on a local class, to report it.
            "*");
    assertThat(processor.getSupportedOptions()).containsExactly("ctxlock.style");
    assertThat(processor.getSupportedSourceVersion()).isEqualTo(SourceVersion.latestSupported());
  }

  @Test
  void isRegisteredAsAServiceAndAsAnIsolatingGradleProcessor() throws IOException {
    assertThat(resourceLines("META-INF/services/javax.annotation.processing.Processor"))
        .contains("dev.ctxlock.processor.WithContextProcessor");
    assertThat(resourceLines("META-INF/gradle/incremental.annotation.processors"))
        .contains("dev.ctxlock.processor.WithContextProcessor,isolating");
  }

  @Test
  void everyGeneratedFileHasItsBackendAsSoleOriginatingElement() {
    Map<String, List<String>> originatingElements =
        Collections.synchronizedMap(new LinkedHashMap<>());
    Compilation compilation = compileWith(List.of(recording(originatingElements)), MULTI_BACKEND);
    assertThat(compilation).succeeded();
    assertThat(originatingElements)
        .containsExactly(
            "test.Multi", List.of("test.MultiBackend"),
            "test.MultiBackendContexts", List.of("test.MultiBackend"));
  }

  /** Runs the processor with a Filer that records each source file's originating elements. */
  private static ForwardingProcessor recording(Map<String, List<String>> originatingElements) {
    return new ForwardingProcessor(
        "getFiler",
        env -> {
          Filer filer = env.getFiler();
          return ForwardingProcessor.proxy(
              Filer.class,
              (method, args) -> {
                if (method.getName().equals("createSourceFile")) {
                  List<String> names = new ArrayList<>();
                  for (Element e : (Element[]) args[1]) {
                    names.add(((TypeElement) e).getQualifiedName().toString());
                  }
                  originatingElements.put(args[0].toString(), names);
                }
                return ForwardingProcessor.forward(method, filer, args);
              });
        });
  }

  private static List<String> resourceLines(String name) throws IOException {
    List<String> lines = new ArrayList<>();
    for (URL url : Collections.list(WithContextProcessor.class.getClassLoader().getResources(name))) {
      try (InputStream in = url.openStream()) {
        for (String line : new String(in.readAllBytes(), UTF_8).split("\\R")) {
          lines.add(line.trim());
        }
      }
    }
    return lines;
  }
}
