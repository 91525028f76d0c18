package dev.ctxlock.errorprone;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.ERROR;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static dev.ctxlock.errorprone.CtxlockTrees.GUARD;
import static dev.ctxlock.errorprone.CtxlockTrees.isClass;
import static dev.ctxlock.errorprone.CtxlockTrees.isSubtype;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.BugPattern.StandardTags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.annotations.Immutable;
import com.google.errorprone.annotations.ImmutableTypeParameter;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.bugpatterns.threadsafety.ThreadSafety;
import com.google.errorprone.bugpatterns.threadsafety.WellKnownMutability;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.ClassSymbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ElementKind;
import javax.lang.model.type.TypeKind;
import org.jspecify.annotations.Nullable;

/**
 * The protected value read through a guard ({@code guard.get()}, or {@code lockedBy.get(guard)})
 * that outlives the guard: the Rust borrow checker's rule for the {@code &mut T} a guard lends.
 *
 * <p>The analysis runs over each method (lambdas in it included; a class declared in it is a
 * method of its own). A value is protected when it is read through a guard held in a local
 * variable, resource or parameter, and so are its aliases: locals assigned only protected values
 * (or {@code null}), the fields and array elements of a protected value, and the elements an
 * enhanced {@code for} takes from one. A protected value escapes when it is
 *
 * <ul>
 *   <li>used after the try-with-resources (or the try whose {@code finally} closes the guard) that
 *       closes its guard;
 *   <li>returned from the method or lambda that declares and closes its guard;
 *   <li>stored in a field or an array element (not one of the protected value itself), or added
 *       to a collection or map that is not protected and not a local of the guard's scope;
 *   <li>captured by a lambda, a bound method reference or an anonymous class that is handed to
 *       code that runs it on another thread or later (an executor, a thread, a {@code
 *       CompletableFuture}, a timer, {@code LocalInterrupts.raise}), stored in a field or a
 *       collection, returned, or run by {@code callUnlocked} / {@code runUnlocked} while the lock
 *       is released.
 * </ul>
 *
 * <p>Passing the value to a call made under the guard is fine: the call runs while the lock is
 * held. Values of types Error Prone's immutability analysis knows to be immutable (primitives and
 * their boxes, {@code String}, {@code java.time}, Guava's immutable collections, types annotated
 * {@code @Immutable}, with the user's {@code -XepOpt:Immutable:KnownImmutable}), enums, and
 * records whose components are all such, may escape: they cannot be changed without the lock.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "The value a guard protects must not outlive the guard: used after the guard is closed,"
            + " returned, stored, or captured by code that runs later, it is read and written"
            + " without the lock",
    severity = ERROR,
    tags = StandardTags.CONCURRENCY,
    linkType = CUSTOM,
    link = CtxlockTrees.DOCS + "CtxlockValueEscapesGuard.md")
public final class CtxlockValueEscapesGuard extends BugChecker implements MethodTreeMatcher {

  private static final long serialVersionUID = 1L;

  private static final String LOCKED_BY = "dev.ctxlock.sync.LockedBy";

  /** Methods of collections and maps that keep an argument. */
  private static final Set<String> STORING_METHODS =
      Set.of(
          "add",
          "addFirst",
          "addLast",
          "offer",
          "offerFirst",
          "offerLast",
          "push",
          "put",
          "putIfAbsent",
          "set",
          "addElement",
          "insertElementAt",
          "setElementAt");

  /**
   * Error Prone instantiates checks through this constructor (a plugin check is loaded as a
   * service, so it has no injected flags: the immutability analysis reads them from the state).
   */
  public CtxlockValueEscapesGuard() {}

  /** A local guard of the method, and where it is closed. */
  private static final class GuardInfo {
    final VarSymbol symbol;
    /** The method or lambda that declares the guard (for a parameter: the one it belongs to). */
    final Tree holder;
    /** Whether the holder opened the guard and closes it (a local or resource, not a parameter). */
    boolean held;
    /** The end of the statement after which the guard is closed, or -1 when it is not known. */
    int closedAt = -1;
    /** The tree of that statement (a try-with-resources, or a try whose finally closes it). */
    @Nullable Tree closingScope;

    GuardInfo(VarSymbol symbol, Tree holder) {
      this.symbol = symbol;
      this.holder = holder;
    }

    String name() {
      return symbol.getSimpleName().toString();
    }
  }

  @Override
  public Description matchMethod(MethodTree tree, VisitorState state) {
    if (tree.getBody() == null) {
      return NO_MATCH;
    }
    new Analysis(state).run();
    return NO_MATCH;
  }

  /** The analysis of one method. */
  private final class Analysis {
    private final VisitorState state;
    private final Map<VarSymbol, GuardInfo> guards = new LinkedHashMap<>();
    /** Locals that hold a protected value, with the guard it is read through. */
    private final Map<VarSymbol, GuardInfo> aliases = new HashMap<>();
    /** Where each local of the method is declared. */
    private final Map<VarSymbol, TreePath> declarations = new HashMap<>();
    /** What is assigned to each local (initializer and assignments), as paths. */
    private final Map<VarSymbol, List<TreePath>> assignedValues = new HashMap<>();
    private final Set<VarSymbol> forEachVariables = new HashSet<>();
    private final Map<VarSymbol, ExpressionTree> forEachSources = new HashMap<>();
    private final Set<Tree> reported = new HashSet<>();
    private @Nullable ThreadSafety threadSafety;

    Analysis(VisitorState state) {
      this.state = state;
    }

    void run() {
      TreePath root = state.getPath();
      collect(root);
      if (guards.isEmpty()) {
        return;
      }
      // Aliases, to a fixed point: a local is protected when every value it is given is
      // protected (or null) and one is.
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Map.Entry<VarSymbol, List<TreePath>> entry : assignedValues.entrySet()) {
          VarSymbol variable = entry.getKey();
          if (aliases.containsKey(variable) || guards.containsKey(variable)) {
            continue;
          }
          GuardInfo source = null;
          boolean all = true;
          for (TreePath value : entry.getValue()) {
            ExpressionTree expression = (ExpressionTree) value.getLeaf();
            if (CtxlockTrees.strip(expression).getKind() == Tree.Kind.NULL_LITERAL) {
              continue;
            }
            GuardInfo guard = protectedBy(expression);
            if (guard == null) {
              all = false;
              break;
            }
            source = guard;
          }
          if (all && source != null) {
            aliases.put(variable, source);
            changed = true;
          }
        }
        for (VarSymbol variable : forEachVariables) {
          if (!aliases.containsKey(variable)) {
            GuardInfo guard = protectedBy(forEachSources.get(variable));
            if (guard != null) {
              aliases.put(variable, guard);
              changed = true;
            }
          }
        }
      }
      findEscapes(root);
    }

    /** Records the method's locals, their values, and its guards. */
    private void collect(TreePath root) {
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitClass(ClassTree tree, Void unused) {
          return null; // a class declared in the method: its methods are analysed on their own
        }

        @Override
        public Void visitVariable(VariableTree tree, Void unused) {
          VarSymbol symbol = ASTHelpers.getSymbol(tree);
          if (symbol != null && CtxlockTrees.isLocal(symbol)) {
            declarations.put(symbol, getCurrentPath());
            if (tree.getInitializer() != null) {
              assignedValues
                  .computeIfAbsent(symbol, k -> new ArrayList<>())
                  .add(new TreePath(getCurrentPath(), tree.getInitializer()));
            }
            if (isSubtype(symbol.type, GUARD, state)) {
              TreePath holder = holderOf(getCurrentPath());
              if (holder != null) {
                GuardInfo guard = new GuardInfo(symbol, holder.getLeaf());
                guard.held = symbol.getKind() != ElementKind.PARAMETER;
                guards.put(symbol, guard);
              }
            }
          }
          return super.visitVariable(tree, null);
        }

        @Override
        public Void visitEnhancedForLoop(EnhancedForLoopTree tree, Void unused) {
          VarSymbol symbol = ASTHelpers.getSymbol(tree.getVariable());
          if (symbol != null) {
            forEachVariables.add(symbol);
            forEachSources.put(symbol, tree.getExpression());
          }
          return super.visitEnhancedForLoop(tree, null);
        }

        @Override
        public Void visitAssignment(AssignmentTree tree, Void unused) {
          Symbol target = ASTHelpers.getSymbol(CtxlockTrees.strip(tree.getVariable()));
          if (target instanceof VarSymbol variable && CtxlockTrees.isLocal(variable)) {
            assignedValues
                .computeIfAbsent(variable, k -> new ArrayList<>())
                .add(new TreePath(getCurrentPath(), tree.getExpression()));
          }
          return super.visitAssignment(tree, null);
        }
      }.scan(root, null);

      // Where each held guard is closed, and which guards this method lets go of.
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitClass(ClassTree tree, Void unused) {
          return null;
        }

        @Override
        public Void visitTry(TryTree tree, Void unused) {
          for (Tree resource : tree.getResources()) {
            VarSymbol closed =
                resource instanceof VariableTree declaration
                    ? ASTHelpers.getSymbol(declaration)
                    : CtxlockTrees.variable(resource);
            GuardInfo guard = closed == null ? null : guards.get(closed);
            if (guard != null && guard.closingScope == null) {
              guard.closingScope = tree;
              guard.closedAt = state.getEndPosition(tree);
            }
          }
          if (tree.getFinallyBlock() != null) {
            for (GuardInfo guard : guards.values()) {
              if (guard.closingScope == null && closes(tree.getFinallyBlock(), guard.symbol)) {
                guard.closingScope = tree;
                guard.closedAt = state.getEndPosition(tree);
              }
            }
          }
          return super.visitTry(tree, null);
        }

        @Override
        public Void visitReturn(ReturnTree tree, Void unused) {
          letsGo(tree.getExpression());
          return super.visitReturn(tree, null);
        }

        @Override
        public Void visitAssignment(AssignmentTree tree, Void unused) {
          Symbol target = ASTHelpers.getSymbol(CtxlockTrees.strip(tree.getVariable()));
          if (!(target instanceof VarSymbol variable && CtxlockTrees.isLocal(variable))) {
            letsGo(tree.getExpression());
          }
          return super.visitAssignment(tree, null);
        }
      }.scan(root, null);
    }

    /** A guard returned or stored elsewhere is not closed by this method: nor is its value. */
    private void letsGo(@Nullable ExpressionTree expression) {
      if (expression == null) {
        return;
      }
      VarSymbol variable = CtxlockTrees.variable(expression);
      GuardInfo guard = variable == null ? null : guards.get(variable);
      if (guard != null) {
        guard.held = false;
        guard.closedAt = -1;
      }
    }

    /** Whether {@code tree} calls {@code variable.close()}. */
    private boolean closes(Tree tree, VarSymbol variable) {
      boolean[] found = new boolean[1];
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          if (call.getMethodSelect() instanceof MemberSelectTree select
              && select.getIdentifier().contentEquals("close")
              && call.getArguments().isEmpty()
              && CtxlockTrees.variable(select.getExpression()) == variable) {
            found[0] = true;
          }
          return super.visitMethodInvocation(call, null);
        }
      }.scan(new TreePath(state.getPath(), tree), null);
      return found[0];
    }

    /**
     * The guard a protected value is read through, when {@code expression} is one: a {@code
     * guard.get()} or {@code lockedBy.get(guard)} on a guard of this method, a protected local, a
     * field or an element of a protected value; null otherwise.
     */
    private @Nullable GuardInfo protectedBy(@Nullable ExpressionTree expression) {
      if (expression == null) {
        return null;
      }
      ExpressionTree stripped = CtxlockTrees.strip(expression);
      if (stripped instanceof ConditionalExpressionTree conditional) {
        GuardInfo guard = protectedBy(conditional.getTrueExpression());
        return guard != null ? guard : protectedBy(conditional.getFalseExpression());
      }
      if (stripped instanceof MethodInvocationTree call) {
        return readThrough(call);
      }
      if (stripped instanceof ArrayAccessTree access) {
        return protectedBy(access.getExpression());
      }
      if (stripped instanceof MemberSelectTree select) {
        Symbol symbol = ASTHelpers.getSymbol(select);
        if (symbol instanceof VarSymbol field && field.getKind() == ElementKind.FIELD) {
          return protectedBy(select.getExpression());
        }
        return null;
      }
      if (stripped instanceof IdentifierTree) {
        Symbol symbol = ASTHelpers.getSymbol(stripped);
        return symbol instanceof VarSymbol variable ? aliases.get(variable) : null;
      }
      return null;
    }

    /** The guard of this method that {@code call} reads the protected value through, if it does. */
    private @Nullable GuardInfo readThrough(MethodInvocationTree call) {
      MethodSymbol method = CtxlockTrees.methodSymbol(call);
      if (method == null || method.isStatic() || !method.getSimpleName().contentEquals("get")) {
        return null;
      }
      ExpressionTree guardExpression;
      if (isClass(method.owner, GUARD) && call.getArguments().isEmpty()) {
        if (!(call.getMethodSelect() instanceof MemberSelectTree select)) {
          return null;
        }
        guardExpression = select.getExpression();
      } else if (isClass(method.owner, LOCKED_BY) && call.getArguments().size() == 1) {
        guardExpression = call.getArguments().get(0);
      } else {
        return null;
      }
      VarSymbol guard = CtxlockTrees.variable(guardExpression);
      return guard == null ? null : guards.get(guard);
    }

    /** Reports each place a protected value leaves its guard. */
    private void findEscapes(TreePath root) {
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitClass(ClassTree tree, Void unused) {
          // An anonymous class's captures are judged where it is created.
          return null;
        }

        @Override
        public Void visitNewClass(NewClassTree tree, Void unused) {
          if (tree.getClassBody() != null) {
            checkCapture(getCurrentPath());
          }
          return super.visitNewClass(tree, null);
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
          checkCapture(getCurrentPath());
          return super.visitLambdaExpression(tree, null);
        }

        @Override
        public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
          GuardInfo guard = protectedBy(tree.getQualifierExpression());
          if (guard != null && !isImmutable(ASTHelpers.getType(tree.getQualifierExpression()))) {
            String where = runsLater(getCurrentPath());
            if (where != null) {
              report(
                  tree,
                  String.format(
                      "This method reference is bound to the value %s protects and %s, when %s"
                          + " may no longer be held",
                      guard.name(),
                      where,
                      guard.name()));
            }
          }
          return super.visitMemberReference(tree, null);
        }

        @Override
        public Void visitReturn(ReturnTree tree, Void unused) {
          ExpressionTree value = tree.getExpression();
          GuardInfo guard = protectedBy(value);
          if (guard != null
              && guard.held
              && holderOf(getCurrentPath()) != null
              && holderOf(getCurrentPath()).getLeaf() == guard.holder
              && !isImmutable(ASTHelpers.getType(value))) {
            report(
                value,
                String.format(
                    "The value %s protects (a %s) is returned, but %s is closed before the caller"
                        + " gets it: the caller reads and writes it without the lock. Return a"
                        + " copy or an immutable snapshot, or do the work under the guard",
                    guard.name(),
                    typeName(value),
                    guard.name()));
          }
          return super.visitReturn(tree, null);
        }

        @Override
        public Void visitAssignment(AssignmentTree tree, Void unused) {
          ExpressionTree target = CtxlockTrees.strip(tree.getVariable());
          ExpressionTree value = tree.getExpression();
          GuardInfo guard = protectedBy(value);
          if (guard != null && !isImmutable(ASTHelpers.getType(value))) {
            if (target instanceof ArrayAccessTree access
                && protectedBy(access.getExpression()) == null) {
              report(
                  tree,
                  String.format(
                      "The value %s protects (a %s) is stored in an array element, which outlives"
                          + " %s: it is then read and written without the lock",
                      guard.name(), typeName(value), guard.name()));
            } else if (ASTHelpers.getSymbol(target) instanceof VarSymbol field
                && field.getKind() == ElementKind.FIELD
                && !(target instanceof MemberSelectTree select
                    && protectedBy(select.getExpression()) != null)) {
              report(
                  tree,
                  String.format(
                      "The value %s protects (a %s) is stored in field %s, which outlives %s: it"
                          + " is then read and written without the lock",
                      guard.name(), typeName(value), field.getSimpleName(), guard.name()));
            }
          }
          return super.visitAssignment(tree, null);
        }

        @Override
        public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
          checkCollectionStore(tree);
          return super.visitMethodInvocation(tree, null);
        }

        @Override
        public Void visitIdentifier(IdentifierTree tree, Void unused) {
          checkUseAfterClose(tree, getCurrentPath());
          return super.visitIdentifier(tree, null);
        }
      }.scan(root, null);
    }

    private void checkCollectionStore(MethodInvocationTree tree) {
      MethodSymbol method = CtxlockTrees.methodSymbol(tree);
      if (method == null
          || method.isStatic()
          || !STORING_METHODS.contains(method.getSimpleName().toString())
          || !(tree.getMethodSelect() instanceof MemberSelectTree select)) {
        return;
      }
      Type receiverType = ASTHelpers.getType(select.getExpression());
      if (!isSubtype(receiverType, "java.util.Collection", state)
          && !isSubtype(receiverType, "java.util.Map", state)) {
        return;
      }
      ExpressionTree receiver = select.getExpression();
      if (protectedBy(receiver) != null) {
        return; // stored into the protected value itself
      }
      for (ExpressionTree argument : tree.getArguments()) {
        GuardInfo guard = protectedBy(argument);
        if (guard == null || isImmutable(ASTHelpers.getType(argument))) {
          continue;
        }
        VarSymbol local = CtxlockTrees.variable(receiver);
        if (local != null && CtxlockTrees.isLocal(local) && declaredInScope(local, guard)) {
          continue; // a local collection of the guard's own scope dies with it
        }
        report(
            argument,
            String.format(
                "The value %s protects (a %s) is stored in a %s, which outlives %s: it is then"
                    + " read and written without the lock",
                guard.name(),
                typeName(argument),
                receiverType.tsym.getSimpleName(),
                guard.name()));
      }
    }

    /** Whether {@code local} is declared inside the scope that closes {@code guard}. */
    private boolean declaredInScope(VarSymbol local, GuardInfo guard) {
      TreePath declaration = declarations.get(local);
      if (declaration == null || guard.closingScope == null) {
        return false;
      }
      for (TreePath path = declaration; path != null; path = path.getParentPath()) {
        if (path.getLeaf() == guard.closingScope) {
          return true;
        }
      }
      return false;
    }

    private void checkUseAfterClose(IdentifierTree tree, TreePath path) {
      if (!(ASTHelpers.getSymbol(tree) instanceof VarSymbol variable)) {
        return;
      }
      GuardInfo guard = aliases.get(variable);
      if (guard == null || guard.closedAt < 0 || !guard.held) {
        return;
      }
      int position = ASTHelpers.getStartPosition(tree);
      if (position < guard.closedAt) {
        return;
      }
      TreePath parent = path.getParentPath();
      if (parent.getLeaf() instanceof AssignmentTree assignment
          && assignment.getVariable() == tree) {
        return; // given a new value, not used
      }
      if (isImmutable(variable.type) || !reportedVariables.add(variable)) {
        return;
      }
      report(
          tree,
          String.format(
              "%s holds the value %s protects (a %s), and is used here after %s is closed: it is"
                  + " read or written without the lock. Use it inside the guard's"
                  + " try-with-resources, or copy what you need there",
              variable.getSimpleName(),
              guard.name(),
              variable.type.tsym.getSimpleName(),
              guard.name()));
    }

    private final Set<VarSymbol> reportedVariables = new HashSet<>();

    /** A lambda, a bound reference or an anonymous class that captures a protected local. */
    private void checkCapture(TreePath codePath) {
      Tree code = codePath.getLeaf();
      Set<Symbol> inside = new HashSet<>();
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitVariable(VariableTree tree, Void unused) {
          inside.add(ASTHelpers.getSymbol(tree));
          return super.visitVariable(tree, null);
        }
      }.scan(codePath, null);
      VarSymbol[] captured = new VarSymbol[1];
      new TreePathScanner<Void, Void>() {
        @Override
        public Void visitIdentifier(IdentifierTree tree, Void unused) {
          if (captured[0] == null
              && ASTHelpers.getSymbol(tree) instanceof VarSymbol variable
              && aliases.containsKey(variable)
              && !inside.contains(variable)
              && !isImmutable(variable.type)) {
            captured[0] = variable;
          }
          return null;
        }
      }.scan(codePath, null);
      if (captured[0] == null) {
        return;
      }
      GuardInfo guard = aliases.get(captured[0]);
      String where = runsLater(codePath);
      if (where == null) {
        return;
      }
      report(
          code,
          String.format(
              "This %s captures %s, the value %s protects, and %s, when %s may no longer be held:"
                  + " the value is then read and written without the lock",
              code instanceof LambdaExpressionTree ? "lambda" : "anonymous class",
              captured[0].getSimpleName(),
              guard.name(),
              where,
              guard.name()));
    }

    /**
     * How the code at {@code codePath} can run later or elsewhere, or null when it runs in place
     * (passed to an ordinary call, kept in a local).
     */
    private @Nullable String runsLater(TreePath codePath) {
      TreePath path = codePath.getParentPath();
      Tree child = codePath.getLeaf();
      while (path != null
          && (path.getLeaf() instanceof ParenthesizedTree
              || path.getLeaf() instanceof TypeCastTree
              || path.getLeaf() instanceof ConditionalExpressionTree)) {
        child = path.getLeaf();
        path = path.getParentPath();
      }
      if (path == null) {
        return null;
      }
      Tree parent = path.getLeaf();
      if (parent instanceof ReturnTree) {
        return "is returned";
      }
      if (parent instanceof AssignmentTree assignment
          && assignment.getExpression() == child
          && ASTHelpers.getSymbol(assignment.getVariable()) instanceof VarSymbol target
          && target.getKind() == ElementKind.FIELD) {
        return "is stored in field " + target.getSimpleName();
      }
      MethodSymbol callee = null;
      ExpressionTree receiver = null;
      if (parent instanceof MethodInvocationTree call && call.getArguments().contains(child)) {
        callee = CtxlockTrees.methodSymbol(call);
        if (call.getMethodSelect() instanceof MemberSelectTree select) {
          receiver = select.getExpression();
        }
      } else if (parent instanceof NewClassTree newClass
          && newClass.getArguments().contains(child)) {
        callee = CtxlockTrees.methodSymbol(newClass);
      }
      if (callee == null) {
        return null;
      }
      String name = callee.getSimpleName().toString();
      if (isClass(callee.owner, GUARD)
          && (name.equals("callUnlocked") || name.equals("runUnlocked"))) {
        return "runs in " + name + ", while the lock is released";
      }
      if (CtxlockTrees.runsOnAnotherThread(callee, state)) {
        return "is passed to "
            + (callee.isConstructor()
                ? "new " + callee.owner.getSimpleName()
                : callee.owner.getSimpleName() + "." + name)
            + ", which may run it on another thread or after the guard is closed";
      }
      if (receiver != null
          && STORING_METHODS.contains(name)
          && (isSubtype(ASTHelpers.getType(receiver), "java.util.Collection", state)
              || isSubtype(ASTHelpers.getType(receiver), "java.util.Map", state))) {
        return "is stored in a collection";
      }
      return null;
    }

    private void report(Tree tree, String message) {
      if (reported.add(tree)) {
        state.reportMatch(buildDescription(tree).setMessage(message).build());
      }
    }

    private String typeName(ExpressionTree expression) {
      Type type = ASTHelpers.getType(expression);
      return type == null ? "value" : type.tsym.getSimpleName().toString();
    }

    /**
     * Whether values of {@code type} cannot change: what Error Prone's immutability analysis
     * accepts, enums, and records whose components are all immutable.
     */
    private boolean isImmutable(@Nullable Type type) {
      return isImmutable(type, new HashSet<>());
    }

    private boolean isImmutable(@Nullable Type type, Set<Symbol> seen) {
      if (type == null) {
        return false;
      }
      if (type.isPrimitive() || type.getKind() == TypeKind.NULL) {
        return true;
      }
      if (type.getKind() != TypeKind.DECLARED && type.getKind() != TypeKind.TYPEVAR
          && type.getKind() != TypeKind.ARRAY) {
        return false;
      }
      if (threadSafety == null) {
        threadSafety =
            ThreadSafety.builder()
                .setPurpose(ThreadSafety.Purpose.FOR_IMMUTABLE_CHECKER)
                .knownTypes(WellKnownMutability.fromFlags(state.errorProneOptions().getFlags()))
                .markerAnnotations(Set.of(Immutable.class.getName()))
                .typeParameterAnnotation(ImmutableTypeParameter.class)
                .build(state);
      }
      try {
        if (!threadSafety.isThreadSafeType(true, Set.of(), type).isPresent()) {
          return true;
        }
      } catch (RuntimeException e) {
        return false; // an analysis that cannot decide never reports as immutable
      }
      if (!(type.tsym instanceof ClassSymbol cls) || type.getKind() != TypeKind.DECLARED) {
        return false;
      }
      if (cls.getKind() == ElementKind.ENUM) {
        return true;
      }
      if (cls.getKind() == ElementKind.RECORD && seen.add(cls)) {
        for (Symbol member : ASTHelpers.getEnclosedElements(cls)) {
          if (!(member instanceof VarSymbol field) || field.isStatic()) {
            continue;
          }
          Type component = state.getTypes().memberType(type, field);
          if (!isImmutable(component, seen)) {
            return false;
          }
        }
        return true;
      }
      return false;
    }
  }

  /** The nearest enclosing method or lambda of {@code path}'s leaf (itself excluded), or null. */
  private static @Nullable TreePath holderOf(TreePath path) {
    for (TreePath p = path.getParentPath(); p != null; p = p.getParentPath()) {
      if (p.getLeaf() instanceof MethodTree || p.getLeaf() instanceof LambdaExpressionTree) {
        return p;
      }
      if (p.getLeaf() instanceof ClassTree) {
        return null;
      }
    }
    return null;
  }
}
