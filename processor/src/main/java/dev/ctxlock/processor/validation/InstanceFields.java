package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.names.RuntimeNames;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Types;

/**
 * Checks that a backend declares {@code public static final <Type> INSTANCE} (an enum constant
 * named INSTANCE counts), the singleton through which generated code reaches it.
 */
final class InstanceFields {

  private static final Set<Modifier> REQUIRED =
      EnumSet.of(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL);

  private final Types types;

  InstanceFields(Types types) {
    this.types = types;
  }

  /**
   * Returns what is wrong with the INSTANCE of {@code backend}, as a phrase to append to the
   * message (e.g. {@code " (its INSTANCE is not final)"}), or empty when it is fine.
   */
  Optional<String> problem(TypeElement backend) {
    for (VariableElement field : ElementFilter.fieldsIn(backend.getEnclosedElements())) {
      if (!field.getSimpleName().contentEquals(RuntimeNames.INSTANCE_FIELD)) {
        continue;
      }
      Set<Modifier> missing = EnumSet.copyOf(REQUIRED);
      missing.removeAll(field.getModifiers());
      if (!missing.isEmpty()) {
        return Optional.of(
            " (its INSTANCE is not "
                + missing.stream().map(Modifier::toString).collect(Collectors.joining(" "))
                + ")");
      }
      if (!types.isSameType(field.asType(), backend.asType())) {
        return Optional.of(" (its INSTANCE has type " + field.asType() + ")");
      }
      return Optional.empty();
    }
    return Optional.of(" (it declares none)");
  }
}
