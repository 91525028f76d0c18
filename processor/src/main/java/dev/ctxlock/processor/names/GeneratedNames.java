package dev.ctxlock.processor.names;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.TypeElement;

/**
 * The naming rules of generated code: which classes a backend gets, and what their members are
 * called. Validation uses the same rules to detect clashes before anything is written.
 */
public final class GeneratedNames {

  private static final String BACKEND_SUFFIX = "Backend";

  private GeneratedNames() {}

  /**
   * The witness class: {@code p.<BackendSimpleName>Contexts}, top level in the backend's package
   * also for a nested backend.
   */
  public static ClassName witnessClass(TypeElement backend) {
    ClassName name = ClassName.get(backend);
    return ClassName.get(name.packageName(), name.simpleName() + "Contexts");
  }

  /**
   * The inherent lock class: the backend's simple name without a trailing {@code Backend}
   * ({@code SpinLockIrqBackend -> SpinLockIrq}), else with {@code Lock} appended; a backend named
   * just {@code Backend} gives {@code BackendLock}. Top level in the backend's package.
   */
  public static ClassName inherentClass(TypeElement backend) {
    ClassName name = ClassName.get(backend);
    String simple = name.simpleName();
    String lockName =
        simple.endsWith(BACKEND_SUFFIX) && simple.length() > BACKEND_SUFFIX.length()
            ? simple.substring(0, simple.length() - BACKEND_SUFFIX.length())
            : simple + "Lock";
    return ClassName.get(name.packageName(), lockName);
  }

  /**
   * The witness constant for a context: its simple name in UPPER_SNAKE_CASE ({@code
   * LocalInterruptDisabled -> LOCAL_INTERRUPT_DISABLED}, {@code IRQDisabled -> IRQ_DISABLED}).
   */
  public static String constantName(TypeElement context) {
    return upperSnakeCase(context.getSimpleName().toString());
  }

  /** The private class implementing the witness for a context, e.g. {@code IrqOffWitness}. */
  public static String witnessImplementation(TypeElement context) {
    return context.getSimpleName() + "Witness";
  }

  /**
   * Converts a camel-case identifier to UPPER_SNAKE_CASE. A word starts at an upper-case letter
   * that follows a lower-case letter or digit, or that ends a run of capitals followed by a
   * lower-case letter ({@code IRQDisabled -> IRQ_DISABLED}). Works on code points, so that a letter
   * outside the Basic Multilingual Plane (a surrogate pair) is upper-cased and starts or ends a
   * word like any other: Deseret's small {@code U+10428} becomes its capital {@code U+10400}.
   */
  static String upperSnakeCase(String camel) {
    int[] points = camel.codePoints().toArray();
    StringBuilder out = new StringBuilder(camel.length() + 8);
    for (int i = 0; i < points.length; i++) {
      int c = points[i];
      if (i > 0 && Character.isUpperCase(c) && out.charAt(out.length() - 1) != '_') {
        int previous = points[i - 1];
        boolean nextIsLower = i + 1 < points.length && Character.isLowerCase(points[i + 1]);
        if (Character.isLowerCase(previous)
            || Character.isDigit(previous)
            || (Character.isUpperCase(previous) && nextIsLower)) {
          out.append('_');
        }
      }
      out.appendCodePoint(Character.toUpperCase(c));
    }
    return out.toString();
  }
}
