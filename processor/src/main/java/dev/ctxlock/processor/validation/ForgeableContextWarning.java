package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.FORGEABLE_CONTEXT;

import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Element;
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
 *
 * <p>"Sealed" is not trusted by itself: a sealed context is forgeable through what it permits, so
 * every permitted subclass that code in every package can name (a public record, whose canonical
 * constructor is public; a public {@code non-sealed} class; an enum) is checked the same way,
 * transitively through sealed ones.
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
    addWays(context, "it", ways, new HashSet<>());
    return ways;
  }

  /**
   * Adds every way to get a {@code type} itself, written about {@code subject} ("it", or "its
   * permitted subclass p.Open"), then those of its permitted subclasses that every package can
   * name, in their declaration order; each type once.
   */
  private void addWays(TypeElement type, String subject, List<String> ways, Set<TypeElement> seen) {
    if (!seen.add(type)) {
      return;
    }
    ways.addAll(ownWays(type, subject));
    for (TypeMirror permitted : type.getPermittedSubclasses()) {
      Element element = types.asElement(permitted);
      if (element instanceof TypeElement
          && accessibility.isPublicEverywhere((TypeElement) element)) {
        TypeElement subclass = (TypeElement) element;
        addWays(subclass, "its permitted subclass " + subclass.getQualifiedName(), ways, seen);
      }
    }
  }

  /** The ways to get a {@code context} that its own declaration opens, about {@code subject}. */
  private List<String> ownWays(TypeElement context, String subject) {
    List<String> ways = new ArrayList<>();
    for (ExecutableElement constructor :
        ElementFilter.constructorsIn(context.getEnclosedElements())) {
      if (constructor.getModifiers().contains(Modifier.PUBLIC)) {
        boolean implicit = elements.getOrigin(constructor) == Elements.Origin.MANDATED;
        ways.add(subject + " has a public constructor" + (implicit ? " (the implicit one)" : ""));
      } else if (constructor.getModifiers().contains(Modifier.PROTECTED)) {
        ways.add(subject + " has a protected constructor");
      }
    }
    boolean sealed = context.getModifiers().contains(Modifier.SEALED);
    switch (context.getKind()) {
      case INTERFACE:
        if (!sealed) {
          ways.add(
              subject + " is an interface that is not sealed, so any class can implement it");
        }
        break;
      case CLASS:
        if (!sealed && !context.getModifiers().contains(Modifier.FINAL)) {
          ways.add(
              subject + " is a non-final class that is not sealed, so any class can extend it");
        }
        break;
      case ENUM:
        ways.add(subject + " is an enum, whose constants anyone can use");
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
        ways.add(
            subject + " has a public static field " + field.getSimpleName() + " of its own type");
      }
    }
    // An enum is Serializable too, but deserializing one yields an existing constant.
    if (context.getKind() != ElementKind.ENUM
        && types.isAssignable(erased, knownTypes.serializable().asType())) {
      ways.add(subject + " is Serializable, so deserialization can create one");
    }
    if (types.isAssignable(erased, knownTypes.cloneable().asType())) {
      ways.add(subject + " is Cloneable, so clone() can copy one");
    }
    return ways;
  }
}
