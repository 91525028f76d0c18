package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.CONSTANT_NAME_CLASH;
import static dev.ctxlock.processor.diagnostics.Messages.DUPLICATE_CONTEXT;
import static dev.ctxlock.processor.diagnostics.Messages.STYLE_CONFLICT;

import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.writing.GeneratedNames;
import java.util.List;
import java.util.Optional;
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
  Style checkStyles(
      TypeElement backend,
      List<WithContextAnnotation> annotations,
      List<Optional<TypeElement>> contexts,
      Style defaultStyle) {
    Style first = resolve(annotations.get(0), defaultStyle);
    for (int i = 1; i < annotations.size(); i++) {
      WithContextAnnotation annotation = annotations.get(i);
      Style style = resolve(annotation, defaultStyle);
      if (style != first) {
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
            contexts.get(0).map(c -> (Object) c.getQualifiedName()).orElse("#1"),
            first,
            defaultStyle);
      }
    }
    return first;
  }

  /** Reports contexts named twice and constant-name clashes among the resolved contexts. */
  void checkContexts(
      TypeElement backend,
      List<WithContextAnnotation> annotations,
      List<Optional<TypeElement>> contexts) {
    for (int j = 1; j < contexts.size(); j++) {
      if (contexts.get(j).isEmpty()) {
        continue;
      }
      TypeElement later = contexts.get(j).get();
      Location location =
          Location.of(backend, annotations.get(j).mirror(), annotations.get(j).context());
      for (int i = 0; i < j; i++) {
        if (contexts.get(i).isEmpty()) {
          continue;
        }
        TypeElement earlier = contexts.get(i).get();
        if (earlier.equals(later)) {
          reporter.report(
              DUPLICATE_CONTEXT, location, backend.getQualifiedName(), later.getQualifiedName());
          break;
        }
        String constant = GeneratedNames.constantName(later);
        if (constant.equals(GeneratedNames.constantName(earlier))) {
          reporter.report(
              CONSTANT_NAME_CLASH,
              location,
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
