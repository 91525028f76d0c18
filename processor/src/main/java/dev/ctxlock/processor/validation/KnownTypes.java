package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.model.RuntimeNames;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The runtime and JDK types validation compares against, looked up by name in the current round
 * (a type may appear in a later round, and elements are not reused across rounds).
 */
final class KnownTypes {

  private final Elements elements;

  KnownTypes(Elements elements) {
    this.elements = elements;
  }

  /** {@code dev.ctxlock.sync.Backend}, if the runtime is on the compilation's class path. */
  Optional<TypeElement> backend() {
    return Optional.ofNullable(elements.getTypeElement(RuntimeNames.BACKEND));
  }

  /** {@code dev.ctxlock.sync.ContextToken}, if the runtime is on the class path. */
  Optional<TypeElement> contextToken() {
    return Optional.ofNullable(elements.getTypeElement(RuntimeNames.CONTEXT_TOKEN));
  }

  TypeElement serializable() {
    return elements.getTypeElement("java.io.Serializable");
  }

  TypeElement cloneable() {
    return elements.getTypeElement("java.lang.Cloneable");
  }
}
