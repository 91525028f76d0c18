package dev.ctxlock.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static dev.ctxlock.errorprone.CtxlockTrees.COND_VAR;
import static dev.ctxlock.errorprone.CtxlockTrees.GUARD;
import static dev.ctxlock.errorprone.CtxlockTrees.LOCAL_INTERRUPT_DISABLED;
import static dev.ctxlock.errorprone.CtxlockTrees.LOCK;
import static dev.ctxlock.errorprone.CtxlockTrees.isClass;
import static dev.ctxlock.errorprone.CtxlockTrees.isSubtype;
import static dev.ctxlock.errorprone.CtxlockTrees.typeArgument;
import static dev.ctxlock.errorprone.CtxlockTrees.waitType;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import org.jspecify.annotations.Nullable;

/**
 * A call that may sleep where the thread must not: a sleeping acquisition (a blocking form, {@code
 * lock()}, {@code lockInterruptibly()}, {@code tryLock(Duration)}, {@code lockWith(...)} or a timed
 * {@code tryLockWith(...)}, whose taking backend is {@code @Waits(SLEEP)}, such as a {@code
 * Mutex}'s) or a {@code CondVar} wait, while a {@code LocalInterruptDisabled} token or a spin-lock
 * guard (a guard whose backend is {@code @Waits(SPIN)}, such as a {@code SpinLock}'s or a {@code
 * SpinLockIrq}'s) is open in an enclosing try-with-resources, or inside an interrupt handler. This
 * is the kernel's "sleeping function called from invalid context": with interrupts disabled or a
 * spin lock held, nothing that would wake the sleeper may run on its CPU. For a {@code CondVar}
 * wait the guard being waited on does not count, as the wait releases it: {@code try (var g =
 * spinIrq.lock()) { ready.await(g); }} is fine, the same with a token still open is not (and
 * throws {@code IllegalStateException} at run time).
 *
 * <p>"Sleeping" and "spin" are what each backend declares with {@code @Waits} on its own class,
 * ctxlock's backends and users' alike, never its name nor what it delegates to: the taking backend
 * is B of the {@code Guard<T, B>} the acquisition returns (for {@code lockWith}, the contextual
 * backend), and a guard's backend is the B of its type. A backend without {@code @Waits} is of
 * unknown wait type: taking it is not a sleeping acquisition and holding its guard is not atomic
 * context.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A sleeping acquisition or a CondVar wait in atomic context (local interrupts disabled, a"
            + " spin lock held, or an interrupt handler): nothing can wake the sleeper there",
    severity = WARNING,
    tags = StandardTags.CONCURRENCY,
    linkType = CUSTOM,
    link = CtxlockTrees.DOCS + "CtxlockSleepInAtomic.md")
public final class CtxlockSleepInAtomic extends BugChecker implements MethodInvocationTreeMatcher {

  private static final long serialVersionUID = 1L;

  /** Error Prone instantiates checks through this constructor. */
  public CtxlockSleepInAtomic() {}

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    MethodSymbol method = CtxlockTrees.methodSymbol(tree);
    if (method == null) {
      return NO_MATCH;
    }
    String what;
    VarSymbol awaited = null;
    if (isCondVarWait(method)) {
      what = "CondVar." + method.getSimpleName() + " sleeps";
      if (!tree.getArguments().isEmpty()) {
        awaited = CtxlockTrees.variable(tree.getArguments().get(0));
      }
    } else {
      Type sleeping = sleepingBackend(tree, method, state);
      if (sleeping == null) {
        return NO_MATCH;
      }
      what =
          method.getSimpleName() + "() on a " + sleeping.tsym.getSimpleName() + " lock may sleep";
    }
    String atomic = atomicContext(awaited, state);
    if (atomic == null) {
      return NO_MATCH;
    }
    return buildDescription(tree)
        .setMessage(
            String.format(
                "%s, but %s: sleeping in atomic context (nothing that would wake this thread may"
                    + " run on its CPU)%s",
                what,
                atomic,
                awaited == null
                    ? ""
                    : "; the wait releases only " + awaited.getSimpleName() + "'s lock"))
        .build();
  }

  private static boolean isCondVarWait(MethodSymbol method) {
    return isClass(method.owner, COND_VAR)
        && !method.isStatic()
        && (method.getSimpleName().contentEquals("await")
            || method.getSimpleName().contentEquals("awaitUninterruptibly"));
  }

  /**
   * The backend that takes the lock, when the call is an acquisition that can wait and that
   * backend declares {@code @Waits(SLEEP)}; null otherwise. The forms that wait are {@code lock},
   * {@code lockInterruptibly}, {@code lockWith}, and the {@code tryLock} / {@code tryLockWith}
   * forms that take a timeout ({@code tryLock()} itself never waits). The taking backend is B of
   * the {@code Guard<T, B>} the call returns, seen through the lock's supertypes: the lock's own
   * backend for {@code lock()} ({@code SpinLockIrq<T> extends Lock<T, SpinLockIrqBackend>} gives
   * {@code SpinLockIrqBackend}), the contextual backend for {@code lockWith}.
   */
  private static @Nullable Type sleepingBackend(
      MethodInvocationTree tree, MethodSymbol method, VisitorState state) {
    if (method.isStatic() || !isSubtype(method.owner.type, LOCK, state)) {
      return null;
    }
    String name = method.getSimpleName().toString();
    boolean waits =
        switch (name) {
          case "lock", "lockInterruptibly", "lockWith" -> true;
          case "tryLock", "tryLockWith" ->
              method.getParameters().stream()
                  .anyMatch(p -> isClass(p.type.tsym, "java.time.Duration"));
          default -> false;
        };
    if (!waits) {
      return null;
    }
    Type backend = typeArgument(ASTHelpers.getType(tree), GUARD, 1, state);
    return waitType(backend) == CtxlockTrees.Wait.SLEEP ? backend : null;
  }

  /**
   * Why the current tree is in atomic context, or null: an open interrupt-disabling token or
   * spin-lock guard (of a backend that declares {@code @Waits(SPIN)}) in an enclosing
   * try-with-resources (other than {@code awaited}, the guard a wait releases), or an enclosing
   * interrupt handler.
   */
  private static @Nullable String atomicContext(
      @Nullable VarSymbol awaited, VisitorState state) {
    for (VisitorState scope = state; scope != null; scope = inPlaceLambdaCall(scope)) {
      for (CtxlockTrees.OpenResource resource : CtxlockTrees.openResources(scope)) {
        if (isSubtype(resource.type(), LOCAL_INTERRUPT_DISABLED, state)) {
          return "local interrupts are disabled here (" + resource.name() + " is open)";
        }
        if (awaited != null && resource.variable() == awaited) {
          continue;
        }
        if (resource.variable() != null && knownNull(resource.variable(), resource.owner(), scope)) {
          continue; // the path where tryLock() failed: that lock is not held here
        }
        if (waitType(backendOf(resource, state)) == CtxlockTrees.Wait.SPIN) {
          return "the spin lock guard " + resource.name() + " is open here";
        }
      }
    }
    TreePath boundary = CtxlockTrees.enclosingBoundary(state);
    if (boundary != null && CtxlockTrees.handlerParameter(boundary.getLeaf(), state) != null) {
      return "this is an interrupt handler (local interrupts are disabled)";
    }
    return null;
  }

  /**
   * The backend of a guard resource: B of its declared type, or, where that is a wildcard or a
   * type variable ({@code Guard<T, ?> g = spin.lock()}), B of its initializer's type.
   */
  private static @Nullable Type backendOf(CtxlockTrees.OpenResource resource, VisitorState state) {
    Type declared = typeArgument(resource.type(), GUARD, 1, state);
    if (waitType(declared) != null) {
      return declared;
    }
    if (resource.tree() instanceof VariableTree variable && variable.getInitializer() != null) {
      return typeArgument(ASTHelpers.getType(variable.getInitializer()), GUARD, 1, state);
    }
    return declared;
  }

  /**
   * Whether the current tree of {@code state} is, inside {@code owner}, on a branch where {@code
   * variable} is null: the then-branch of {@code if (v == null)} or a conditional {@code v == null
   * ? here : ...}, the else-branch of the {@code !=} forms.
   */
  private static boolean knownNull(VarSymbol variable, TryTree owner, VisitorState state) {
    Tree child = state.getPath().getLeaf();
    for (TreePath path = state.getPath().getParentPath();
        path != null && path.getLeaf() != owner;
        child = path.getLeaf(), path = path.getParentPath()) {
      Tree tree = path.getLeaf();
      ExpressionTree condition;
      Tree thenPart;
      Tree elsePart;
      if (tree instanceof IfTree ifTree) {
        condition = ifTree.getCondition();
        thenPart = ifTree.getThenStatement();
        elsePart = ifTree.getElseStatement();
      } else if (tree instanceof ConditionalExpressionTree conditional) {
        condition = conditional.getCondition();
        thenPart = conditional.getTrueExpression();
        elsePart = conditional.getFalseExpression();
      } else {
        continue;
      }
      if (!(CtxlockTrees.strip(condition) instanceof BinaryTree binary)) {
        continue;
      }
      boolean comparesWithNull =
          (binary.getLeftOperand().getKind() == Tree.Kind.NULL_LITERAL
                  && CtxlockTrees.variable(binary.getRightOperand()) == variable)
              || (binary.getRightOperand().getKind() == Tree.Kind.NULL_LITERAL
                  && CtxlockTrees.variable(binary.getLeftOperand()) == variable);
      if (!comparesWithNull) {
        continue;
      }
      if ((binary.getKind() == Tree.Kind.EQUAL_TO && child == thenPart)
          || (binary.getKind() == Tree.Kind.NOT_EQUAL_TO && child == elsePart)) {
        return true;
      }
    }
    return false;
  }

  /**
   * When the current tree's nearest boundary is a lambda passed directly to an ordinary call (not
   * an interrupt handler, nor code for another thread: {@code list.forEach(...)},
   * {@code map.compute(...)}), the lambda runs in place, while the resources around that call are
   * open: the state at the lambda, to look further out. Null otherwise.
   */
  private static @Nullable VisitorState inPlaceLambdaCall(VisitorState state) {
    TreePath boundary = CtxlockTrees.enclosingBoundary(state);
    if (boundary == null || !(boundary.getLeaf() instanceof LambdaExpressionTree lambda)) {
      return null;
    }
    if (CtxlockTrees.handlerParameter(lambda, state) != null) {
      return null;
    }
    TreePath parent = boundary.getParentPath();
    while (parent != null && parent.getLeaf() instanceof ParenthesizedTree) {
      parent = parent.getParentPath();
    }
    if (parent == null || !(parent.getLeaf() instanceof MethodInvocationTree call)) {
      return null;
    }
    MethodSymbol callee = CtxlockTrees.methodSymbol(call);
    if (callee == null || CtxlockTrees.runsOnAnotherThread(callee, state)) {
      return null;
    }
    String name = callee.getSimpleName().toString();
    if (name.equals("callUnlocked") || name.equals("runUnlocked")) {
      return null; // the guard's lock is released while it runs
    }
    return state.withPath(boundary);
  }
}
