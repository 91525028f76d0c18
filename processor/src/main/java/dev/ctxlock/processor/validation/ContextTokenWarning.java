package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_NOT_A_TOKEN;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import javax.lang.model.element.TypeElement;

/**
 * Warns about a context type that does not extend {@code ContextToken}: the runtime cannot check
 * such a proof's lifetime or thread.
 */
final class ContextTokenWarning {

  private final KnownTypes knownTypes;
  private final Reporter reporter;

  ContextTokenWarning(KnownTypes knownTypes, Reporter reporter) {
    this.knownTypes = knownTypes;
    this.reporter = reporter;
  }

  /** Warns at {@code location} when {@code context} does not extend {@code ContextToken}. */
  void check(TypeElement backend, TypeElement context, Location location) {
    if (!knownTypes.isContextToken(context)) {
      reporter.report(
          CONTEXT_NOT_A_TOKEN, location, backend.getQualifiedName(), context.getQualifiedName());
    }
  }
}
