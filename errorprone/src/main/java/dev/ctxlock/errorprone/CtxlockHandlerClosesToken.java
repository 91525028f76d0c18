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
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.List;
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
 * statement deletes it.
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
    VarSymbol token = CtxlockTrees.variable(select.getExpression());
    if (token == null || !isBorrowedByEnclosingHandler(token, state)) {
      return NO_MATCH;
    }
    Description.Builder description =
        buildDescription(tree)
            .setMessage(
                String.format(
                    "%s is the token this interrupt handler borrows: the runtime releases it when"
                        + " the handler returns, and %s.close() throws IllegalStateException",
                    token.getSimpleName(), token.getSimpleName()));
    TreePath parent = state.getPath().getParentPath();
    if (parent != null && parent.getLeaf() instanceof ExpressionStatementTree statement) {
      description.addFix(SuggestedFix.delete(statement));
    }
    return description.build();
  }

  @Override
  public Description matchTry(TryTree tree, VisitorState state) {
    for (Tree resource : tree.getResources()) {
      VarSymbol token = closedByResource(resource);
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
  private static @Nullable VarSymbol closedByResource(Tree resource) {
    if (resource instanceof VariableTree variable) {
      ExpressionTree initializer = variable.getInitializer();
      return initializer == null ? null : CtxlockTrees.variable(initializer);
    }
    return CtxlockTrees.variable(resource);
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
