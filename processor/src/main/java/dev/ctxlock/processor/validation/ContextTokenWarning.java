package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.CONTEXT_NOT_A_TOKEN;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Types;

/**
 * Warns about a context type that does not extend {@code ContextToken}: the runtime cannot check
 * such a proof's lifetime or thread.
 */
final class ContextTokenWarning {

  private final Types types;
  private final KnownTypes knownTypes;
  private final Reporter reporter;

  ContextTokenWarning(Types types, KnownTypes knownTypes, Reporter reporter) {
    this.types = types;
    this.knownTypes = knownTypes;
    this.reporter = reporter;
  }

  /** Returns whether {@code context} extends {@code ContextToken}; warns when it does not. */
  boolean check(TypeElement backend, TypeElement context, Location location) {
    boolean token = isToken(context);
    if (!token) {
      reporter.report(
          CONTEXT_NOT_A_TOKEN, location, backend.getQualifiedName(), context.getQualifiedName());
    }
    return token;
  }

  private boolean isToken(TypeElement context) {
    Optional<TypeElement> contextToken = knownTypes.contextToken();
    return contextToken.isPresent()
        && types.isSubtype(types.erasure(context.asType()), contextToken.get().asType());
  }
}
