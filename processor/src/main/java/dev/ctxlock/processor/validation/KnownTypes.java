package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.names.RuntimeNames;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The runtime and JDK types validation compares against, looked up by name in the current round
 * (a type may appear in a later round, and elements are not reused across rounds). A runtime type
 * missing from the compilation (an older runtime) makes its question answer {@code false}.
 */
final class KnownTypes {

  private final Elements elements;
  private final Types types;

  KnownTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /** Whether {@code type} extends {@code dev.ctxlock.sync.ContextToken}. */
  boolean isContextToken(TypeElement type) {
    return isSubtypeOf(type, RuntimeNames.CONTEXT_TOKEN.canonicalName());
  }

  /** Whether {@code type} implements {@code dev.ctxlock.sync.TimedBackend}, at any depth. */
  boolean isTimedBackend(TypeElement type) {
    return isSubtypeOf(type, RuntimeNames.TIMED_BACKEND.canonicalName());
  }

  TypeElement serializable() {
    return elements.getTypeElement("java.io.Serializable");
  }

  TypeElement cloneable() {
    return elements.getTypeElement("java.lang.Cloneable");
  }

  private boolean isSubtypeOf(TypeElement type, String supertypeName) {
    TypeElement supertype = elements.getTypeElement(supertypeName);
    return supertype != null
        && types.isSubtype(types.erasure(type.asType()), types.erasure(supertype.asType()));
  }
}
