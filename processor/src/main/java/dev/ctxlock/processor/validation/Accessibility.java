package dev.ctxlock.processor.validation;

import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Whether generated code, a top-level class in some package, can name a type: the type and every
 * type enclosing it must be public, or not private and in that same package.
 */
final class Accessibility {

  private final Elements elements;

  Accessibility(Elements elements) {
    this.elements = elements;
  }

  /**
   * Returns why {@code type} cannot be named from {@code from}, e.g. {@code "private"}, or empty
   * when it can.
   */
  Optional<String> whyInaccessible(TypeElement type, PackageElement from) {
    boolean samePackage = elements.getPackageOf(type).equals(from);
    for (Element e = type; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      if (!(e instanceof TypeElement)) {
        return Optional.of(describe(type, e, "declared inside a method or initializer"));
      }
      TypeElement current = (TypeElement) e;
      NestingKind nesting = current.getNestingKind();
      if (nesting == NestingKind.LOCAL || nesting == NestingKind.ANONYMOUS) {
        return Optional.of(describe(type, current, "a local or anonymous class"));
      }
      if (current.getModifiers().contains(Modifier.PRIVATE)) {
        return Optional.of(describe(type, current, "private"));
      }
      if (!samePackage && !current.getModifiers().contains(Modifier.PUBLIC)) {
        String access =
            current.getModifiers().contains(Modifier.PROTECTED) ? "protected" : "package-private";
        return Optional.of(describe(type, current, access + " in another package"));
      }
    }
    return Optional.empty();
  }

  /** Whether code in every package can name {@code type}: it and its enclosing types are public. */
  boolean isPublicEverywhere(TypeElement type) {
    for (Element e = type; e.getKind() != ElementKind.PACKAGE; e = e.getEnclosingElement()) {
      if (!(e instanceof TypeElement) || !e.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(TypeElement type, Element culprit, String what) {
    return culprit.equals(type)
        ? what
        : "nested in " + ((TypeElement) culprit).getQualifiedName() + ", which is " + what;
  }
}
