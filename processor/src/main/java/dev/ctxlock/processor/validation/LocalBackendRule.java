package dev.ctxlock.processor.validation;

import static dev.ctxlock.processor.diagnostics.Messages.BACKEND_INACCESSIBLE;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.names.RuntimeNames;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The rule for inaccessible backends, for the backends the processing API never shows: a class,
 * record, enum or interface annotated {@code @WithContext} that is declared in a method,
 * constructor, initializer or lambda body, or nested in such a class or in an anonymous class.
 * javac hands processors no local class, so without this rule such an annotation would be
 * silently ignored: nothing generated, nothing said. The compiler's tree API ({@link Trees}) sees
 * them: each round's compilation units are scanned, and each such backend gets {@code
 * [ctxlock:InaccessibleBackend]} on its (first) {@code @WithContext}.
 *
 * <p>Method bodies are not attributed while processors run, so the annotation is recognized by
 * name, as javac would resolve it: written fully qualified, or through a single-type import, a
 * type of the file's own package, or an on-demand import, in that order. Where the tree API is
 * unavailable (a build tool that wraps the processing environment), the rule does nothing.
 */
public final class LocalBackendRule {

  private static final String WITH_CONTEXT = RuntimeNames.WITH_CONTEXT.canonicalName();
  private static final String WITH_CONTEXT_LIST = RuntimeNames.WITH_CONTEXT_LIST.canonicalName();

  private final Trees trees;
  private final Elements elements;
  private final Reporter reporter;

  public LocalBackendRule(ProcessingEnvironment env, Reporter reporter) {
    this.trees = treesOf(env);
    this.elements = env.getElementUtils();
    this.reporter = reporter;
  }

  /** javac's tree API, or null where the environment is not javac's own. */
  private static Trees treesOf(ProcessingEnvironment env) {
    try {
      return Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError e) {
      return null;
    }
  }

  /** Reports every local backend in the compilation units of {@code rootElements}. */
  public void check(Set<? extends Element> rootElements) {
    if (trees == null || elements.getTypeElement(WITH_CONTEXT) == null) {
      return; // no tree API, or ctxlock's annotations are not on the class path
    }
    IdentityHashMap<CompilationUnitTree, Element> units = new IdentityHashMap<>();
    List<CompilationUnitTree> order = new ArrayList<>();
    for (TypeElement root : ElementFilter.typesIn(rootElements)) {
      TreePath path = trees.getPath(root);
      if (path != null && units.putIfAbsent(path.getCompilationUnit(), root) == null) {
        order.add(path.getCompilationUnit());
      }
    }
    for (CompilationUnitTree unit : order) {
      new Scanner(unit, units.get(unit)).scan(unit, null);
    }
  }

  private final class Scanner extends TreePathScanner<Void, Void> {

    private final CompilationUnitTree unit;
    /** A top-level type of the unit: where a warning's suppression would be looked up. */
    private final Element anchor;

    Scanner(CompilationUnitTree unit, Element anchor) {
      this.unit = unit;
      this.anchor = anchor;
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      TreePath path = getCurrentPath();
      String enclosedBy = localEnclosure(path);
      if (enclosedBy != null) {
        for (AnnotationTree annotation : node.getModifiers().getAnnotations()) {
          if (isWithContext(annotation.getAnnotationType())) {
            reportLocal(path, node, annotation, enclosedBy);
            break;
          }
        }
      }
      return super.visitClass(node, null);
    }

    private void reportLocal(TreePath path, ClassTree node, AnnotationTree annotation, String why) {
      String name = localName(path) + " (local to " + topLevelName(path) + ")";
      String what = why.isEmpty() ? "a local " + kindOf(node) : why;
      reporter.report(
          BACKEND_INACCESSIBLE,
          Location.printedBy(
              anchor, (kind, text) -> trees.printMessage(kind, text, annotation, unit)),
          name,
          packageName(),
          what);
    }

    /**
     * Null when the class at {@code path} is a top-level or member class, which processors see;
     * else "" when it is itself local, or why it is not seen ("nested in a local class").
     */
    private String localEnclosure(TreePath path) {
      TreePath parent = path.getParentPath();
      if (parent == null || parent.getLeaf() instanceof CompilationUnitTree) {
        return null;
      }
      if (!(parent.getLeaf() instanceof ClassTree)) {
        return ""; // declared in a block: local itself
      }
      // A member class: not seen if some enclosing class is local or anonymous.
      for (TreePath p = parent; p != null; p = p.getParentPath()) {
        Tree leaf = p.getLeaf();
        if (leaf instanceof CompilationUnitTree) {
          return null;
        }
        TreePath up = p.getParentPath();
        if (leaf instanceof ClassTree && up != null && !(up.getLeaf() instanceof ClassTree)
            && !(up.getLeaf() instanceof CompilationUnitTree)) {
          ClassTree enclosing = (ClassTree) leaf;
          return enclosing.getSimpleName().length() == 0
              ? "nested in an anonymous class"
              : "nested in the local " + kindOf(enclosing) + " " + enclosing.getSimpleName();
        }
      }
      return null;
    }

    /** The class's name from its outermost named local or anonymous enclosing class. */
    private String localName(TreePath path) {
      StringBuilder name = new StringBuilder(((ClassTree) path.getLeaf()).getSimpleName());
      for (TreePath p = path.getParentPath();
          p != null && p.getLeaf() instanceof ClassTree;
          p = p.getParentPath()) {
        ClassTree enclosing = (ClassTree) p.getLeaf();
        TreePath up = p.getParentPath();
        if (enclosing.getSimpleName().length() == 0
            || up == null
            || up.getLeaf() instanceof CompilationUnitTree) {
          break;
        }
        name.insert(0, enclosing.getSimpleName() + ".");
        if (!(up.getLeaf() instanceof ClassTree)) {
          break; // the local class the chain starts at
        }
      }
      return name.toString();
    }

    /**
     * The qualified name of the top-level or member class whose code declares the local class:
     * the classes that enclose one another from the top of the unit down to the first method,
     * initializer or expression.
     */
    private String topLevelName(TreePath path) {
      List<Tree> chain = new ArrayList<>();
      for (TreePath p = path;
          p != null && !(p.getLeaf() instanceof CompilationUnitTree);
          p = p.getParentPath()) {
        chain.add(0, p.getLeaf());
      }
      List<String> names = new ArrayList<>();
      for (Tree leaf : chain) {
        if (!(leaf instanceof ClassTree)) {
          break;
        }
        names.add(((ClassTree) leaf).getSimpleName().toString());
      }
      String joined = String.join(".", names);
      String pkg = packageName();
      return pkg.isEmpty() ? joined : pkg + "." + joined;
    }

    private String packageName() {
      return unit.getPackageName() == null ? "" : unit.getPackageName().toString();
    }

    /** Whether {@code type}, an annotation's type as written, names ctxlock's annotation. */
    private boolean isWithContext(Tree type) {
      String written = type.toString();
      if (written.equals(WITH_CONTEXT) || written.equals(WITH_CONTEXT_LIST)) {
        return true;
      }
      int dot = written.indexOf('.');
      String first = dot < 0 ? written : written.substring(0, dot);
      String rest = dot < 0 ? "" : written.substring(dot);
      String resolved = resolve(first);
      return resolved != null
          && (WITH_CONTEXT.equals(resolved + rest) || WITH_CONTEXT_LIST.equals(resolved + rest));
    }

    /** The canonical name {@code simpleName} means at the top of the unit, or null. */
    private String resolve(String simpleName) {
      for (ImportTree importTree : unit.getImports()) {
        String imported = importTree.getQualifiedIdentifier().toString();
        if (!importTree.isStatic() && imported.endsWith("." + simpleName)) {
          return imported;
        }
      }
      String pkg = packageName();
      String member = pkg.isEmpty() ? simpleName : pkg + "." + simpleName;
      if (elements.getTypeElement(member) != null) {
        return member;
      }
      for (ImportTree importTree : unit.getImports()) {
        String imported = importTree.getQualifiedIdentifier().toString();
        if (!importTree.isStatic() && imported.endsWith(".*")) {
          String candidate = imported.substring(0, imported.length() - 1) + simpleName;
          if (elements.getTypeElement(candidate) != null) {
            return candidate;
          }
        }
      }
      return null;
    }
  }

  private static String kindOf(ClassTree node) {
    switch (node.getKind()) {
      case INTERFACE:
        return "interface";
      case ENUM:
        return "enum";
      case ANNOTATION_TYPE:
        return "annotation type";
      default:
        return node.getKind().name().toLowerCase(Locale.ROOT);
    }
  }
}
