package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.CONSTANT_NAME_CLASH;
import static dev.ctxlock.processor.diagnostics.Messages.DUPLICATE_CONTEXT;
import static dev.ctxlock.processor.diagnostics.Messages.STYLE_CONFLICT;

import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.names.GeneratedNames;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * The rules across the annotations of one backend: one style (after DEFAULT is resolved), no
 * context named twice, no two contexts with one constant name. Each problem is reported on the
 * later annotation of the pair.
 */
final class AnnotationSetRules {

  private final Reporter reporter;

  AnnotationSetRules(Reporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Resolves and compares the annotations' styles; returns the first annotation's style.
   *
   * @param defaultStyle what DEFAULT means in this compilation
   */
  Style checkStyles(TypeElement backend, List<CheckedAnnotation> annotations, Style defaultStyle) {
    CheckedAnnotation first = annotations.get(0);
    Style firstStyle = resolve(first.annotation(), defaultStyle);
    for (CheckedAnnotation checked : annotations.subList(1, annotations.size())) {
      WithContextAnnotation annotation = checked.annotation();
      Style style = resolve(annotation, defaultStyle);
      if (style != firstStyle) {
        Location location =
            annotation
                .explicitStyle()
                .map(value -> Location.of(backend, annotation.mirror(), value))
                .orElse(Location.of(backend, annotation.mirror()));
        reporter.report(
            STYLE_CONFLICT,
            location,
            backend.getQualifiedName(),
            style,
            first.context().map(c -> (Object) c.getQualifiedName()).orElse("#1"),
            firstStyle,
            defaultStyle);
      }
    }
    return firstStyle;
  }

  /** Reports contexts named twice and constant-name clashes among the resolved contexts. */
  void checkContexts(TypeElement backend, List<CheckedAnnotation> annotations) {
    for (int j = 1; j < annotations.size(); j++) {
      CheckedAnnotation laterAnnotation = annotations.get(j);
      if (laterAnnotation.context().isEmpty()) {
        continue;
      }
      TypeElement later = laterAnnotation.context().get();
      for (CheckedAnnotation earlierAnnotation : annotations.subList(0, j)) {
        if (earlierAnnotation.context().isEmpty()) {
          continue;
        }
        TypeElement earlier = earlierAnnotation.context().get();
        if (earlier.equals(later)) {
          reporter.report(
              DUPLICATE_CONTEXT,
              laterAnnotation.contextLocation(),
              backend.getQualifiedName(),
              later.getQualifiedName());
          break;
        }
        String constant = GeneratedNames.constantName(later);
        if (constant.equals(GeneratedNames.constantName(earlier))) {
          reporter.report(
              CONSTANT_NAME_CLASH,
              laterAnnotation.contextLocation(),
              backend.getQualifiedName(),
              earlier.getQualifiedName(),
              later.getQualifiedName(),
              GeneratedNames.witnessClass(backend).simpleName(),
              constant);
          break;
        }
      }
    }
  }

  private static Style resolve(WithContextAnnotation annotation, Style defaultStyle) {
    Style style =
        Style.valueOf(((VariableElement) annotation.style().getValue()).getSimpleName().toString());
    return style == Style.DEFAULT ? defaultStyle : style;
  }
}
