package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.names.RuntimeNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads a type's {@code @WithContext} annotations through {@link AnnotationMirror}s, in
 * declaration order: a single one, an explicit {@code @WithContext.List}, or the container javac
 * synthesizes for repeated ones. Never touches a {@code Class} value, which may not exist yet.
 */
final class WithContextReader {

  private static final String WITH_CONTEXT = RuntimeNames.WITH_CONTEXT.canonicalName();
  private static final String LIST = RuntimeNames.WITH_CONTEXT_LIST.canonicalName();

  private final Elements elements;

  WithContextReader(Elements elements) {
    this.elements = elements;
  }

  /** Returns the annotations on {@code type}, in declaration order. */
  List<WithContextAnnotation> read(TypeElement type) {
    List<WithContextAnnotation> result = new ArrayList<>();
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      String name = annotationName(mirror);
      if (name.equals(WITH_CONTEXT)) {
        result.add(toAnnotation(mirror));
      } else if (name.equals(LIST)) {
        AnnotationValue values = valueNamed(mirror, "value");
        Object value = values == null ? null : values.getValue();
        if (value instanceof List<?>) {
          for (Object element : (List<?>) value) {
            Object inner = ((AnnotationValue) element).getValue();
            if (inner instanceof AnnotationMirror) {
              result.add(toAnnotation((AnnotationMirror) inner));
            }
          }
        }
      }
    }
    return result;
  }

  private WithContextAnnotation toAnnotation(AnnotationMirror mirror) {
    boolean styleExplicit =
        mirror.getElementValues().keySet().stream()
            .anyMatch(method -> method.getSimpleName().contentEquals("style"));
    return new WithContextAnnotation(
        mirror,
        valueNamed(mirror, "context"),
        valueNamed(mirror, "contextual"),
        valueNamed(mirror, "style"),
        styleExplicit);
  }

  /** Returns the value, or null when javac has none (a missing attribute it reports itself). */
  private AnnotationValue valueNamed(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        return entry.getValue();
      }
    }
    return null;
  }

  private static String annotationName(AnnotationMirror mirror) {
    return ((TypeElement) mirror.getAnnotationType().asElement()).getQualifiedName().toString();
  }
}
