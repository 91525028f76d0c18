package dev.ctxlock.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;

/**
 * How generated code spells a context type: its class name, with one wildcard per type parameter
 * for a generic one ({@code Permit<?>}), so that a proof of any instantiation is accepted. An
 * inner (non-static) class of a generic class is generic through it, and is spelled with the
 * outer class's wildcards too ({@code Session<?>.Claim}, {@code Session<?>.Lease<?>}): {@code
 * Session.Claim} would be a raw type.
 */
final class ContextTypeNames {

  private ContextTypeNames() {}

  static TypeName of(TypeElement context) {
    if (!isGeneric(context)) {
      return ClassName.get(context);
    }
    return parameterized(context);
  }

  /**
   * Whether {@link #of} needs type arguments for {@code context}: it declares type parameters, or
   * it is an inner class of a class that needs them.
   */
  static boolean isGeneric(TypeElement context) {
    for (TypeElement type = context; type != null; type = innerClassOuter(type)) {
      if (!type.getTypeParameters().isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** {@code type} with wildcards for its own type parameters and those of the classes it is in. */
  private static TypeName parameterized(TypeElement type) {
    TypeElement outer = innerClassOuter(type);
    if (outer != null && isGeneric(outer)) {
      // isGeneric(outer): parameterized(outer) has type arguments.
      ParameterizedTypeName enclosing = (ParameterizedTypeName) parameterized(outer);
      return enclosing.nestedClass(type.getSimpleName().toString(), List.of(wildcards(type)));
    }
    ClassName raw = ClassName.get(type);
    return type.getTypeParameters().isEmpty()
        ? raw
        : ParameterizedTypeName.get(raw, wildcards(type));
  }

  private static TypeName[] wildcards(TypeElement type) {
    TypeName[] wildcards = new TypeName[type.getTypeParameters().size()];
    for (int i = 0; i < wildcards.length; i++) {
      wildcards[i] = WildcardTypeName.subtypeOf(Object.class);
    }
    return wildcards;
  }

  /**
   * The class whose instance an instance of {@code type} belongs to: its enclosing class when
   * {@code type} is an inner class (a member class, not static), else null. Interfaces, enums and
   * records are never inner.
   */
  private static TypeElement innerClassOuter(TypeElement type) {
    if (type.getKind() != ElementKind.CLASS
        || type.getNestingKind() != NestingKind.MEMBER
        || type.getModifiers().contains(Modifier.STATIC)) {
      return null;
    }
    Element enclosing = type.getEnclosingElement();
    return enclosing instanceof TypeElement ? (TypeElement) enclosing : null;
  }
}
