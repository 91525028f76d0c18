package dev.ctxlock.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import dev.ctxlock.processor.names.RuntimeNames;
import java.util.Optional;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Annotations generated code carries only when the code being compiled can see them:
 * {@code @Generated} (absent below Java 9), Error Prone's {@code @MustBeClosed} and
 * {@code @CheckReturnValue}, and JSpecify's {@code @Nullable} (both reach users through the
 * runtime, but a build may exclude them).
 *
 * <p>"Can see" is decided in the generated code's module: in the unnamed module (the class path)
 * every module of the compilation is readable, but a named module sees only the exported packages
 * of the modules it reads. A module that does not read {@code java.compiler} gets no
 * {@code @Generated}; one whose module path lacks JSpecify or Error Prone's annotations, or that
 * does not read them (the runtime's module {@code requires static transitive} both), gets neither.
 */
public final class OptionalAnnotations {

  private final Optional<AnnotationSpec> generated;
  private final Optional<AnnotationSpec> mustBeClosed;
  private final Optional<AnnotationSpec> checkReturnValue;
  private final Optional<AnnotationSpec> nullable;

  /**
   * Looks the annotations up as code in {@code module} sees them; {@code null} or an unnamed module
   * means the class path (or a compilation without modules).
   */
  public OptionalAnnotations(Elements elements, ModuleElement module) {
    this.generated =
        find(elements, module, "javax.annotation.processing", "Generated")
            .map(
                name ->
                    AnnotationSpec.builder(name).addMember("value", "$S", RuntimeNames.PROCESSOR).build());
    this.mustBeClosed =
        marker(elements, module, "com.google.errorprone.annotations", "MustBeClosed");
    this.checkReturnValue =
        marker(elements, module, "com.google.errorprone.annotations", "CheckReturnValue");
    this.nullable = marker(elements, module, "org.jspecify.annotations", "Nullable");
  }

  /** {@code @Generated("dev.ctxlock.processor.WithContextProcessor")}, for every generated class. */
  Optional<AnnotationSpec> generated() {
    return generated;
  }

  /** For methods returning an open guard. */
  Optional<AnnotationSpec> mustBeClosed() {
    return mustBeClosed;
  }

  /** For {@code tryLockWith}, whose null result must be looked at. */
  Optional<AnnotationSpec> checkReturnValue() {
    return checkReturnValue;
  }

  /** A TYPE_USE annotation for {@code tryLockWith}'s return type. */
  Optional<AnnotationSpec> nullable() {
    return nullable;
  }

  private static Optional<AnnotationSpec> marker(
      Elements elements, ModuleElement module, String pkg, String simpleName) {
    return find(elements, module, pkg, simpleName)
        .map(name -> AnnotationSpec.builder(name).build());
  }

  private static Optional<ClassName> find(
      Elements elements, ModuleElement module, String pkg, String simpleName) {
    String name = pkg + "." + simpleName;
    // javac looks a name up in a named module through that module's readable, exported packages:
    // a type of a module it does not read is not found there, though getTypeElement(name) finds it.
    TypeElement type =
        module == null || module.isUnnamed()
            ? elements.getTypeElement(name)
            : elements.getTypeElement(module, name);
    return Optional.ofNullable(type).map(ClassName::get);
  }
}
