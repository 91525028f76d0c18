package dev.ctxlock.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static dev.ctxlock.errorprone.CtxlockTrees.BACKEND_WITH_CONTEXT;
import static dev.ctxlock.errorprone.CtxlockTrees.CONTEXT_TOKEN;
import static dev.ctxlock.errorprone.CtxlockTrees.GUARD;
import static dev.ctxlock.errorprone.CtxlockTrees.LOCK;
import static dev.ctxlock.errorprone.CtxlockTrees.isClass;
import static dev.ctxlock.errorprone.CtxlockTrees.isErasureOf;
import static dev.ctxlock.errorprone.CtxlockTrees.isSubtype;
import static dev.ctxlock.errorprone.CtxlockTrees.typeArgument;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.fixes.SuggestedFixes;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.suppliers.Supplier;
import com.google.errorprone.suppliers.Suppliers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParameterizedTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WildcardTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * {@code lock()} or {@code tryLock()} on a lock that has a {@code lockWith} for a token that is
 * open right there. The lock's own backend enters its context on every acquisition (a
 * {@code SpinLockIrq} disables local interrupts); the token already proves that context, so
 * {@code lockWith(token)} takes the same lock with the cheaper contextual backend. This is the
 * kernel's {@code lock_with()} fast path, which is easy to miss.
 *
 * <p>A lock has a {@code lockWith} for a token in two ways, both read from the compiled program
 * rather than by name: its class (a {@code Lock} subclass, such as one the ctxlock processor
 * generates) declares {@code lockWith(C)} / {@code tryLockWith(C)} with the token's type a
 * {@code C}; or the backend's generated witness class ({@code XyzBackendContexts}) holds a
 * {@code BackendWithContext} constant for that backend and a {@code C}. A token is open when it
 * is a resource of an enclosing try-with-resources (before the guard's own resource), or the
 * parameter of the enclosing interrupt handler.
 *
 * <p>Only a guard that is declared (a resource or a local variable) and stays in its method is
 * reported: a guard returned, assigned or stored elsewhere, or captured by a lambda or a class,
 * would outlive the token once taken with it (and closing the token would then throw). The fix
 * rewrites the call and, when the declared guard type names the lock's backend, that type
 * argument; it is offered only when every use of the guard still compiles with the contextual
 * backend (its own methods, a try-with-resources, a null check, an argument whose parameter
 * takes a guard of any backend), and withheld otherwise:
 *
 * <pre>{@code
 * // before
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
 *     Guard<int[], SpinLockIrqBackend> g = lock.lock()) { ... }
 * // after
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
 *     Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff)) { ... }
 * }</pre>
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "An open token already proves this lock's context: lockWith(token) takes the lock with the"
            + " cheaper contextual backend instead of entering the context again",
    severity = WARNING,
    tags = StandardTags.PERFORMANCE,
    linkType = CUSTOM,
    link = CtxlockTrees.DOCS + "CtxlockPreferLockWith.md")
public final class CtxlockPreferLockWith extends BugChecker implements MethodInvocationTreeMatcher {

  private static final Supplier<Type> GUARD_TYPE = Suppliers.typeFromString(GUARD);


  private static final long serialVersionUID = 1L;

  /** Error Prone instantiates checks through this constructor. */
  public CtxlockPreferLockWith() {}

  /** A token open at the call: its name, its declared type. */
  private record Token(String name, Type type) {}

  /** What replaces the call: a {@code lockWith} overload of the lock's class, or a witness. */
  private record Replacement(
      @Nullable MethodSymbol inherent, @Nullable VarSymbol witness, Type contextualBackend) {}

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    MethodSymbol method = CtxlockTrees.methodSymbol(tree);
    if (method == null || !method.getParameters().isEmpty() || !isClass(method.owner, LOCK)) {
      return NO_MATCH;
    }
    String name = method.getSimpleName().toString();
    if (!name.equals("lock") && !name.equals("tryLock")) {
      return NO_MATCH;
    }
    if (!(tree.getMethodSelect() instanceof MemberSelectTree select)) {
      return NO_MATCH; // lock() called on `this` inside a Lock subclass: not a user's call site
    }
    TreePath parentPath = state.getPath().getParentPath();
    if (parentPath == null
        || !(parentPath.getLeaf() instanceof VariableTree declaration)
        || declaration.getInitializer() != tree) {
      return NO_MATCH;
    }
    Type receiver = ASTHelpers.getType(select.getExpression());
    if (receiver == null) {
      return NO_MATCH;
    }
    receiver = ASTHelpers.getUpperBound(receiver, state.getTypes());
    Type backend = typeArgument(receiver, LOCK, 1, state);
    if (backend == null || backend.getKind() != TypeKind.DECLARED) {
      return NO_MATCH;
    }
    String withName = name.equals("lock") ? "lockWith" : "tryLockWith";
    VarSymbol guard = ASTHelpers.getSymbol(declaration);
    if (guard == null || escapes(guard, state)) {
      return NO_MATCH; // a guard that outlives this scope must not be taken with the token
    }
    for (Token token : openTokens(state)) {
      Replacement replacement = inherent(receiver, withName, token.type(), state);
      if (replacement == null) {
        replacement = witness(backend, token.type(), state);
      }
      if (replacement != null) {
        return describe(tree, select, declaration, backend, withName, token, replacement, state);
      }
    }
    return NO_MATCH;
  }

  /** The tokens open at the call, innermost first. */
  private static List<Token> openTokens(VisitorState state) {
    List<Token> tokens = new ArrayList<>();
    for (CtxlockTrees.OpenResource resource : CtxlockTrees.openResources(state)) {
      if (resource.variable() != null && isSubtype(resource.type(), CONTEXT_TOKEN, state)) {
        tokens.add(new Token(resource.name(), resource.type()));
      }
    }
    TreePath boundary = CtxlockTrees.enclosingBoundary(state);
    if (boundary != null) {
      VarSymbol parameter = CtxlockTrees.handlerParameter(boundary.getLeaf(), state);
      if (parameter != null && isSubtype(parameter.type, CONTEXT_TOKEN, state)) {
        tokens.add(new Token(parameter.getSimpleName().toString(), parameter.type));
      }
    }
    return tokens;
  }

  /**
   * The one non-static, non-private {@code withName(C)} of the receiver's class or its superclasses
   * below {@code Lock} whose {@code C} accepts {@code token}; null when there is none or more than
   * one (javac would have to pick, and a fix should not guess).
   */
  private static @Nullable Replacement inherent(
      Type receiver, String withName, Type token, VisitorState state) {
    Types types = state.getTypes();
    MethodSymbol found = null;
    for (Type type = receiver;
        type != null && type.getKind() == TypeKind.DECLARED && !isClass(type.tsym, LOCK);
        type = types.supertype(type)) {
      if (!(type.tsym instanceof ClassSymbol cls)) {
        break;
      }
      for (Symbol member : cls.members().getSymbolsByName(state.getName(withName))) {
        if (member instanceof MethodSymbol candidate
            && !candidate.isStatic()
            && (candidate.flags() & Flags.PRIVATE) == 0
            && candidate.getParameters().size() == 1
            && types.isSubtype(
                types.erasure(token), types.erasure(candidate.getParameters().get(0).type))) {
          if (found != null && found != candidate) {
            return null;
          }
          found = candidate;
        }
      }
    }
    if (found == null) {
      return null;
    }
    Type contextual =
        typeArgument(types.memberType(receiver, found).getReturnType(), GUARD, 1, state);
    return contextual == null ? null : new Replacement(found, null, contextual);
  }

  /**
   * The one witness for ({@code backend}, a supertype of {@code token}) among the public static
   * final {@code BackendWithContext} constants of the backend's generated witness class
   * ({@code p.XyzBackendContexts} for a backend {@code p.XyzBackend}, also when it is nested).
   */
  private static @Nullable Replacement witness(Type backend, Type token, VisitorState state) {
    if (!(backend.tsym instanceof ClassSymbol backendClass)) {
      return null;
    }
    String packageName = ASTHelpers.enclosingPackage(backendClass).getQualifiedName().toString();
    String witnessClassName =
        (packageName.isEmpty() ? "" : packageName + ".")
            + backendClass.getSimpleName()
            + "Contexts";
    TypeElement element = state.getElements().getTypeElement(witnessClassName);
    if (!(element instanceof ClassSymbol witnesses)) {
      return null;
    }
    Types types = state.getTypes();
    Replacement found = null;
    for (Symbol member : ASTHelpers.getEnclosedElements(witnesses)) {
      if (!(member instanceof VarSymbol field)
          || (field.flags() & (Flags.PUBLIC | Flags.STATIC | Flags.FINAL))
              != (Flags.PUBLIC | Flags.STATIC | Flags.FINAL)) {
        continue;
      }
      Type forBackend = typeArgument(field.type, BACKEND_WITH_CONTEXT, 0, state);
      Type context = typeArgument(field.type, BACKEND_WITH_CONTEXT, 1, state);
      Type contextual = typeArgument(field.type, BACKEND_WITH_CONTEXT, 2, state);
      if (forBackend == null || context == null || contextual == null) {
        continue;
      }
      if (types.isSameType(types.erasure(forBackend), types.erasure(backend))
          && types.isSubtype(types.erasure(token), types.erasure(context))) {
        if (found != null) {
          return null;
        }
        found = new Replacement(null, field, contextual);
      }
    }
    return found;
  }

  private Description describe(
      MethodInvocationTree tree,
      MemberSelectTree select,
      VariableTree declaration,
      Type backend,
      String withName,
      Token token,
      Replacement replacement,
      VisitorState state) {
    String contextual = replacement.contextualBackend().tsym.getSimpleName().toString();
    String message =
        String.format(
            "%s (an open %s) already proves the context %s enters on every acquisition:"
                + " %s(%s%s) takes this lock with %s instead",
            token.name(),
            token.type().tsym.getSimpleName(),
            backend.tsym.getSimpleName(),
            withName,
            replacement.witness() == null
                ? ""
                : replacement.witness().owner.getSimpleName()
                    + "."
                    + replacement.witness().getSimpleName()
                    + ", ",
            token.name(),
            contextual);
    Description.Builder description = buildDescription(tree).setMessage(message);
    fix(tree, select, declaration, backend, withName, token, replacement, state)
        .filter(unused -> usesAccept(ASTHelpers.getSymbol(declaration), replacement, state))
        .ifPresent(description::addFix);
    return description.build();
  }

  /** The rewritten call, and the guard's declared type where it names the lock's backend. */
  private static Optional<SuggestedFix> fix(
      MethodInvocationTree tree,
      MemberSelectTree select,
      VariableTree declaration,
      Type backend,
      String withName,
      Token token,
      Replacement replacement,
      VisitorState state) {
    SuggestedFix.Builder fix = SuggestedFix.builder();
    Types types = state.getTypes();
    Type contextual = replacement.contextualBackend();
    if (!ASTHelpers.hasImplicitType(declaration, state)
        && declaration.getType() instanceof ParameterizedTypeTree declared
        && isErasureOf(ASTHelpers.getType(declared), GUARD, state)
        && declared.getTypeArguments().size() == 2) {
      Tree backendArgument = declared.getTypeArguments().get(1);
      if (backendArgument instanceof WildcardTree wildcard) {
        Type bound = ASTHelpers.getType(wildcard.getBound());
        boolean accepts =
            switch (wildcard.getKind()) {
              case UNBOUNDED_WILDCARD -> true;
              case EXTENDS_WILDCARD -> bound != null && types.isSubtype(contextual, bound);
              default -> false;
            };
        if (!accepts) {
          return Optional.empty();
        }
      } else {
        Type named = ASTHelpers.getType(backendArgument);
        if (named != null && types.isSameType(named, backend)) {
          fix.replace(backendArgument, SuggestedFixes.qualifyType(state, fix, contextual));
        } else if (named == null || !types.isSameType(named, contextual)) {
          return Optional.empty();
        }
      }
    }
    String arguments =
        replacement.witness() == null
            ? token.name()
            : SuggestedFixes.qualifyType(state, fix, replacement.witness().owner)
                + "."
                + replacement.witness().getSimpleName()
                + ", "
                + token.name();
    int receiverEnd = state.getEndPosition(select.getExpression());
    int callEnd = state.getEndPosition(tree);
    if (receiverEnd < 0 || callEnd < 0) {
      return Optional.empty();
    }
    fix.replace(receiverEnd, callEnd, "." + withName + "(" + arguments + ")");
    return Optional.of(fix.build());
  }

  /** The method (or, for a field, the class) whose code can use {@code guard}. */
  private static @Nullable TreePath scopeOf(VisitorState state) {
    TreePath found = null;
    for (TreePath path = state.getPath(); path != null; path = path.getParentPath()) {
      if (path.getLeaf() instanceof MethodTree) {
        return path;
      }
      if (path.getLeaf() instanceof ClassTree && found == null) {
        found = path;
      }
    }
    return found;
  }

  /** Each use of {@code guard} in its scope, with its path. */
  private static List<TreePath> uses(VarSymbol guard, VisitorState state) {
    List<TreePath> uses = new ArrayList<>();
    TreePath scope = scopeOf(state);
    if (scope == null) {
      return uses;
    }
    new TreePathScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == guard) {
          uses.add(getCurrentPath());
        }
        return null;
      }
    }.scan(scope, null);
    return uses;
  }

  /**
   * Whether the guard leaves the token's scope: returned, assigned or stored anywhere, or captured
   * by a lambda or a class. Taken with the token, such a guard would still be open when the token
   * closes, and closing the token then throws: no warning for it.
   */
  private static boolean escapes(VarSymbol guard, VisitorState state) {
    TreePath guardBoundary = CtxlockTrees.enclosingBoundary(state);
    for (TreePath use : uses(guard, state)) {
      TreePath parent = parentExpression(use);
      Tree leaf = parent.getLeaf();
      if (leaf instanceof ReturnTree
          || leaf instanceof AssignmentTree
          || leaf instanceof VariableTree
          || leaf instanceof ConditionalExpressionTree
          || leaf instanceof LambdaExpressionTree
          || leaf instanceof NewArrayTree) {
        return true;
      }
      TreePath useBoundary = CtxlockTrees.enclosingBoundary(state.withPath(use));
      if (guardBoundary != null
          && useBoundary != null
          && useBoundary.getLeaf() != guardBoundary.getLeaf()) {
        return true; // captured: the code may run after the token is closed
      }
    }
    return false;
  }

  /** The path of the first enclosing tree of {@code use} that is not parentheses or a cast. */
  private static TreePath parentExpression(TreePath use) {
    TreePath parent = use.getParentPath();
    while (parent.getLeaf() instanceof ParenthesizedTree
        || parent.getLeaf() instanceof TypeCastTree) {
      parent = parent.getParentPath();
    }
    return parent;
  }

  /**
   * Whether every use of {@code guard} still compiles once its backend type argument becomes the
   * contextual backend: calls of the guard's own methods, a try-with-resources, a null check, and
   * arguments whose parameter accepts a guard of any backend ({@code Guard<T, ?>}, a bound the
   * contextual backend meets, or a type variable of the method). Anything else withholds the fix.
   */
  private static boolean usesAccept(
      @Nullable VarSymbol guard, Replacement replacement, VisitorState state) {
    if (guard == null) {
      return false;
    }
    Types types = state.getTypes();
    for (TreePath use : uses(guard, state)) {
      Tree leaf = use.getLeaf();
      TreePath parentPath = parentExpression(use);
      Tree parent = parentPath.getLeaf();
      if (parent instanceof MemberSelectTree
          || parent instanceof TryTree
          || parent instanceof BinaryTree) {
        continue;
      }
      if (parent instanceof MethodInvocationTree call) {
        int index = -1;
        for (int i = 0; i < call.getArguments().size(); i++) {
          if (CtxlockTrees.strip(call.getArguments().get(i)) == leaf) {
            index = i;
          }
        }
        MethodSymbol callee = CtxlockTrees.methodSymbol(call);
        if (index < 0 || callee == null || callee.isVarArgs()) {
          return false;
        }
        Type parameter = callee.getParameters().get(index).type;
        Type backendArgument = typeArgument(parameter, GUARD, 1, state);
        if (backendArgument == null) {
          if (!isErasureOf(parameter, GUARD, state)
              && types.isSubtype(
                  types.erasure(GUARD_TYPE.get(state)), types.erasure(parameter))) {
            continue; // Object, AutoCloseable: any guard
          }
          return false;
        }
        if (backendArgument instanceof Type.WildcardType wildcard) {
          if (wildcard.isUnbound()
              || (wildcard.isExtendsBound()
                  && types.isSubtype(replacement.contextualBackend(), wildcard.getExtendsBound()))) {
            continue;
          }
          return false;
        }
        if (backendArgument instanceof Type.TypeVar variable
            && variable.tsym.owner == callee) {
          continue;
        }
        return false;
      }
      return false;
    }
    return true;
  }
}
