package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.FORGEABLE_CONTEXT;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Warns about a context type, accessible outside its package, that code there can obtain without
 * entering the context: a public or protected constructor (an implicit one counts), an interface
 * or non-final class that is not sealed, an enum, a public static field of its own type, {@code
 * Serializable} or {@code Cloneable}. A proof anyone can construct proves nothing.
 */
final class ForgeableContextWarning {

  private final Elements elements;
  private final Types types;
  private final KnownTypes knownTypes;
  private final Accessibility accessibility;
  private final Reporter reporter;

  ForgeableContextWarning(
      Elements elements,
      Types types,
      KnownTypes knownTypes,
      Accessibility accessibility,
      Reporter reporter) {
    this.elements = elements;
    this.types = types;
    this.knownTypes = knownTypes;
    this.accessibility = accessibility;
    this.reporter = reporter;
  }

  void check(TypeElement backend, TypeElement context, Location location) {
    if (!accessibility.isPublicEverywhere(context)) {
      return;
    }
    List<String> ways = ways(context);
    if (!ways.isEmpty()) {
      reporter.report(
          FORGEABLE_CONTEXT,
          location,
          backend.getQualifiedName(),
          context.getQualifiedName(),
          String.join("; ", ways));
    }
  }

  /** Every way code in another package can get a value of {@code context}, in a fixed order. */
  private List<String> ways(TypeElement context) {
    List<String> ways = new ArrayList<>();
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(context.getEnclosedElements())) {
      if (constructor.getModifiers().contains(Modifier.PUBLIC)) {
        boolean implicit = elements.getOrigin(constructor) == Elements.Origin.MANDATED;
        ways.add("it has a public constructor" + (implicit ? " (the implicit one)" : ""));
      } else if (constructor.getModifiers().contains(Modifier.PROTECTED)) {
        ways.add("it has a protected constructor");
      }
    }
    boolean sealed = context.getModifiers().contains(Modifier.SEALED);
    switch (context.getKind()) {
      case INTERFACE:
        if (!sealed) {
          ways.add("it is an interface that is not sealed, so any class can implement it");
        }
        break;
      case CLASS:
        if (!sealed && !context.getModifiers().contains(Modifier.FINAL)) {
          ways.add("it is a non-final class that is not sealed, so any class can extend it");
        }
        break;
      case ENUM:
        ways.add("it is an enum, whose constants anyone can use");
        break;
      default:
        break;
    }
    TypeMirror erased = types.erasure(context.asType());
    for (VariableElement field : ElementFilter.fieldsIn(context.getEnclosedElements())) {
      if (field.getKind() == ElementKind.FIELD
          && field.getModifiers().contains(Modifier.PUBLIC)
          && field.getModifiers().contains(Modifier.STATIC)
          && types.isSameType(types.erasure(field.asType()), erased)) {
        ways.add("it has a public static field " + field.getSimpleName() + " of its own type");
      }
    }
    // An enum is Serializable too, but deserializing one yields an existing constant.
    if (context.getKind() != ElementKind.ENUM
        && types.isAssignable(erased, knownTypes.serializable().asType())) {
      ways.add("it is Serializable, so deserialization can create one");
    }
    if (types.isAssignable(erased, knownTypes.cloneable().asType())) {
      ways.add("it is Cloneable, so clone() can copy one");
    }
    return ways;
  }
}
