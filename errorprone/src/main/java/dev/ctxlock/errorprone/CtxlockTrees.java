package dev.ctxlock.errorprone;

import com.google.errorprone.VisitorState;
import com.google.errorprone.suppliers.Supplier;
import com.google.errorprone.suppliers.Suppliers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Attribute;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.tree.JCTree.JCMemberReference;
import com.sun.tools.javac.tree.JCTree.JCNewClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * What the ctxlock checks share: ctxlock's API types by name, a backend's declared wait type, and
 * the scopes that keep a token or a guard open around a tree (try-with-resources resources, an
 * interrupt handler's parameter). No rule here or in a check is decided by a backend's name: what
 * a backend does while the lock is busy is what its {@code @Waits} declares.
 *
 * <p>Everything here reads the compiled program's types, never the runtime's classes, so the
 * checks load in a compilation that does not use ctxlock at all; then every type lookup returns
 * null and every check matches nothing.
 */
final class CtxlockTrees {

  /**
   * Where the documentation pages live, under the project's published {@code <url>} (the parent
   * pom's), so that a finding's link opens in a user's build too; each check's link is this plus
   * its name and ".md".
   */
  static final String DOCS = "https://github.com/ctxlock/ctxlock/blob/main/docs/bugpatterns/";

  static final String LOCK = "dev.ctxlock.sync.Lock";
  static final String GUARD = "dev.ctxlock.sync.Guard";
  static final String CONTEXT_TOKEN = "dev.ctxlock.sync.ContextToken";
  static final String BACKEND_WITH_CONTEXT = "dev.ctxlock.sync.BackendWithContext";
  static final String WAITS = "dev.ctxlock.sync.Waits";
  static final String COND_VAR = "dev.ctxlock.sync.CondVar";
  static final String LOCAL_INTERRUPT_DISABLED = "dev.ctxlock.interrupt.LocalInterruptDisabled";
  static final String INTERRUPT_HANDLER = "dev.ctxlock.interrupt.InterruptHandler";
  static final String LOCAL_INTERRUPTS = "dev.ctxlock.interrupt.LocalInterrupts";

  private static final Supplier<Type> LOCAL_INTERRUPT_DISABLED_TYPE =
      Suppliers.typeFromString(LOCAL_INTERRUPT_DISABLED);

  private CtxlockTrees() {}

  /**
   * Whether {@code type} is a subtype of the class named {@code className} (erasures compared).
   * False for null, the null type, and when the class is not part of this compilation.
   */
  static boolean isSubtype(@Nullable Type type, String className, VisitorState state) {
    if (type == null || type.getKind() == TypeKind.NULL || type.getKind() == TypeKind.ERROR) {
      return false;
    }
    Type target = state.getTypeFromString(className);
    return target != null && ASTHelpers.isSubtype(type, target, state);
  }

  /** Whether {@code symbol} is the class named {@code className}. */
  static boolean isClass(@Nullable Symbol symbol, String className) {
    return symbol instanceof ClassSymbol cls && cls.getQualifiedName().contentEquals(className);
  }

  /**
   * The {@code index}-th type argument of {@code type} seen as the generic class {@code
   * className} ({@code Guard<T, B>} and 1 give B), or null when it is not one or is raw.
   */
  static @Nullable Type typeArgument(
      @Nullable Type type, String className, int index, VisitorState state) {
    if (type == null) {
      return null;
    }
    Symbol target = state.getSymbolFromString(className);
    if (!(target instanceof ClassSymbol)) {
      return null;
    }
    Type asSuper = state.getTypes().asSuper(type, target);
    if (asSuper == null || asSuper.getTypeArguments().size() <= index) {
      return null;
    }
    return asSuper.getTypeArguments().get(index);
  }

  /**
   * What a backend declares its thread does while the lock is busy ({@code @Waits}, lockdep's
   * {@code wait_type}); mirrors {@code dev.ctxlock.sync.WaitType}, which this module does not
   * depend on.
   */
  enum Wait {
    /** {@code @Waits(SPIN)}: holding the lock is atomic context. */
    SPIN,
    /** {@code @Waits(SLEEP)}: taking the lock may sleep. */
    SLEEP
  }

  /**
   * The wait type {@code backend} declares with {@code @Waits} on its own class, or null: for a
   * backend without the annotation (it is not inherited, so a subclass or a backend that delegates
   * to an annotated one declares its own or has none), and for a type that is not a class (a type
   * variable, a wildcard, a raw or erroneous type). Read from the compiled program's symbols, for
   * ctxlock's backends and users' alike.
   */
  static @Nullable Wait waitType(@Nullable Type backend) {
    if (backend == null
        || backend.getKind() != TypeKind.DECLARED
        || !(backend.tsym instanceof ClassSymbol backendClass)) {
      return null;
    }
    for (Attribute.Compound annotation : backendClass.getAnnotationMirrors()) {
      if (annotation.type == null || !isClass(annotation.type.tsym, WAITS)) {
        continue;
      }
      for (Map.Entry<MethodSymbol, Attribute> element : annotation.getElementValues().entrySet()) {
        if (element.getKey().getSimpleName().contentEquals("value")
            && element.getValue() instanceof Attribute.Enum constant) {
          String name = constant.value.getSimpleName().toString();
          for (Wait wait : Wait.values()) {
            if (wait.name().equals(name)) {
              return wait;
            }
          }
        }
      }
    }
    return null;
  }

  /** Whether {@code type}'s erasure is the class named {@code className}. */
  static boolean isErasureOf(@Nullable Type type, String className, VisitorState state) {
    return type != null
        && type.getKind() == TypeKind.DECLARED
        && isClass(state.getTypes().erasure(type).tsym, className);
  }

  /**
   * The variable a declaration declares, or an expression names (through parentheses and casts:
   * {@code ((ContextToken) token)} names {@code token}), if any.
   */
  static @Nullable VarSymbol variable(@Nullable Tree tree) {
    if (tree == null) {
      return null;
    }
    Symbol symbol =
        tree instanceof ExpressionTree expression
            ? ASTHelpers.getSymbol(strip(expression))
            : ASTHelpers.getSymbol(tree);
    return symbol instanceof VarSymbol variable ? variable : null;
  }

  /** {@code expression} without the parentheses and casts around it. */
  static ExpressionTree strip(ExpressionTree expression) {
    ExpressionTree stripped = expression;
    while (true) {
      if (stripped instanceof ParenthesizedTree parenthesized) {
        stripped = parenthesized.getExpression();
      } else if (stripped instanceof TypeCastTree cast) {
        stripped = cast.getExpression();
      } else {
        return stripped;
      }
    }
  }

  /** Whether {@code symbol} is a local variable, a resource or a parameter (not a field). */
  static boolean isLocal(@Nullable Symbol symbol) {
    if (symbol == null) {
      return false;
    }
    ElementKind kind = symbol.getKind();
    return kind == ElementKind.LOCAL_VARIABLE
        || kind == ElementKind.RESOURCE_VARIABLE
        || kind == ElementKind.PARAMETER
        || kind == ElementKind.EXCEPTION_PARAMETER
        || kind == ElementKind.BINDING_VARIABLE;
  }

  /** A resource of an enclosing try-with-resources that is open at the current tree. */
  record OpenResource(Tree tree, @Nullable VarSymbol variable, Type type, TryTree owner) {
    String name() {
      return variable != null ? variable.getSimpleName().toString() : "resource";
    }
  }

  /**
   * What is open at the current tree of {@code state}, innermost first: the resources of the
   * enclosing try-with-resources statements that are open there (those of a try whose block holds
   * the tree, and those listed before the resource whose initializer holds it), up to the nearest
   * enclosing lambda, method or class. Code in a lambda or a class body may run after the
   * resources around it are closed, so nothing outside one counts inside it.
   */
  static List<OpenResource> openResources(VisitorState state) {
    List<OpenResource> open = new ArrayList<>();
    Tree child = state.getPath().getLeaf();
    for (TreePath path = state.getPath().getParentPath();
        path != null;
        child = path.getLeaf(), path = path.getParentPath()) {
      Tree tree = path.getLeaf();
      if (isBoundary(tree)) {
        break;
      }
      if (!(tree instanceof TryTree tryTree)) {
        continue;
      }
      List<? extends Tree> resources = tryTree.getResources();
      int limit;
      if (child == tryTree.getBlock()) {
        limit = resources.size();
      } else {
        limit = indexOf(resources, child);
        if (limit < 0) {
          continue; // a catch clause or the finally block: every resource is closed there
        }
      }
      for (int i = limit - 1; i >= 0; i--) {
        Tree resource = resources.get(i);
        Type type = ASTHelpers.getType(resource);
        if (type != null) {
          open.add(new OpenResource(resource, variable(resource), type, tryTree));
        }
      }
    }
    return open;
  }

  /** The position of {@code tree} in {@code trees} by identity, or -1. */
  static int indexOf(List<? extends Tree> trees, Tree tree) {
    for (int i = 0; i < trees.size(); i++) {
      if (trees.get(i) == tree) {
        return i;
      }
    }
    return -1;
  }

  /** A lambda, a method or a class: code inside may run when the code around has finished. */
  static boolean isBoundary(Tree tree) {
    return tree instanceof LambdaExpressionTree
        || tree instanceof MethodTree
        || tree instanceof ClassTree;
  }

  /** The nearest enclosing lambda, method or class of the current tree, with its path. */
  static @Nullable TreePath enclosingBoundary(VisitorState state) {
    for (TreePath path = state.getPath().getParentPath();
        path != null;
        path = path.getParentPath()) {
      if (isBoundary(path.getLeaf())) {
        return path;
      }
    }
    return null;
  }

  /**
   * The token parameter of {@code boundary} when it is an interrupt handler: a lambda whose
   * target is {@code InterruptHandler}, a method implementing {@code InterruptHandler.handle}, or
   * a method of this compilation unit used as an {@code InterruptHandler} through a method
   * reference. Null otherwise.
   */
  static @Nullable VarSymbol handlerParameter(Tree boundary, VisitorState state) {
    if (boundary instanceof LambdaExpressionTree lambda) {
      if (lambda.getParameters().size() == 1
          && isSubtype(ASTHelpers.getType(lambda), INTERRUPT_HANDLER, state)) {
        return ASTHelpers.getSymbol(lambda.getParameters().get(0));
      }
      return null;
    }
    if (!(boundary instanceof MethodTree method) || method.getParameters().size() != 1) {
      return null;
    }
    MethodSymbol symbol = ASTHelpers.getSymbol(method);
    VarSymbol parameter = ASTHelpers.getSymbol(method.getParameters().get(0));
    if (symbol.getSimpleName().contentEquals("handle")
        && ASTHelpers.streamSuperMethods(symbol, state.getTypes())
            .anyMatch(m -> isClass(m.owner, INTERRUPT_HANDLER))) {
      return parameter;
    }
    // A method reference can target a method whose parameter accepts the token.
    Type token = LOCAL_INTERRUPT_DISABLED_TYPE.get(state);
    if (token == null || !ASTHelpers.isSubtype(token, parameter.type, state)) {
      return null;
    }
    return isHandlerReferenceTarget(symbol, state) ? parameter : null;
  }

  /** Whether a method reference in this compilation unit uses {@code method} as a handler. */
  private static boolean isHandlerReferenceTarget(MethodSymbol method, VisitorState state) {
    CompilationUnitTree unit = state.getPath().getCompilationUnit();
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitMemberReference(MemberReferenceTree tree, Void unused) {
            MethodSymbol target = methodSymbol(tree);
            if (target != null
                && target == method
                && isSubtype(ASTHelpers.getType(tree), INTERRUPT_HANDLER, state)) {
              return true;
            }
            return super.visitMemberReference(tree, null);
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(unit, null);
    return Boolean.TRUE.equals(found);
  }

  /**
   * The method a call, a constructor call or a method reference resolves to, or null where javac
   * left none (ASTHelpers' typed overloads throw there instead).
   */
  static @Nullable MethodSymbol methodSymbol(Tree tree) {
    Symbol symbol;
    if (tree instanceof MethodInvocationTree invocation) {
      symbol = ASTHelpers.getSymbol(invocation.getMethodSelect());
    } else if (tree instanceof JCNewClass newClass) {
      symbol = newClass.constructor;
    } else if (tree instanceof JCMemberReference reference) {
      symbol = reference.sym;
    } else {
      return null;
    }
    return symbol instanceof MethodSymbol method ? (MethodSymbol) method.baseSymbol() : null;
  }

  /** The variable {@code tree} declares, when it is a declaration (a resource or a local). */
  static @Nullable VarSymbol declared(Tree tree) {
    return tree instanceof VariableTree variable ? ASTHelpers.getSymbol(variable) : null;
  }

  /** Classes whose methods (and constructors) run the code they are given on another thread. */
  static final Set<String> OTHER_THREAD_RUNNERS =
      Set.of(
          "java.util.concurrent.Executor",
          "java.util.concurrent.ExecutorService",
          "java.util.concurrent.ScheduledExecutorService",
          "java.util.concurrent.ForkJoinPool",
          "java.util.concurrent.CompletionStage",
          "java.util.concurrent.CompletableFuture",
          "java.util.concurrent.ThreadFactory",
          "java.lang.Thread",
          "java.lang.Thread.Builder",
          "java.lang.Thread.Builder.OfPlatform",
          "java.lang.Thread.Builder.OfVirtual",
          "java.util.Timer");

  /**
   * Whether {@code method} (or a method it overrides) belongs to a class that runs the code it is
   * given on another thread, or is {@code LocalInterrupts.raise}.
   */
  static boolean runsOnAnotherThread(MethodSymbol method, VisitorState state) {
    if (isClass(method.owner, LOCAL_INTERRUPTS)) {
      return method.getSimpleName().contentEquals("raise");
    }
    if (isRunner(method.owner)) {
      return true;
    }
    return !method.isConstructor()
        && !method.isStatic()
        && ASTHelpers.streamSuperMethods(method, state.getTypes()).anyMatch(m -> isRunner(m.owner));
  }

  private static boolean isRunner(Symbol owner) {
    return owner instanceof ClassSymbol cls
        && OTHER_THREAD_RUNNERS.contains(cls.getQualifiedName().toString());
  }

}
