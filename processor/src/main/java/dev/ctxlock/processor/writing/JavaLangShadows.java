package dev.ctxlock.processor.writing;

import java.util.Set;
import java.util.TreeSet;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The simple names that generated code must not write unqualified for a {@code java.lang} type:
 * those of the types in the generated code's own package that share a simple name with a {@code
 * java.lang} type ({@code p.String}, {@code p.Class}, {@code p.Override}). Generated code is
 * written without imports of {@code java.lang}, and in package {@code p} a plain {@code String}
 * means {@code p.String}; JavaPoet writes such a {@code java.lang} type fully qualified ({@code
 * java.lang.String}) once its simple name is listed with {@code alwaysQualify}. The package's own
 * types keep their simple names.
 *
 * <p>The package's types are those javac can see: its sources in the compilation and its classes
 * on the class path, so also those left by an earlier, incremental build.
 */
final class JavaLangShadows {

  private JavaLangShadows() {}

  /** The names, sorted, so that generated code is the same from one build to the next. */
  static Set<String> in(PackageElement pkg, Elements elements) {
    Set<String> names = new TreeSet<>();
    for (TypeElement type : ElementFilter.typesIn(pkg.getEnclosedElements())) {
      String simple = type.getSimpleName().toString();
      if (elements.getTypeElement("java.lang." + simple) != null) {
        names.add(simple);
      }
    }
    return names;
  }
}
