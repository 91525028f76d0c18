package dev.ctxlock.processor.writing;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import java.util.Optional;
import javax.lang.model.util.Elements;

/**
 * Annotations generated code carries only when the compilation can see them: {@code @Generated}
 * (absent below Java 9), Error Prone's {@code @MustBeClosed} and {@code @CheckReturnValue}, and
 * JSpecify's {@code @Nullable} (both reach users through the runtime, but a build may exclude them).
 */
public final class OptionalAnnotations {

  /** The processor named in {@code @Generated}. Never a date: output must be reproducible. */
  static final String PROCESSOR_NAME = "dev.ctxlock.processor.WithContextProcessor";

  private final Optional<AnnotationSpec> generated;
  private final Optional<AnnotationSpec> mustBeClosed;
  private final Optional<AnnotationSpec> checkReturnValue;
  private final Optional<AnnotationSpec> nullable;

  /** Looks the annotations up in the current compilation. */
  public OptionalAnnotations(Elements elements) {
    this.generated =
        find(elements, "javax.annotation.processing", "Generated")
            .map(
                name ->
                    AnnotationSpec.builder(name).addMember("value", "$S", PROCESSOR_NAME).build());
    this.mustBeClosed = marker(elements, "com.google.errorprone.annotations", "MustBeClosed");
    this.checkReturnValue =
        marker(elements, "com.google.errorprone.annotations", "CheckReturnValue");
    this.nullable = marker(elements, "org.jspecify.annotations", "Nullable");
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
      Elements elements, String pkg, String simpleName) {
    return find(elements, pkg, simpleName).map(name -> AnnotationSpec.builder(name).build());
  }

  private static Optional<ClassName> find(Elements elements, String pkg, String simpleName) {
    return Optional.ofNullable(elements.getTypeElement(pkg + "." + simpleName))
        .map(ClassName::get);
  }
}
