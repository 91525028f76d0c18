package dev.ctxlock.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static dev.ctxlock.errorprone.CtxlockTrees.CONTEXT_TOKEN;
import static dev.ctxlock.errorprone.CtxlockTrees.isSubtype;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.AssignmentTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.NewClassTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.VariableTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import org.jspecify.annotations.Nullable;

/**
 * A {@code ContextToken} that leaves the scope and thread it proves a context for: stored in a
 * field (instance or static, also a record's component through its constructor), or captured by code handed to something that runs code on another
 * thread. A token is confined to the thread that opened it (the kernel's {@code
 * LocalInterruptDisabled} is {@code !Send}): the runtime refuses it on another thread, and a
 * token kept in a field outlives the scope that closes it.
 *
 * <p>Which calls run code on another thread is a fixed, conservative list, matched on the method's
 * declaring class or a class whose method it overrides (so a user's own {@code Executor} counts
 * for {@code execute}, not for its other methods): {@code Executor}, {@code ExecutorService},
 * {@code ScheduledExecutorService}, {@code ForkJoinPool}, {@code CompletionStage} and {@code
 * CompletableFuture} (every method: even a non-async stage runs on the thread that completes the
 * future), {@code ThreadFactory}, {@code Thread} and its builders, {@code Timer}, and {@code
 * LocalInterrupts.raise} (the handler runs on the target thread, after the token is closed). The
 * code is a lambda, a method reference bound to a token, or an anonymous class, passed directly
 * as an argument; an anonymous {@code Thread} subclass counts too. A lambda stored in a variable
 * first, and parallel streams, are not followed.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A ContextToken proves a context only on the thread that opened it, until it is closed:"
            + " do not store it in a field or capture it in code that may run on another thread",
    severity = ERROR,
    tags = StandardTags.CONCURRENCY,
    linkType = CUSTOM,
    link = CtxlockTrees.DOCS + "CtxlockTokenEscapes.md")
public final class CtxlockTokenEscapes extends BugChecker
    implements AssignmentTreeMatcher,
        VariableTreeMatcher,
        MethodInvocationTreeMatcher,
        NewClassTreeMatcher {

  private static final long serialVersionUID = 1L;

  /** Error Prone instantiates checks through this constructor. */
  public CtxlockTokenEscapes() {}

  @Override
  public Description matchAssignment(AssignmentTree tree, VisitorState state) {
    Symbol target = ASTHelpers.getSymbol(tree.getVariable());
    if (target == null
        || target.getKind() != ElementKind.FIELD
        || !isSubtype(ASTHelpers.getType(tree.getExpression()), CONTEXT_TOKEN, state)) {
      return NO_MATCH;
    }
    return describeField(tree, target);
  }

  @Override
  public Description matchVariable(VariableTree tree, VisitorState state) {
    VarSymbol symbol = ASTHelpers.getSymbol(tree);
    ExpressionTree initializer = tree.getInitializer();
    if (symbol.getKind() != ElementKind.FIELD
        || initializer == null
        || !isSubtype(ASTHelpers.getType(initializer), CONTEXT_TOKEN, state)) {
      return NO_MATCH;
    }
    return describeField(tree, symbol);
  }

  private Description describeField(Tree tree, Symbol field) {
    return buildDescription(tree)
        .setMessage(
            String.format(
                "A ContextToken stored in %sfield %s outlives the scope that closes it and can"
                    + " reach other threads; pass it as a parameter instead",
                ASTHelpers.isStatic(field) ? "static " : "",
                field.getSimpleName()))
        .build();
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    MethodSymbol method = CtxlockTrees.methodSymbol(tree);
    if (method == null || !CtxlockTrees.runsOnAnotherThread(method, state)) {
      return NO_MATCH;
    }
    return checkArguments(tree.getArguments(), describeCallee(method), state);
  }

  @Override
  public Description matchNewClass(NewClassTree tree, VisitorState state) {
    MethodSymbol constructor = CtxlockTrees.methodSymbol(tree);
    if (constructor == null) {
      return NO_MATCH;
    }
    if (constructor.owner.getKind() == ElementKind.RECORD) {
      // A record's constructor stores each argument in a field, whatever the constructor's body.
      for (ExpressionTree argument : tree.getArguments()) {
        if (isSubtype(ASTHelpers.getType(argument), CONTEXT_TOKEN, state)) {
          state.reportMatch(
              buildDescription(argument)
                  .setMessage(
                      String.format(
                          "A ContextToken passed to record %s's constructor is stored in its"
                              + " component field, which outlives the scope that closes the token"
                              + " and can reach other threads; pass the token as a parameter"
                              + " instead",
                          simpleName(constructor.owner)))
                  .build());
        }
      }
    }
    boolean thread = isSubtype(constructor.owner.type, "java.lang.Thread", state);
    if (thread && tree.getClassBody() != null) {
      // new Thread() { public void run() { ... } }: the body itself runs on the new thread.
      VarSymbol captured = capturedToken(tree.getClassBody(), state);
      if (captured != null) {
        state.reportMatch(describeCapture(tree.getClassBody(), captured, "a Thread subclass"));
      }
    }
    if (!thread && !CtxlockTrees.runsOnAnotherThread(constructor, state)) {
      return NO_MATCH;
    }
    return checkArguments(tree.getArguments(), "new " + simpleName(constructor.owner), state);
  }

  private Description checkArguments(
      List<? extends ExpressionTree> arguments, String callee, VisitorState state) {
    for (ExpressionTree argument : arguments) {
      ExpressionTree code = CtxlockTrees.strip(argument);
      VarSymbol captured = null;
      if (code instanceof LambdaExpressionTree lambda) {
        captured = capturedToken(lambda, state);
      } else if (code instanceof MemberReferenceTree reference) {
        VarSymbol receiver = CtxlockTrees.variable(reference.getQualifierExpression());
        if (receiver != null
            && CtxlockTrees.isLocal(receiver)
            && isSubtype(receiver.type, CONTEXT_TOKEN, state)) {
          captured = receiver;
        }
      } else if (code instanceof NewClassTree anonymous && anonymous.getClassBody() != null) {
        captured = capturedToken(anonymous.getClassBody(), state);
      }
      if (captured != null) {
        state.reportMatch(describeCapture(code, captured, callee));
      }
    }
    return NO_MATCH;
  }

  private Description describeCapture(Tree code, VarSymbol token, String callee) {
    return buildDescription(code)
        .setMessage(
            String.format(
                "%s, a ContextToken, is captured by code passed to %s, which may run it on another"
                    + " thread or after %s is closed; a token proves its context only on the"
                    + " thread that opened it, while it is open",
                token.getSimpleName(), callee, token.getSimpleName()))
        .build();
  }

  private static String describeCallee(MethodSymbol method) {
    return simpleName(method.owner) + "." + method.getSimpleName();
  }

  private static String simpleName(Symbol owner) {
    return owner.getSimpleName().toString();
  }

  /**
   * A token that {@code code} uses but does not declare: a local variable or parameter of a
   * {@code ContextToken} type declared outside it. Null when there is none.
   */
  private static @Nullable VarSymbol capturedToken(Tree code, VisitorState state) {
    Set<Symbol> declaredInside = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        declaredInside.add(ASTHelpers.getSymbol(tree));
        return super.visitVariable(tree, null);
      }
    }.scan(code, null);
    VarSymbol[] found = new VarSymbol[1];
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        Symbol symbol = ASTHelpers.getSymbol(tree);
        if (found[0] == null
            && symbol instanceof VarSymbol variable
            && CtxlockTrees.isLocal(variable)
            && !declaredInside.contains(variable)
            && isSubtype(variable.type, CONTEXT_TOKEN, state)) {
          found[0] = variable;
        }
        return null;
      }
    }.scan(code, null);
    return found[0];
  }
}
