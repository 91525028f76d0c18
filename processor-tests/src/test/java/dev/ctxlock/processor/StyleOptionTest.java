package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.flagBackend;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.diagnostics.Messages.UNKNOWN_STYLE_OPTION;

import com.google.testing.compile.Compilation;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** The {@code style} attribute and the {@code -Actxlock.style} option. */
class StyleOptionTest {

  private static JavaFileObject backend(String style) {
    return flagBackend("FooBackend", "context = IrqOff.class, contextual = CheapBackend.class" + style);
  }

  private static List<String> generated(Compilation compilation) {
    return compilation.generatedSourceFiles().stream()
        .map(JavaFileObject::getName)
        .sorted()
        .collect(Collectors.toList());
  }

  @Test
  void defaultStyleGeneratesTheLockClassAndTheWitness() {
    Compilation compilation = compile(backend(""));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation))
        .containsExactly("/SOURCE_OUTPUT/test/Foo.java", "/SOURCE_OUTPUT/test/FooBackendContexts.java");
  }

  @Test
  void styleGenericGeneratesOnlyTheWitness() {
    Compilation compilation = compile(backend(", style = dev.ctxlock.annotations.Style.GENERIC"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation))
        .containsExactly("/SOURCE_OUTPUT/test/FooBackendContexts.java");
  }

  @Test
  void optionGenericMakesTheDefaultStyleGenerateOnlyTheWitness() {
    Compilation compilation =
        compile(List.of("-Actxlock.style=GENERIC"), backend(""));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generated(compilation))
        .containsExactly("/SOURCE_OUTPUT/test/FooBackendContexts.java");
  }

  @Test
  void anExplicitInherentStyleWinsOverOptionGeneric() {
    Compilation compilation =
        compile(
            List.of("-Actxlock.style=generic"),
            backend(", style = dev.ctxlock.annotations.Style.INHERENT"));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Foo");
  }

  @Test
  void optionInherentIsAcceptedAndGeneratesTheLockClass() {
    Compilation compilation = compile(List.of("-Actxlock.style=inherent"), backend(""));
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Foo");
  }

  @Test
  void rejectsAnUnknownOptionValueWithoutAnElement() {
    Compilation compilation = compile(List.of("-Actxlock.style=fancy"), backend(""));
    assertThat(compilation)
        .hadErrorContainingMatch(withId(UNKNOWN_STYLE_OPTION,
            "unknown value \"fancy\" for processor option -Actxlock.style; allowed values are"
                + " inherent and generic (case-insensitive)"));
    assertThat(compilation).hadErrorCount(1);
    Diagnostic<? extends JavaFileObject> error = compilation.errors().get(0);
    assertThat(error.getSource()).isNull();
  }

  @Test
  void theOptionIsDeclaredSoJavacDoesNotWarnAboutIt() {
    Compilation compilation =
        compile(List.of("-Xlint:all,-processing", "-Actxlock.style=generic"), backend(""));
    assertThat(compilation).succeededWithoutWarnings();
  }
}
