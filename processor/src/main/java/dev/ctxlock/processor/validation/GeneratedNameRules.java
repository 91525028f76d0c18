package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.GENERATED_NAME_CLASH;
import static dev.ctxlock.processor.diagnostics.Messages.GENERATED_NAME_SHADOWS_JAVA_LANG;
import static dev.ctxlock.processor.diagnostics.Messages.GENERATED_NAME_TAKEN;

import com.palantir.javapoet.ClassName;
import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.names.GeneratedNames;
import dev.ctxlock.processor.names.RuntimeNames;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The rule that every generated class name is free: not taken by another type, not the simple
 * name of a {@code java.lang} type (a top-level class {@code p.String} would shadow {@code
 * java.lang.String} in every source of package {@code p}, generated ones included), and not wanted
 * by two backends. Keeps, for the whole compilation, which backend claimed which name and which
 * top-level types came from source.
 *
 * <p>Looks names up in each package's member listing, read once per package and round, not with
 * {@link Elements#getTypeElement}: javac answers a miss there (the usual case: the name is free) by
 * parsing and attributing the name and failing a completion, about a millisecond each, four times
 * per backend. A round's listing is exact for that round: the types other processors generate in
 * it are entered only in the next one.
 *
 * <p>Best effort under incremental builds, where the processor sees only changed files. A class
 * file of the same name that looks like this processor's earlier output for the same backend (a
 * stale {@code target/classes} entry) does not count as taken.
 */
public final class GeneratedNameRules {

  private final Map<String, String> claimedBy = new HashMap<>();
  private final Set<String> sourceTypes = new HashSet<>();
  /** Top-level types by simple name, per package; valid for one round. */
  private final Map<PackageElement, Map<String, TypeElement>> packageMembers = new HashMap<>();

  /** Starts a round: records the top-level types of its sources, forgets the package listings. */
  public void startRound(Set<? extends Element> rootElements) {
    packageMembers.clear();
    for (TypeElement type : ElementFilter.typesIn(rootElements)) {
      sourceTypes.add(type.getQualifiedName().toString());
    }
  }

  /** Checks the names {@code backend} generates under {@code style}, and claims them. */
  void check(
      TypeElement backend,
      Style style,
      Location location,
      Elements elements,
      Types types,
      Reporter reporter) {
    String backendName = backend.getQualifiedName().toString();
    Map<ClassName, String> names = new LinkedHashMap<>();
    names.put(GeneratedNames.witnessClass(backend), "witness class");
    if (style == Style.INHERENT) {
      names.put(GeneratedNames.inherentClass(backend), "lock class");
    }
    PackageElement javaLang = elements.getPackageOf(elements.getTypeElement("java.lang.Object"));
    PackageElement own = elements.getPackageOf(backend);
    for (Map.Entry<ClassName, String> entry : names.entrySet()) {
      String name = entry.getKey().canonicalName();
      String simpleName = entry.getKey().simpleName();
      if (membersOf(javaLang).containsKey(simpleName)) {
        reporter.report(
            GENERATED_NAME_SHADOWS_JAVA_LANG,
            location,
            backendName,
            name,
            entry.getValue(),
            simpleName,
            entry.getKey().packageName());
        continue;
      }
      String owner = claimedBy.putIfAbsent(name, backendName);
      if (owner != null && !owner.equals(backendName)) {
        reporter.report(GENERATED_NAME_CLASH, location, backendName, name, entry.getValue(), owner);
        continue;
      }
      // Generated classes are top-level in the backend's package: its listing is where they
      // would clash.
      TypeElement existing = membersOf(own).get(simpleName);
      if (existing != null
          && (sourceTypes.contains(name) || !isEarlierOutput(existing, backend, types))) {
        reporter.report(GENERATED_NAME_TAKEN, location, backendName, name, entry.getValue());
      }
    }
  }

  private Map<String, TypeElement> membersOf(PackageElement pkg) {
    return packageMembers.computeIfAbsent(
        pkg,
        p -> {
          Map<String, TypeElement> members = new HashMap<>();
          for (TypeElement type : ElementFilter.typesIn(p.getEnclosedElements())) {
            members.put(type.getSimpleName().toString(), type);
          }
          return members;
        });
  }

  /**
   * Whether a type that is not in this compilation's sources is a class file this processor wrote
   * for {@code backend} in an earlier build: a lock class {@code extends Lock<T, Backend>}, or a
   * witness class with a {@code BackendWithContext<Backend, ...>} constant.
   */
  private static boolean isEarlierOutput(TypeElement existing, TypeElement backend, Types types) {
    if (isGenericOf(existing.getSuperclass(), RuntimeNames.LOCK.canonicalName(), 1, backend, types)) {
      return true;
    }
    for (VariableElement field : ElementFilter.fieldsIn(existing.getEnclosedElements())) {
      if (isGenericOf(field.asType(), RuntimeNames.BACKEND_WITH_CONTEXT.canonicalName(), 0, backend, types)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isGenericOf(
      TypeMirror type, String rawName, int argument, TypeElement backend, Types types) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    DeclaredType declared = (DeclaredType) type;
    List<? extends TypeMirror> arguments = declared.getTypeArguments();
    return ((TypeElement) declared.asElement()).getQualifiedName().contentEquals(rawName)
        && arguments.size() > argument
        && types.isSameType(arguments.get(argument), backend.asType());
  }
}
