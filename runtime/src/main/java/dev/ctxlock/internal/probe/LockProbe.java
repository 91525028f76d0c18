package dev.ctxlock.internal.probe;

import dev.ctxlock.internal.LocalCpu;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A tool that observes locks through the seam: the lock validator, the JFR contention event, lock
 * statistics, a deterministic scheduler. Every hook has an empty default, so a tool implements only
 * what it needs.
 *
 * <h2>The hooks, in the order of one acquisition</h2>
 *
 * <ol>
 *   <li>{@link #acquire}: before the backend is asked. A tool may throw to refuse the acquisition;
 *       nothing has been taken, and nothing is.
 *   <li>{@link #contended} / {@link #waited}: the first attempt found the lock busy, and the
 *       acquisition waits (never for a {@link #TRY}); {@code waited} follows on every way out.
 *   <li>{@link #acquired}: the backend took the lock. A tool may throw to refuse it after all (a
 *       rule that can only be checked once the lock is held, such as "held with interrupts
 *       enabled"); the lock then gives the lock back before the acquisition throws: tools report,
 *       the lock undoes.
 *   <li>{@link #released}: just before the backend releases ({@code Guard.close}, the start of a
 *       {@code callUnlocked} window or of a condition wait); {@link #restored} if that release
 *       failed and the lock is still held.
 * </ol>
 *
 * <p>{@link #acquire}, {@link #acquired}, {@link #released}, {@link #restored} and {@link
 * #beforeWait} are called only when some loaded tool {@link #tracksHolds() tracks holds}; {@link
 * #contended} and {@link #waited} always, from slow paths only. Hooks run on the acquiring thread,
 * which is an emulated CPU that may be inside an interrupt handler.
 */
public interface LockProbe {

  /** {@code lock()}, {@code lockWith()}: waits as long as it takes. */
  int LOCK = 0;
  /** {@code tryLock()}, {@code tryLockWith()}: never waits. */
  int TRY = 1;
  /** The timed {@code tryLock} forms: wait up to a deadline. */
  int TIMED = 2;
  /** {@code lockInterruptibly()}: waits until acquired or interrupted. */
  int INTERRUPTIBLE = 3;
  /** Taking the lock again after a {@code callUnlocked} window or a condition wait. */
  int RELOCK = 4;

  /**
   * What {@link #contended} may return to end a {@link #TIMED} acquisition's wait at once, as
   * timed out, without asking the backend (a scheduler that explores timeouts as choices). Ignored
   * for the other forms.
   */
  Object TIMED_OUT =
      new Object() {
        @Override
        public String toString() {
          return "TIMED_OUT";
        }
      };

  /** {@link #park}: this tool does not take the wait over; the thread parks as usual. */
  int NOT_HANDLED = -1;
  /** {@link #park}: the wait is over because its condition holds (or may: the caller re-checks). */
  int READY = 0;
  /** {@link #park}: a timed wait is over, as timed out. */
  int PARK_TIMED_OUT = 1;

  /** The tool's name, by which its API asks whether it is loaded ({@code "lockdep"}). */
  String name();

  /**
   * Whether this tool tracks locks from the start of the JVM (the validator), rather than only
   * once it is switched on with {@link LockProbes#activate} (a scheduler that runs only during an
   * exploration). Locks built while no such tool is active carry no {@link LockMap} and take the
   * untracked path for life, at the cost of one field check.
   */
  default boolean tracksFromStart() {
    return true;
  }

  /**
   * Whether this tool wants the hold hooks ({@link #acquire} ... {@link #beforeWait}). When no
   * loaded tool does, those hooks are never called and cost nothing.
   */
  default boolean tracksHolds() {
    return true;
  }

  /**
   * Whether this tool uses the acquiring thread's emulated CPU in {@link #acquire(LockMap,
   * BackendTraits, int, LocalCpu)} and {@link #acquired(LockMap, BackendTraits, int, int,
   * LocalCpu)}, or the interrupt levels an acquisition was observed to take. When no loaded tool
   * that tracks holds does, a tracked acquisition whose backend's levels are a known constant
   * looks up no CPU (a thread-local lookup saved): those hooks get a null CPU and the backend's
   * known levels, as the untracked path assumes them. A tool that only counts and times holds
   * answers false.
   */
  default boolean usesCpu() {
    return true;
  }

  /**
   * Whether this tool's hold hooks are light enough to compile into the code that takes a lock:
   * a few loads and stores, no CPU ({@link #usesCpu} false), no refusal. When every loaded tool
   * that tracks holds says so, a tracked acquisition of a backend whose interrupt levels are known
   * runs inline, as the untracked fast path does; otherwise every tracked acquisition runs in the
   * lock's out-of-line slow path, which keeps heavy hooks (the validator's) out of its callers'
   * compiled code, so that guards are still scalar-replaced. False unless a tool measured that it
   * gains.
   */
  default boolean holdHooksInline() {
    return false;
  }

  /** Before {@code lock} is taken by {@code taker} in {@code form}; may throw to refuse. */
  default void acquire(LockMap lock, BackendTraits taker, int form) {}

  /**
   * {@link #acquire(LockMap, BackendTraits, int)}, with the acquiring thread's emulated CPU, which
   * the lock has at hand: a tool that keeps per-thread data there ({@link LocalCpu#toolData})
   * needs no thread-local lookup. The seam calls this form; the default calls the other. {@code
   * cpu} is null only when no loaded tool {@link #usesCpu uses it}.
   */
  default void acquire(LockMap lock, BackendTraits taker, int form, @Nullable LocalCpu cpu) {
    acquire(lock, taker, form);
  }

  /**
   * {@code lock} is held now, taken by {@code taker} in {@code form}; the acquisition took {@code
   * irqLevels} interrupt-disable levels on this thread (observed: the level after minus the level
   * before). May throw to refuse: the lock is then given back.
   */
  default void acquired(LockMap lock, BackendTraits taker, int form, int irqLevels) {}

  /**
   * {@link #acquired(LockMap, BackendTraits, int, int)}, with the acquiring thread's emulated CPU
   * (see {@link #acquire(LockMap, BackendTraits, int, LocalCpu)}; null only when no loaded tool
   * {@link #usesCpu uses it}). The seam calls this form; the default calls the other.
   */
  default void acquired(
      LockMap lock, BackendTraits taker, int form, int irqLevels, @Nullable LocalCpu cpu) {
    acquired(lock, taker, form, irqLevels);
  }

  /** {@code lock} is about to be released (closed, or released for a window or a wait). */
  default void released(LockMap lock) {}

  /** A release of {@code lock} failed and it is still held: held again, as before. */
  default void restored(LockMap lock, BackendTraits taker, int irqLevels) {}

  /**
   * A condition wait on {@code condVar} is about to release {@code lock}; once released, this
   * thread keeps {@code irqLevelsKept} interrupt-disable levels. May throw to refuse the wait, with
   * nothing released.
   */
  default void beforeWait(LockMap lock, BackendTraits taker, int irqLevelsKept, Object condVar) {}

  /**
   * The calling thread is about to park until {@code ready} holds (a condition wait on {@code
   * blocker}, timed or not). A tool may take the wait over: block the thread itself and answer
   * {@link #READY} or {@link #PARK_TIMED_OUT}; else {@link #NOT_HANDLED}. Called only when some
   * tool tracks holds.
   */
  default int park(Object blocker, BooleanSupplier ready, boolean timed) {
    return NOT_HANDLED;
  }

  /**
   * A ctxlock operation that is neither an acquisition nor a release is about to run on this
   * thread: {@code what} ({@code "signal"}, {@code "disable"}, {@code "raise"}...) on {@code
   * subject}. A point where a tool may observe or schedule. Called only when some tool tracks
   * holds.
   */
  default void operation(String what, @Nullable Object subject) {}

  /**
   * The first attempt of an acquisition of the lock named {@code lockName} by {@code taker} found
   * it busy, and the thread is about to wait. {@code lock} is null when no tool tracks holds.
   *
   * @return what this tool wants back in {@link #waited}, or null
   */
  default @Nullable Object contended(@Nullable LockMap lock, String lockName, BackendTraits taker) {
    return null;
  }

  /**
   * The wait that {@link #contended} announced is over: {@code acquired} tells whether it got the
   * lock (else it timed out, was interrupted, or failed).
   */
  default void waited(@Nullable Object context, boolean acquired) {}
}
