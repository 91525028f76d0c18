package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.names.RuntimeNames;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Finds S in {@code Backend<S>} among all supertypes of a type: through superclasses and
 * sub-interfaces, with type variables substituted on the way ({@link Types#directSupertypes}
 * applies the type arguments of each supertype it returns), so that {@code class B extends
 * AbstractBackend<Integer>} with {@code AbstractBackend<X> implements Backend<X>} gives {@code
 * Integer}.
 */
final class StateTypes {

  private final Types types;

  StateTypes(Types types) {
    this.types = types;
  }

  /** Returns the state type of {@code type}. */
  StateType of(TypeElement type) {
    Deque<TypeMirror> pending = new ArrayDeque<>();
    Set<String> seen = new HashSet<>();
    pending.add(type.asType());
    while (!pending.isEmpty()) {
      TypeMirror current = pending.remove();
      if (current.getKind() != TypeKind.DECLARED || !seen.add(current.toString())) {
        continue;
      }
      Element element = types.asElement(current);
      if (element instanceof TypeElement
          && ((TypeElement) element).getQualifiedName().contentEquals(RuntimeNames.BACKEND.canonicalName())) {
        DeclaredType backend = (DeclaredType) current;
        return backend.getTypeArguments().isEmpty()
            ? StateType.raw()
            : StateType.known(backend.getTypeArguments().get(0));
      }
      pending.addAll(types.directSupertypes(current));
    }
    return StateType.notABackend();
  }
}
