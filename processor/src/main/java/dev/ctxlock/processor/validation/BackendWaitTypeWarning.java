package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_WAIT_TYPE_UNKNOWN;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.names.RuntimeNames;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Warns about a backend named by {@code @WithContext}, the annotated one or a contextual one, that
 * does not declare {@code @Waits} on its own class: every rule about sleeping and atomic context
 * reads that declaration, so none applies to such a backend. Each backend is warned about at most
 * once per compilation, however many annotations name it.
 *
 * <p>The warning goes on the backend's class when that class is a source of this compilation. A
 * contextual backend read from a class file has no source line, so its warning goes on the class
 * of the annotated backend that names it, where {@code @SuppressWarnings("ctxlock")} can accept
 * it; a later backend that names it warns only if no earlier one printed the warning.
 *
 * <p>No warning when the runtime in the compilation has no {@code @Waits} (an older one: there is
 * nothing to add), nor when one of the backend's annotations did not resolve (it may be the very
 * {@code @Waits} javac could not find; javac reports that itself). Keeps its state for the whole
 * compilation: create one per processor, and call {@link #startRound} at the start of each round.
 */
public final class BackendWaitTypeWarning {

  private static final String WAITS = RuntimeNames.WAITS.canonicalName();

  private final Elements elements;
  private final Reporter reporter;
  /** Qualified names of the backends already warned about. */
  private final Set<String> warned = new HashSet<>();
  /** Qualified names of the top-level types of this compilation's sources, every round so far. */
  private final Set<String> sourceTypes = new HashSet<>();
  /** Whether the runtime in the compilation has {@code @Waits}; looked up once per round. */
  private Boolean runtimeHasWaits;

  public BackendWaitTypeWarning(Elements elements, Reporter reporter) {
    this.elements = elements;
    this.reporter = reporter;
  }

  /** Starts a round: records the top-level types of its sources. */
  public void startRound(Set<? extends Element> rootElements) {
    runtimeHasWaits = null;
    for (TypeElement type : ElementFilter.typesIn(rootElements)) {
      sourceTypes.add(type.getQualifiedName().toString());
    }
  }

  /**
   * Warns when {@code named}, the annotated {@code backend} itself or a contextual backend one of
   * its annotations names, lacks {@code @Waits}.
   */
  void check(TypeElement backend, TypeElement named) {
    String name = named.getQualifiedName().toString();
    if (warned.contains(name) || !runtimeHasWaits() || !lacksWaits(named)) {
      return;
    }
    boolean annotated = named.equals(backend);
    Location location =
        annotated || isFromSource(named) ? Location.of(named) : Location.of(backend);
    if (reporter.report(
        BACKEND_WAIT_TYPE_UNKNOWN,
        location,
        backend.getQualifiedName(),
        annotated ? "backend" : "contextual backend",
        name)) {
      warned.add(name);
    }
  }

  /**
   * Whether {@code type} surely lacks {@code @Waits}: none among the annotations directly on it,
   * and all of those resolved.
   */
  private static boolean lacksWaits(TypeElement type) {
    for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().getKind() == TypeKind.ERROR) {
        return false; // perhaps the @Waits javac cannot find: its error is the diagnostic
      }
      Element annotation = mirror.getAnnotationType().asElement();
      if (annotation instanceof TypeElement
          && ((TypeElement) annotation).getQualifiedName().contentEquals(WAITS)) {
        return false;
      }
    }
    return true;
  }

  private boolean runtimeHasWaits() {
    if (runtimeHasWaits == null) {
      runtimeHasWaits = elements.getTypeElement(WAITS) != null;
    }
    return runtimeHasWaits;
  }

  /** Whether {@code type} is declared in one of this compilation's sources. */
  private boolean isFromSource(TypeElement type) {
    Element topLevel = type;
    while (topLevel.getEnclosingElement() instanceof TypeElement) {
      topLevel = topLevel.getEnclosingElement();
    }
    return sourceTypes.contains(((TypeElement) topLevel).getQualifiedName().toString());
  }
}
