package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.names.RuntimeNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.WildcardType;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Tells whether everything validation looks at has resolved (auto-common's SuperficialValidation,
 * narrowed to what ctxlock checks). A type another processor writes in a later round shows up as
 * an {@link TypeKind#ERROR} type, or in an annotation's class literal as the string {@code
 * "<error>"}: such a backend is deferred, not reported.
 */
final class TypeResolution {

  private final Types types;

  TypeResolution(Types types) {
    this.types = types;
  }

  /**
   * Whether the backend, its annotations' values, and the context and contextual types (with
   * their supertypes and INSTANCE fields) have all resolved.
   */
  boolean isResolved(TypeElement backend, List<WithContextAnnotation> annotations) {
    Set<Element> seen = new HashSet<>();
    if (!isTypeResolved(backend, seen)) {
      return false;
    }
    for (WithContextAnnotation annotation : annotations) {
      if (!isClassValueResolved(annotation.context(), seen)
          || !isClassValueResolved(annotation.contextual(), seen)
          || annotation.style() == null
          || !(annotation.style().getValue() instanceof VariableElement)) {
        return false;
      }
    }
    return true;
  }

  private boolean isClassValueResolved(AnnotationValue value, Set<Element> seen) {
    if (value == null || !(value.getValue() instanceof TypeMirror)) {
      return false; // "<error>": the class literal names a type that does not exist (yet)
    }
    TypeMirror type = (TypeMirror) value.getValue();
    if (!isMirrorResolved(type)) {
      return false;
    }
    if (type.getKind() == TypeKind.DECLARED) {
      return isTypeResolved((TypeElement) types.asElement(type), seen);
    }
    return true;
  }

  /** The type, its supertypes transitively, and its INSTANCE field's type, if any. */
  private boolean isTypeResolved(TypeElement type, Set<Element> seen) {
    if (!seen.add(type)) {
      return true;
    }
    if (!isMirrorResolved(type.asType())) {
      return false;
    }
    for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
      if (field.getSimpleName().contentEquals(RuntimeNames.INSTANCE_FIELD) && !isMirrorResolved(field.asType())) {
        return false;
      }
    }
    for (TypeMirror supertype : types.directSupertypes(type.asType())) {
      if (!isMirrorResolved(supertype)) {
        return false;
      }
      Element element = types.asElement(supertype);
      if (element instanceof TypeElement && !isTypeResolved((TypeElement) element, seen)) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code type} and every type argument, bound and component in it resolved. */
  private static boolean isMirrorResolved(TypeMirror type) {
    if (type == null) {
      return true;
    }
    switch (type.getKind()) {
      case ERROR:
        return false;
      case DECLARED:
        for (TypeMirror argument : ((DeclaredType) type).getTypeArguments()) {
          if (!isMirrorResolved(argument)) {
            return false;
          }
        }
        return true;
      case ARRAY:
        return isMirrorResolved(((ArrayType) type).getComponentType());
      case WILDCARD:
        WildcardType wildcard = (WildcardType) type;
        return isMirrorResolved(wildcard.getExtendsBound())
            && isMirrorResolved(wildcard.getSuperBound());
      default:
        return true;
    }
  }
}
