package dev.ctxlock.processor.diagnostics;

import java.util.Arrays;
import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Prints {@link Messages}s through the {@link Messager}, at a {@link Location}. Warnings are dropped
 * for an element that, itself or through an enclosing element, carries {@code
 * @SuppressWarnings("ctxlock")}. Counts the errors it printed, so that a caller can tell whether
 * validating one backend failed.
 */
public final class Reporter {

  private final Messager messager;
  private int errorCount;

  public Reporter(Messager messager) {
    this.messager = messager;
  }

  /**
   * Prints {@code message} at {@code location}, with {@code args} filled in. Returns whether it
   * was printed: {@code false} for a warning suppressed at its location.
   */
  public boolean report(Messages message, Location location, Object... args) {
    Diagnostic.Kind kind = message.kind();
    if (kind == Diagnostic.Kind.ERROR) {
      errorCount++;
    } else if (isSuppressed(location.element())) {
      return false;
    }
    String text = message.format(args);
    Element element = location.element();
    if (location.printer().isPresent()) {
      location.printer().get().print(kind, text);
    } else if (location.value().isPresent()) {
      messager.printMessage(
          kind, text, element, location.annotation().get(), location.value().get());
    } else if (location.annotation().isPresent()) {
      messager.printMessage(kind, text, element, location.annotation().get());
    } else {
      messager.printMessage(kind, text, element);
    }
    return true;
  }

  /** Prints {@code message} on no element (for processor options). */
  public void reportGlobal(Messages message, Object... args) {
    if (message.kind() == Diagnostic.Kind.ERROR) {
      errorCount++;
    }
    messager.printMessage(message.kind(), message.format(args));
  }

  /** Returns how many errors this reporter printed so far. */
  public int errorCount() {
    return errorCount;
  }

  private static boolean isSuppressed(Element element) {
    for (Element e = element; e != null; e = e.getEnclosingElement()) {
      SuppressWarnings suppress = e.getAnnotation(SuppressWarnings.class);
      if (suppress != null
          && Arrays.asList(suppress.value()).contains(Messages.SUPPRESSION_KEY)) {
        return true;
      }
    }
    return false;
  }
}
