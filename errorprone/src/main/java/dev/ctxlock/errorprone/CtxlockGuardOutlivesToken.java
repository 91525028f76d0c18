package dev.ctxlock.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static dev.ctxlock.errorprone.CtxlockTrees.CONTEXT_TOKEN;
import static dev.ctxlock.errorprone.CtxlockTrees.LOCK;
import static dev.ctxlock.errorprone.CtxlockTrees.isSubtype;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.AssignmentTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.TryTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.List;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * A guard taken with {@code lockWith(token)} (a lock class's own {@code lockWith(C)} or {@code
 * Lock.lockWith(witness, token)}, and their {@code tryLockWith} forms) that can still be open
 * when the token is closed. Closing a token while a guard taken with it is open throws {@code
 * IllegalStateException} (the kernel proves with lifetimes that the guard cannot outlive the
 * {@code &LocalInterruptDisabled} it was taken with). The token's scope is the try-with-resources
 * that lists it, or the interrupt handler whose parameter it is; the guard outlives it when it is
 *
 * <ul>
 *   <li>assigned (or copied from the local it was declared in) to a variable declared outside
 *       that scope and not closed inside it,
 *   <li>stored in a field or an array element,
 *   <li>returned from inside the try-with-resources that closes the token (also as an arm of a
 *       {@code switch} expression or a conditional), or
 *   <li>a resource listed before its token in one try-with-resources (resources close in reverse
 *       order, so the token closes first).
 * </ul>
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A guard taken with lockWith(token) must be closed before the token: closing the token"
            + " while the guard is open throws IllegalStateException",
    severity = ERROR,
    linkType = CUSTOM,
    link = CtxlockTrees.DOCS + "CtxlockGuardOutlivesToken.md")
public final class CtxlockGuardOutlivesToken extends BugChecker
    implements MethodInvocationTreeMatcher, TryTreeMatcher, AssignmentTreeMatcher {

  private static final long serialVersionUID = 1L;

  /** Error Prone instantiates checks through this constructor. */
  public CtxlockGuardOutlivesToken() {}

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    VarSymbol token = tokenOf(tree, state);
    if (token == null) {
      return NO_MATCH;
    }
    Tree scope = tokenScope(token, state);
    if (scope == null) {
      return NO_MATCH;
    }
    // Follow the guard out of parentheses, casts and conditional expressions.
    TreePath path = state.getPath();
    Tree child = tree;
    TreePath parentPath = path.getParentPath();
    while (parentPath != null) {
      Tree leaf = parentPath.getLeaf();
      if (leaf instanceof YieldTree) {
        // yield guard; in a switch expression's block: the switch expression's value.
        while (parentPath != null && !(parentPath.getLeaf() instanceof SwitchExpressionTree)) {
          parentPath = parentPath.getParentPath();
        }
        if (parentPath == null) {
          break;
        }
      } else if (!(leaf instanceof ParenthesizedTree
          || leaf instanceof TypeCastTree
          || (leaf instanceof ConditionalExpressionTree conditional
              && conditional.getCondition() != child)
          || (leaf instanceof CaseTree caseTree && caseTree.getBody() == child)
          || (leaf instanceof SwitchExpressionTree switchTree
              && switchTree.getExpression() != child))) {
        break;
      }
      child = parentPath.getLeaf();
      parentPath = parentPath.getParentPath();
    }
    if (parentPath == null) {
      return NO_MATCH;
    }
    Tree parent = parentPath.getLeaf();
    String tokenName = token.getSimpleName().toString();
    if (parent instanceof ReturnTree && scope instanceof TryTree) {
      return describe(
          tree,
          "This guard, taken with %s, is returned from inside the try-with-resources that closes"
              + " %s, so it is still open when %s is closed",
          tokenName);
    }
    if (!(parent instanceof AssignmentTree assignment) || assignment.getExpression() != child) {
      return NO_MATCH;
    }
    return checkAssignment(tree, assignment, scope, tokenName);
  }

  /** {@code outer = g;}: a guard taken with a token, copied from the local it was declared in. */
  @Override
  public Description matchAssignment(AssignmentTree tree, VisitorState state) {
    VarSymbol guard = CtxlockTrees.variable(tree.getExpression());
    if (guard == null || !CtxlockTrees.isLocal(guard)) {
      return NO_MATCH;
    }
    ExpressionTree initializer = initializerOf(guard, state);
    if (initializer == null
        || !(CtxlockTrees.strip(initializer) instanceof MethodInvocationTree call)) {
      return NO_MATCH;
    }
    VarSymbol token = tokenOf(call, state);
    if (token == null) {
      return NO_MATCH;
    }
    Tree scope = tokenScope(token, state);
    if (scope == null) {
      return NO_MATCH;
    }
    return checkAssignment(tree, tree, scope, token.getSimpleName().toString());
  }

  private Description checkAssignment(
      Tree tree, AssignmentTree assignment, Tree scope, String tokenName) {
    ExpressionTree target = CtxlockTrees.strip(assignment.getVariable());
    if (target instanceof ArrayAccessTree) {
      return describe(
          tree,
          "This guard, taken with %s, is stored in an array element, which outlives the scope"
              + " that closes %s; close the guard there (%s)",
          tokenName);
    }
    Symbol variable = ASTHelpers.getSymbol(target);
    if (variable == null) {
      return NO_MATCH;
    }
    if (variable.getKind() == ElementKind.FIELD) {
      return describe(
          tree,
          "This guard, taken with %s, is stored in a field, which outlives the scope that closes"
              + " %s; declare the guard as a resource after %s",
          tokenName);
    }
    if (declaresInside(scope, variable) || closesInside(scope, variable)) {
      return NO_MATCH;
    }
    return describe(
        tree,
        "This guard, taken with %s, is assigned to "
            + variable.getSimpleName()
            + ", declared outside the scope that closes %s, and not closed there: it is still open"
            + " when %s is closed",
        tokenName);
  }

  @Override
  public Description matchTry(TryTree tree, VisitorState state) {
    List<? extends Tree> resources = tree.getResources();
    for (int i = 0; i < resources.size(); i++) {
      VarSymbol token = guardToken(resources.get(i), state);
      if (token == null) {
        continue;
      }
      for (int j = i + 1; j < resources.size(); j++) {
        if (closedBy(resources.get(j)) == token) {
          state.reportMatch(
              buildDescription(resources.get(i))
                  .setMessage(
                      String.format(
                          "This guard, taken with %s, is listed before %s: try-with-resources"
                              + " closes resources in reverse order, so %s is closed while the"
                              + " guard is open; list the guard after the token",
                          token.getSimpleName(),
                          token.getSimpleName(),
                          token.getSimpleName()))
                  .build());
          break;
        }
      }
    }
    return NO_MATCH;
  }

  private Description describe(Tree tree, String format, String tokenName) {
    return buildDescription(tree)
        .setMessage(String.format(format, tokenName, tokenName, tokenName))
        .build();
  }

  /**
   * The token variable a {@code lockWith} / {@code tryLockWith} call takes a guard with, when it
   * is a local variable or parameter; null for any other call.
   */
  static @Nullable VarSymbol tokenOf(MethodInvocationTree tree, VisitorState state) {
    MethodSymbol method = CtxlockTrees.methodSymbol(tree);
    if (method == null
        || method.isStatic()
        || !(method.getSimpleName().contentEquals("lockWith")
            || method.getSimpleName().contentEquals("tryLockWith"))
        || !isSubtype(method.owner.type, LOCK, state)) {
      return null;
    }
    for (ExpressionTree argument : tree.getArguments()) {
      VarSymbol variable = CtxlockTrees.variable(argument);
      if (variable != null
          && CtxlockTrees.isLocal(variable)
          && isSubtype(ASTHelpers.getType(argument), CONTEXT_TOKEN, state)) {
        return variable;
      }
    }
    return null;
  }

  /**
   * Where {@code token} is open around the current tree and closed at the end: the
   * try-with-resources that lists it, or the interrupt handler it is the parameter of. Null when
   * the token comes from elsewhere (a parameter of an ordinary method: its caller's scope).
   */
  private static @Nullable Tree tokenScope(VarSymbol token, VisitorState state) {
    Tree child = state.getPath().getLeaf();
    for (TreePath path = state.getPath().getParentPath();
        path != null;
        child = path.getLeaf(), path = path.getParentPath()) {
      Tree tree = path.getLeaf();
      if (CtxlockTrees.isBoundary(tree)) {
        return CtxlockTrees.handlerParameter(tree, state.withPath(path)) == token ? tree : null;
      }
      if (tree instanceof TryTree tryTree
          && (child == tryTree.getBlock()
              || CtxlockTrees.indexOf(tryTree.getResources(), child) >= 0)) {
        for (Tree resource : tryTree.getResources()) {
          if (resource == child) {
            break;
          }
          if (CtxlockTrees.variable(resource) == token) {
            return tryTree;
          }
        }
      }
    }
    return null;
  }

  /**
   * The variable a resource closes: the one it declares, or the one it names ({@code try (t)}).
   */
  private static @Nullable VarSymbol closedBy(Tree resource) {
    VarSymbol declared = CtxlockTrees.declared(resource);
    if (declared != null) {
      ExpressionTree initializer = ((VariableTree) resource).getInitializer();
      VarSymbol alias = initializer == null ? null : CtxlockTrees.variable(initializer);
      // try (Token same = token) closes token.
      return alias != null && CtxlockTrees.isLocal(alias) ? alias : declared;
    }
    return CtxlockTrees.variable(resource);
  }

  /** The token a guard resource was taken with, or null when it is not such a guard. */
  private static @Nullable VarSymbol guardToken(Tree resource, VisitorState state) {
    ExpressionTree initializer = null;
    if (resource instanceof VariableTree declaration) {
      initializer = declaration.getInitializer();
    } else if (resource instanceof ExpressionTree expression) {
      VarSymbol guard = CtxlockTrees.variable(expression);
      if (guard != null && CtxlockTrees.isLocal(guard)) {
        initializer = initializerOf(guard, state);
      }
    }
    if (initializer != null
        && CtxlockTrees.strip(initializer) instanceof MethodInvocationTree call) {
      return tokenOf(call, state);
    }
    return null;
  }

  /** The initializer of local {@code variable}, found in the enclosing method or lambda. */
  private static @Nullable ExpressionTree initializerOf(VarSymbol variable, VisitorState state) {
    TreePath boundary = CtxlockTrees.enclosingBoundary(state);
    if (boundary == null) {
      return null;
    }
    ExpressionTree[] found = new ExpressionTree[1];
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        if (ASTHelpers.getSymbol(tree) == variable) {
          found[0] = tree.getInitializer();
        }
        return super.visitVariable(tree, null);
      }
    }.scan(boundary.getLeaf(), null);
    return found[0];
  }

  /** Whether {@code variable} is declared inside {@code scope}. */
  private static boolean declaresInside(Tree scope, Symbol variable) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitVariable(VariableTree tree, Void unused) {
            return ASTHelpers.getSymbol(tree) == variable || super.visitVariable(tree, null);
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(scope instanceof TryTree tryTree ? tryTree.getBlock() : scope, null);
    return Boolean.TRUE.equals(found);
  }

  /** Whether {@code scope} calls {@code variable.close()} (the guard is closed before the token). */
  private static boolean closesInside(Tree scope, Symbol variable) {
    Boolean found =
        new TreeScanner<Boolean, Void>() {
          @Override
          public Boolean visitMethodInvocation(MethodInvocationTree tree, Void unused) {
            if (tree.getMethodSelect() instanceof MemberSelectTree select
                && select.getIdentifier().contentEquals("close")
                && tree.getArguments().isEmpty()
                && CtxlockTrees.variable(select.getExpression()) == variable) {
              return true;
            }
            return super.visitMethodInvocation(tree, null);
          }

          @Override
          public Boolean reduce(Boolean a, Boolean b) {
            return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b);
          }
        }.scan(scope instanceof TryTree tryTree ? tryTree.getBlock() : scope, null);
    return Boolean.TRUE.equals(found);
  }
}
