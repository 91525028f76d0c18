package dev.ctxlock.sync;

import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.internal.probe.LockProbes;
import java.util.Objects;

/**
 * The lock validator: the kernel's lockdep for ctxlock locks. Off unless the JVM runs with {@code
 * -Dctxlock.validate=throw} or {@code -Dctxlock.validate=warn} (read once, when ctxlock is first
 * used); when off, every hook is behind a constant that the JIT folds away.
 *
 * <p>When on, every acquisition and release of every ctxlock lock, of every backend and form
 * (handlers included), is tracked per thread. Locks are grouped in <em>classes</em>: the place in
 * the code that constructed them (the first stack frame outside the constructors of {@link Lock}
 * and its subclasses), so one report covers every lock built there. It reports, the first time it
 * becomes possible, and once per distinct violation (see {@link LockValidationException.Rule}):
 * potential deadlocks (a cycle in the order of lock classes, of any length), irq-unsafe locks,
 * sleeping in atomic context, and same-class nesting that was not declared. A successful {@code
 * tryLock} form adds its order edges but never reports a cycle: a try cannot deadlock.
 *
 * <p>With {@code throw}, the acquisition (or {@link CondVar} wait) that reveals a violation throws
 * {@link LockValidationException} with nothing taken or released; with {@code warn}, the report is
 * logged through {@link System.Logger} (logger {@code dev.ctxlock}, level WARNING) and the
 * acquisition goes on. In Maven Surefire:
 *
 * <pre>{@code
 * <plugin>
 *   <artifactId>maven-surefire-plugin</artifactId>
 *   <configuration><argLine>-Dctxlock.validate=throw</argLine></configuration>
 * </plugin>
 * }</pre>
 *
 * <h2>Declaring nesting</h2>
 *
 * <p>Taking two locks of one class at once is reported, because nothing orders them: two threads
 * could take them in opposite orders. Where the code does order them (a parent before its child,
 * a tree walked from the root), put the inner locks in a subclass of their class, the kernel's
 * {@code lockdep_set_subclass}; the validator then checks the order between the subclasses like any
 * other:
 *
 * <pre>{@code
 * Node child = new Node(...);
 * LockValidator.setSubclass(child.lock, depth);    // depth 0 for the root, 1 for its children...
 * }</pre>
 *
 * <p>{@link #setClass} instead names a lock's class explicitly, for locks constructed in one place
 * for unrelated uses (a factory method), the kernel's {@code lockdep_set_class_and_name}.
 *
 * <p>These classes are also the rows of {@link LockStat lock statistics}, so both methods act when
 * either tool is on.
 */
public final class LockValidator {

  private LockValidator() {}

  /** Returns whether the validator is on ({@code -Dctxlock.validate=throw} or {@code warn}). */
  public static boolean isEnabled() {
    return LockProbes.TRACKING && VALIDATING;
  }

  /** Whether the validator was loaded: its probe answers to its name. */
  private static final boolean VALIDATING = LockProbes.isLoaded("lockdep");

  /**
   * Puts {@code lock} in subclass {@code subclass} of its class (0 is the class itself). Locks of
   * one construction site in different subclasses may be held together, and their order is
   * validated like that of different classes. A no-op when neither the validator nor {@link
   * LockStat lock statistics} are on.
   *
   * @return {@code lock}
   * @throws IllegalArgumentException if {@code subclass} is negative
   * @throws IllegalStateException if the calling thread holds {@code lock}
   */
  public static <L extends Lock<?, ?>> L setSubclass(L lock, int subclass) {
    Objects.requireNonNull(lock, "lock");
    if (subclass < 0) {
      throw new IllegalArgumentException("subclass " + subclass + " < 0");
    }
    LockMap map = mapOf(lock);
    if (map != null) {
      map.setSubclass(subclass);
    }
    return lock;
  }

  /**
   * Puts {@code lock} in the class named {@code className} instead of its construction site's:
   * every lock given the same name is one class. A no-op when neither the validator nor {@link
   * LockStat lock statistics} are on.
   *
   * @return {@code lock}
   * @throws IllegalStateException if the calling thread holds {@code lock}
   */
  public static <L extends Lock<?, ?>> L setClass(L lock, String className) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(className, "className");
    LockMap map = mapOf(lock);
    if (map != null) {
      map.setClass(className);
    }
    return lock;
  }

  /**
   * The lock's map, after checking that this thread does not hold it (a class changed under a
   * held lock would unbalance the held-lock records); null when no tool tracks locks.
   */
  private static LockMap mapOf(Lock<?, ?> lock) {
    LockMap map = lock.map;
    if (map != null && lock.isHeldByCurrentThread()) {
      throw new IllegalStateException(
          "cannot change the validation class of " + lock + " while holding it");
    }
    return map;
  }
}
