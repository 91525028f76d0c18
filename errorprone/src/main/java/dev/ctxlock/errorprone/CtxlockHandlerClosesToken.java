package dev.ctxlock.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static dev.ctxlock.errorprone.CtxlockTrees.INTERRUPT_HANDLER;
import static dev.ctxlock.errorprone.CtxlockTrees.isSubtype;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MemberReferenceTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.TryTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * An interrupt handler that closes the token it is given. The handler borrows that token: the
 * runtime released it when {@code handle} returns, and {@code close()} on it throws {@code
 * IllegalStateException} (in the kernel, a handler cannot drop the {@code
 * &LocalInterruptDisabled} it borrowed). A handler is a lambda or an anonymous or named class
 * implementing {@code InterruptHandler}, or a method that a method reference in the same file uses
 * as one; closing is {@code token.close()} on its parameter, the parameter as a try-with-resources
 * resource (also through a resource variable initialized with it), or {@code
 * LocalInterruptDisabled::close} itself as the handler. The fix for a {@code token.close();}
 * statement deletes it (or, as the body of an {@code if} or a loop, makes it an empty block).
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "An InterruptHandler borrows its token: the runtime releases it when the handler returns,"
            + " and closing it throws IllegalStateException",
    severity = ERROR,
    linkType = CUSTOM,
    link = CtxlockTrees.DOCS + "CtxlockHandlerClosesToken.md")
public final class CtxlockHandlerClosesToken extends BugChecker
    implements MethodInvocationTreeMatcher, TryTreeMatcher, MemberReferenceTreeMatcher {

  private static final long serialVersionUID = 1L;

  /** Error Prone instantiates checks through this constructor. */
  public CtxlockHandlerClosesToken() {}

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    MethodSymbol method = CtxlockTrees.methodSymbol(tree);
    if (method == null
        || !method.getSimpleName().contentEquals("close")
        || !method.getParameters().isEmpty()
        || !(tree.getMethodSelect() instanceof MemberSelectTree select)) {
      return NO_MATCH;
    }
    VarSymbol closed = CtxlockTrees.variable(select.getExpression());
    VarSymbol token = closed == null ? null : aliasedToken(closed, state);
    if (token == null || !isBorrowedByEnclosingHandler(token, state)) {
      return NO_MATCH;
    }
    String alias =
        closed == token ? "" : " (" + closed.getSimpleName() + " is the same token)";
    Description.Builder description =
        buildDescription(tree)
            .setMessage(
                String.format(
                    "%s is the token this interrupt handler borrows%s: the runtime releases it"
                        + " when the handler returns, and %s.close() throws IllegalStateException",
                    token.getSimpleName(), alias, closed.getSimpleName()));
    TreePath parent = state.getPath().getParentPath();
    if (parent != null && parent.getLeaf() instanceof ExpressionStatementTree statement) {
      TreePath enclosing = parent.getParentPath();
      if (enclosing != null
          && (enclosing.getLeaf() instanceof BlockTree
              || enclosing.getLeaf() instanceof CaseTree)) {
        // A statement of a block or a case's statement list: nothing depends on it being there.
        description.addFix(SuggestedFix.delete(statement));
      } else {
        // The body of an if, a loop, a labeled statement: an empty block keeps the syntax and
        // keeps the next statement where it was.
        description.addFix(SuggestedFix.replace(statement, "{}"));
      }
    }
    return description.build();
  }

  @Override
  public Description matchTry(TryTree tree, VisitorState state) {
    for (Tree resource : tree.getResources()) {
      VarSymbol token = closedByResource(resource, state);
      TreePath resourcePath = new TreePath(state.getPath(), resource);
      if (token != null && isBorrowedByEnclosingHandler(token, state.withPath(resourcePath))) {
        state.reportMatch(
            buildDescription(resource)
                .setMessage(
                    String.format(
                        "%s is the token this interrupt handler borrows: try-with-resources closes"
                            + " it, and closing a borrowed token throws IllegalStateException;"
                            + " use it without try-with-resources",
                        token.getSimpleName()))
                .build());
      }
    }
    return NO_MATCH;
  }

  @Override
  public Description matchMemberReference(MemberReferenceTree tree, VisitorState state) {
    MethodSymbol method = CtxlockTrees.methodSymbol(tree);
    if (method == null
        || !method.getSimpleName().contentEquals("close")
        || !method.getParameters().isEmpty()
        || method.isStatic()
        || !isSubtype(ASTHelpers.getType(tree), INTERRUPT_HANDLER, state)) {
      return NO_MATCH;
    }
    // An unbound reference Type::close: the handler's token is the receiver it closes.
    return buildDescription(tree)
        .setMessage(
            "This handler closes the token it borrows: the runtime releases it when the handler"
                + " returns, and closing it throws IllegalStateException")
        .build();
  }

  /** The variable a resource closes: {@code try (token)} or {@code try (var t = token)}. */
  private static @Nullable VarSymbol closedByResource(Tree resource, VisitorState state) {
    VarSymbol closed;
    if (resource instanceof VariableTree variable) {
      ExpressionTree initializer = variable.getInitializer();
      closed = initializer == null ? null : CtxlockTrees.variable(initializer);
    } else {
      closed = CtxlockTrees.variable(resource);
    }
    return closed == null ? null : aliasedToken(closed, state);
  }

  /**
   * The variable {@code variable} is a local alias of ({@code var same = irqOff;}, through any
   * chain of such locals, each never assigned again), or {@code variable} itself.
   */
  private static VarSymbol aliasedToken(VarSymbol variable, VisitorState state) {
    TreePath boundary = CtxlockTrees.enclosingBoundary(state);
    if (boundary == null) {
      return variable;
    }
    Tree root = boundary.getLeaf();
    // A handler's nested lambdas and classes still see its locals: search the whole method.
    for (TreePath path = boundary; path != null; path = path.getParentPath()) {
      if (path.getLeaf() instanceof MethodTree) {
        root = path.getLeaf();
        break;
      }
    }
    Map<VarSymbol, ExpressionTree> initializers = new HashMap<>();
    Set<VarSymbol> reassigned = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        VarSymbol symbol = ASTHelpers.getSymbol(tree);
        if (symbol != null && tree.getInitializer() != null) {
          initializers.put(symbol, tree.getInitializer());
        }
        return super.visitVariable(tree, null);
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        VarSymbol target = CtxlockTrees.variable(tree.getVariable());
        if (target != null) {
          reassigned.add(target);
        }
        return super.visitAssignment(tree, null);
      }
    }.scan(root, null);
    VarSymbol current = variable;
    Set<VarSymbol> seen = new HashSet<>();
    while (seen.add(current)
        && CtxlockTrees.isLocal(current)
        && current.getKind() != ElementKind.PARAMETER
        && !reassigned.contains(current)
        && initializers.get(current) != null) {
      VarSymbol next = CtxlockTrees.variable(initializers.get(current));
      if (next == null) {
        break;
      }
      current = next;
    }
    return current;
  }

  /**
   * Whether {@code token} is the parameter of an interrupt handler that encloses the current tree
   * (a lambda nested in the handler still closes the handler's token).
   */
  private static boolean isBorrowedByEnclosingHandler(VarSymbol token, VisitorState state) {
    for (TreePath path = state.getPath(); path != null; path = path.getParentPath()) {
      Tree tree = path.getLeaf();
      List<? extends VariableTree> parameters;
      if (tree instanceof LambdaExpressionTree lambda) {
        parameters = lambda.getParameters();
      } else if (tree instanceof MethodTree method) {
        parameters = method.getParameters();
      } else {
        continue;
      }
      for (VariableTree parameter : parameters) {
        if (ASTHelpers.getSymbol(parameter) == token) {
          return CtxlockTrees.handlerParameter(tree, state.withPath(path)) == token;
        }
      }
    }
    return false;
  }
}
