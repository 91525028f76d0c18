package dev.ctxlock.processor.writing;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.WildcardTypeName;
import javax.lang.model.element.TypeElement;

/**
 * How generated code spells a context type: its class name, with one wildcard per type parameter
 * for a generic one ({@code Permit<?>}), so that a proof of any instantiation is accepted.
 */
final class ContextTypeNames {

  private ContextTypeNames() {}

  static TypeName of(TypeElement context) {
    ClassName raw = ClassName.get(context);
    if (context.getTypeParameters().isEmpty()) {
      return raw;
    }
    TypeName[] wildcards = new TypeName[context.getTypeParameters().size()];
    for (int i = 0; i < wildcards.length; i++) {
      wildcards[i] = WildcardTypeName.subtypeOf(Object.class);
    }
    return ParameterizedTypeName.get(raw, wildcards);
  }

  static boolean isGeneric(TypeElement context) {
    return !context.getTypeParameters().isEmpty();
  }
}
