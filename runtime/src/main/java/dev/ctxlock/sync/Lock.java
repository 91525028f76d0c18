package dev.ctxlock.sync;

import com.google.errorprone.annotations.CheckReturnValue;
import com.google.errorprone.annotations.MustBeClosed;
import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.probe.BackendTraits;
import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.LockProbes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A value of type {@code T} protected by a lock whose behavior a {@link Backend} {@code B} defines:
 * the kernel's {@code Lock<T, B>}.
 *
 * <pre>{@code
 * SpinLock<List<String>> names = new SpinLock<>("names", new ArrayList<>());
 * try (Guard<List<String>, SpinLockBackend> g = names.lock()) {
 *   g.get().add("x");
 * }
 * }</pre>
 *
 * <p>Backends annotated with {@code @WithContext} get a generated subclass (for example {@code
 * SpinLockIrq<T>}) with the context-taking fast path {@code lockWith(context)}; any lock can also
 * be taken through a generated witness with {@link #lockWith(BackendWithContext, Object)}.
 *
 * <h2>Memory model</h2>
 *
 * <p>The protected value lives in a plain field. Every write made under the lock happens-before
 * every read made after the next acquisition, because backends acquire with acquire semantics and
 * release with release semantics ({@link Backend#lock}). Reading the value without the lock is a
 * data race; {@link Guard} is the only way in.
 *
 * <p>The shipped backends are not reentrant: a thread that takes a lock it already holds gets
 * {@link IllegalStateException} from {@code lock()} / {@code lockWith()} instead of hanging, and
 * {@code null} from {@code tryLock()} / {@code tryLockWith()}.
 *
 * <h2>One acquisition core</h2>
 *
 * <p>Every exported form ({@code lock}, {@code tryLock}, the timed and interruptible ones, and the
 * {@code lockWith} forms, generated or generic) is one call of a single core, with its form a
 * constant at the call site, as every {@code Lock} of {@code java.util.concurrent} is one AQS
 * acquire: the JIT inlines the core into each form and folds the branches of the others away. The
 * core allocates the guard first, makes a first attempt with the backend's {@code tryLock}, and
 * only if that finds the lock busy reports contention to the instrumentation seam and waits with
 * the backend's blocking form. So a contended acquisition is seen the same way for every backend,
 * users' included, and costs nothing more when uncontended. When a tool tracks locks (the
 * validator), the core also reports the acquisition to it, observes the interrupt levels the
 * backend took, and gives the lock back if the tool refuses it.
 *
 * @param <T> the protected value's type
 * @param <B> the backend
 */
public class Lock<T, B extends Backend<?>> {

  private final B backend;

  /**
   * The backend's state for this lock, created by {@link #backend}; only ever passed back to it
   * (erased, see {@link #erase}) or to a contextual backend of exactly the same state type.
   */
  final Object state;

  private final String name;

  /** The protected value: read and written only through a {@link Guard}, under the lock. */
  T data;

  /**
   * What tools see of this lock (its name and class), when some tool tracks locks; else null.
   * The kernel's {@code lockdep_map}.
   */
  final @Nullable LockMap map;

  /**
   * The traits of {@link #backend}: for the tools' hooks, and for the interrupt levels on the
   * untracked path (see {@link #levelsKnown}).
   */
  private final BackendTraits ownTraits;

  /**
   * The traits of the first contextual backend this lock was taken with, with that backend: the
   * untracked path's check for {@code lockWith} (see {@link #levelsKnown}). A plain field: a
   * stale read only costs a lookup.
   */
  private @Nullable ContextualTraits contextualTraits;

  private record ContextualTraits(Backend<?> backend, BackendTraits traits) {}

  /** Creates an unlocked lock over {@code data}, named after its class. */
  public Lock(B backend, T data) {
    this(backend, null, data);
  }

  /**
   * Creates an unlocked lock over {@code data}, named {@code name} in messages and {@code
   * toString()}.
   */
  @SuppressWarnings("this-escape") // the map keeps the lock weakly; see below
  public Lock(B backend, String name, T data) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.name = name != null ? name : getClass().getSimpleName();
    this.state = Objects.requireNonNull(backend.newState(), "backend.newState() returned null");
    this.data = data;
    boolean tracked = LockProbes.tracking();
    // The map keeps this lock weakly, for tools that keep the map longer (the lock statistics
    // keep its counts); nothing reads the lock through it while the lock is constructed.
    this.map = tracked ? LockMap.ofNewLock(this.name, Lock.class, this) : null;
    this.ownTraits = Backends.traits(backend);
  }

  /**
   * Acquires the lock, waiting as long as it takes, and returns the guard that releases it.
   *
   * @throws IllegalStateException if the calling thread already holds this lock (shipped backends)
   */
  @MustBeClosed
  public final Guard<T, B> lock() {
    return this.<B, RuntimeException>acquire(backendInstance(), null, LockProbe.LOCK, 0L);
  }

  /**
   * Acquires the lock if it is free now.
   *
   * @return the guard, or {@code null} if the lock is busy (also when the calling thread holds it)
   */
  @CheckReturnValue
  @MustBeClosed
  public final @Nullable Guard<T, B> tryLock() {
    return this.<B, RuntimeException>acquire(backendInstance(), null, LockProbe.TRY, 0L);
  }

  /** Returns the name given at construction, or the lock's class name. */
  public final String name() {
    return name;
  }

  /** Returns the backend. */
  public final B backend() {
    return backend;
  }

  /**
   * Checks, with the backend's own check, that the calling thread holds this lock (through any
   * guard: {@code lock()}, {@code lockWith()} or a witness). The kernel's {@code
   * Guard::assert_is_held}; for code that must only run under the lock:
   *
   * <pre>{@code
   * void refill(SpinLock<Pool> pool) {
   *   pool.assertIsHeld();   // the caller took the lock
   *   ...
   * }
   * }</pre>
   *
   * @throws IllegalStateException if the calling thread does not hold this lock
   */
  public final void assertIsHeld() {
    erase(backend).assertIsHeld(state);
  }

  /**
   * Returns whether the calling thread holds this lock, through any guard. For assertions and
   * diagnostics, like {@code ReentrantLock.isHeldByCurrentThread()}: the answer about another
   * thread's locks could be stale at once, so there is none.
   *
   * <pre>{@code
   * assert stats.isHeldByCurrentThread() : "call with stats locked";
   * }</pre>
   */
  @SuppressWarnings("unchecked") // the backend's own state (see erase)
  public final boolean isHeldByCurrentThread() {
    if (backend instanceof HeldQuery<?> query) {
      return ((HeldQuery<Object>) query).isHeldByCurrentThread(state);
    }
    // A backend that does not answer: its assertIsHeld is the only check it has.
    try {
      erase(backend).assertIsHeld(state);
      return true;
    } catch (IllegalStateException notHeld) {
      return false;
    }
  }

  /**
   * The generic (trait-style) fast path: takes the lock with {@code with.contextual()} over the
   * same state, because the caller proves {@code context}. Example:
   *
   * <pre>{@code
   * try (Guard<Stats, SpinLockBackend> g =
   *     stats.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)) {
   *   g.get().count++;
   * }
   * }</pre>
   *
   * <p>When {@code context} is a {@link ContextToken}, it must be open and belong to this thread,
   * and it cannot be closed before the returned guard.
   *
   * @throws NullPointerException if {@code context} is null
   * @throws IllegalArgumentException if {@code with} is a witness of another backend, or {@code
   *     context} is not a {@code with.contextType()}
   * @throws IllegalStateException if the token is closed or another thread's, or this thread holds
   *     the lock already
   */
  @MustBeClosed
  public final <C, CB extends Backend<?>> Guard<T, CB> lockWith(
      BackendWithContext<B, C, CB> with, C context) {
    CB contextual = checkWitness(with, context);
    return this.<CB, RuntimeException>acquire(contextual, tokenOf(context), LockProbe.LOCK, 0L);
  }

  /**
   * Like {@link #lockWith(BackendWithContext, Object)}, but only if the lock is free now.
   *
   * @return the guard, or {@code null} if the lock is busy
   */
  @CheckReturnValue
  @MustBeClosed
  public final <C, CB extends Backend<?>> @Nullable Guard<T, CB> tryLockWith(
      BackendWithContext<B, C, CB> with, C context) {
    CB contextual = checkWitness(with, context);
    return this.<CB, RuntimeException>acquire(contextual, tokenOf(context), LockProbe.TRY, 0L);
  }

  /**
   * Like {@link #tryLockWith(BackendWithContext, Object)}, but waits up to {@code timeout} for a
   * busy lock, for a contextual backend that is a {@link TimedBackend}:
   *
   * <pre>{@code
   * try (Guard<Stats, SpinLockBackend> g = stats.tryLockWith(
   *     SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff, Duration.ofMillis(5))) {
   *   if (g != null) {
   *     g.get().count++;
   *   }
   * }
   * }</pre>
   *
   * <p>A timeout or an interruption leaves the lock and the token as they were.
   *
   * @return the guard, or {@code null} if the lock stayed busy for {@code timeout} (also when
   *     this thread holds it)
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; its
   *     interrupt status is cleared
   * @throws NullPointerException if {@code context} or {@code timeout} is null
   * @throws IllegalArgumentException as {@link #lockWith(BackendWithContext, Object)}
   * @throws IllegalStateException if the token is closed or another thread's
   */
  @CheckReturnValue
  @MustBeClosed
  public final <C, CB extends TimedBackend<?>> @Nullable Guard<T, CB> tryLockWith(
      BackendWithContext<B, C, CB> with, C context, Duration timeout)
      throws InterruptedException {
    long nanos = toNanos(timeout);
    CB contextual = checkWitness(with, context);
    return this.<CB, InterruptedException>acquire(
        eraseTimed(contextual), tokenOf(context), LockProbe.TIMED, nanos);
  }

  private <C, CB extends Backend<?>> CB checkWitness(BackendWithContext<B, C, CB> with, C context) {
    Objects.requireNonNull(context, "context");
    if (with.backend() != backend) {
      throw new IllegalArgumentException(
          "witness " + with + " is for backend " + describe(with.backend()) + ", but " + name
              + " uses backend " + describe(backend));
    }
    if (!with.contextType().isInstance(context)) {
      throw new IllegalArgumentException(
          "context " + context.getClass().getName() + " is not a "
              + with.contextType().getName() + ", the context of witness " + with);
    }
    return with.contextual();
  }

  /**
   * Returns {@link #backend()}, for the hot paths of {@link #lock()} and {@link #tryLock()}.
   *
   * <p>Generated lock classes, {@link SpinLock} and {@link Mutex} override it to return their
   * backend's {@code INSTANCE}, a constant. Because they are final classes, a call through one of
   * them has a statically known backend, so the JIT inlines the backend's lock and unlock even
   * where the call sites shared in {@code Lock} and {@link Guard} have seen many backends (a real
   * application's profile). Through a plain {@code Lock}, the backend is read from a field.
   *
   * <p>Not API: an override must return the very backend passed to the constructor; a
   * hand-written override is outside the safety guarantee, like a hand-written use of {@link
   * #lockContextual}.
   */
  protected B backendInstance() {
    return backend;
  }

  // ---- The hook generated subclasses use. Not API: a hand-written caller is outside the
  // ---- safety guarantee, because only the processor checks that `contextual` runs over the
  // ---- same state type as this lock's backend.

  /**
   * Takes the lock with {@code contextual} for a caller that proves its context with {@code
   * token}: checks the token (open, this thread), acquires, and counts the guard against the
   * token. Generated {@code lockWith} methods call this overload when the context type extends
   * {@link ContextToken}.
   *
   * @param contextual a backend whose state type is exactly this lock's backend's (checked by
   *     the processor)
   */
  @MustBeClosed
  protected final <CB extends Backend<?>> Guard<T, CB> lockContextual(
      CB contextual, ContextToken token) {
    Objects.requireNonNull(token, "context");
    return this.<CB, RuntimeException>acquire(contextual, token, LockProbe.LOCK, 0L);
  }

  /** Like {@link #lockContextual(Backend, ContextToken)}, but only if the lock is free now. */
  @CheckReturnValue
  @MustBeClosed
  protected final <CB extends Backend<?>> @Nullable Guard<T, CB> tryLockContextual(
      CB contextual, ContextToken token) {
    Objects.requireNonNull(token, "context");
    return this.<CB, RuntimeException>acquire(contextual, token, LockProbe.TRY, 0L);
  }

  /**
   * Takes the lock with {@code contextual} for a caller that proves its context with {@code
   * context}, a type that does not extend {@link ContextToken}: checked for null only, unless the
   * object turns out to be a token anyway (an interface context type), which gets the token checks.
   */
  @MustBeClosed
  protected final <CB extends Backend<?>> Guard<T, CB> lockContextual(
      CB contextual, Object context) {
    Objects.requireNonNull(context, "context");
    return this.<CB, RuntimeException>acquire(contextual, tokenOf(context), LockProbe.LOCK, 0L);
  }

  /** Like {@link #lockContextual(Backend, Object)}, but only if the lock is free now. */
  @CheckReturnValue
  @MustBeClosed
  protected final <CB extends Backend<?>> @Nullable Guard<T, CB> tryLockContextual(
      CB contextual, Object context) {
    Objects.requireNonNull(context, "context");
    return this.<CB, RuntimeException>acquire(contextual, tokenOf(context), LockProbe.TRY, 0L);
  }

  /**
   * Like {@link #tryLockContextual(Backend, ContextToken)}, but waits up to {@code timeout} for a
   * busy lock. Generated {@code tryLockWith(context, timeout)} methods call this overload when the
   * context type extends {@link ContextToken}.
   */
  @CheckReturnValue
  @MustBeClosed
  protected final <CB extends TimedBackend<?>> @Nullable Guard<T, CB> tryLockContextual(
      CB contextual, ContextToken token, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(token, "context");
    long nanos = toNanos(timeout);
    return this.<CB, InterruptedException>acquire(
        eraseTimed(contextual), token, LockProbe.TIMED, nanos);
  }

  /**
   * Like {@link #tryLockContextual(Backend, Object)}, but waits up to {@code timeout} for a busy
   * lock.
   */
  @CheckReturnValue
  @MustBeClosed
  protected final <CB extends TimedBackend<?>> @Nullable Guard<T, CB> tryLockContextual(
      CB contextual, Object context, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(context, "context");
    long nanos = toNanos(timeout);
    return this.<CB, InterruptedException>acquire(
        eraseTimed(contextual), tokenOf(context), LockProbe.TIMED, nanos);
  }

  // ---- The hooks behind tryLock(Duration) and lockInterruptibly() on lock classes whose backend
  // ---- is a TimedBackend (SpinLock, Mutex, generated classes). Not API, like lockContextual.

  /**
   * Acquires the lock if it becomes free within {@code timeout}: the body of {@code
   * tryLock(Duration)} on {@link SpinLock}, {@link Mutex} and generated lock classes of timed
   * backends.
   *
   * @return the guard, or {@code null} if the lock stayed busy (also when this thread holds it)
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; its
   *     status is cleared and nothing changed
   * @throws UnsupportedOperationException if the backend is not a {@link TimedBackend}
   */
  @CheckReturnValue
  @MustBeClosed
  protected final @Nullable Guard<T, B> timedTryLock(Duration timeout)
      throws InterruptedException {
    long nanos = toNanos(timeout);
    return this.<B, InterruptedException>acquire(
        eraseTimed(backendInstance()), null, LockProbe.TIMED, nanos);
  }

  /**
   * Acquires the lock, waiting until it is free or the thread is interrupted: the body of {@code
   * lockInterruptibly()} on lock classes of timed backends.
   *
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; its
   *     status is cleared and nothing changed
   * @throws UnsupportedOperationException if the backend is not a {@link TimedBackend}
   */
  @MustBeClosed
  protected final Guard<T, B> interruptibleLock() throws InterruptedException {
    return this.<B, InterruptedException>acquire(
        eraseTimed(backendInstance()), null, LockProbe.INTERRUPTIBLE, 0L);
  }

  // ---- The acquisition core

  /**
   * Every acquisition: takes the lock with {@code backend} in {@code form} (a constant at every
   * call site, so the JIT keeps only that form's path), then allocates the guard. Returns null
   * when a {@link LockProbe#TRY} or {@link LockProbe#TIMED} form did not get the lock.
   *
   * <p>{@code X} is {@link InterruptedException} for the forms that wait interruptibly, else
   * {@link RuntimeException}: the core throws the checked exception only for forms that declare
   * it.
   *
   * <p>Failure atomicity: everything that can fail before the lock is taken (the release's stack
   * proof, {@link Guard#proveRelease}; the token check and the seam's {@code acquire}, in {@link
   * #take}) comes first; after it, the guard's allocation, which gives the lock back if it fails,
   * and a field update that cannot fail (the token's count).
   */
  private <CB extends Backend<?>, X extends Throwable> @Nullable Guard<T, CB> acquire(
      Backend<?> backend, @Nullable ContextToken token, int form, long nanos) throws X {
    Guard.proveRelease(this); // the release's calls, before anything changes: see Guard
    int taken = this.<X>take(backend, token, form, nanos);
    return taken < LEVELS_NOT_OBSERVED ? null : this.<CB>guardOf(backend, token, taken);
  }

  // Why the guard is allocated here, after the lock is taken, and not in the core.
  //
  // A guard costs nothing only if escape analysis removes it, which needs every method that
  // receives it inlined into the caller. The core (take) may be compiled apart, as it is whenever
  // it grows large (a tool that tracks locks inlines its hooks there), and it never sees the
  // guard. This method stays within C1's inlining limit (C1MaxInlineSize, 35 bytes of bytecode),
  // so that the caller's first, profiled compilation inlines it instead of calling it: a method
  // that is called gets hot and compiled on its own, with the core inlined, and C2 then refuses
  // to inline it anywhere ("already compiled into a big method"), so the guard it returns would
  // escape. guardOf, compiled on its own, stays small. So the guard of a try-with-resources is
  // scalar-replaced whether or not the core is inlined.
  //
  // Allocated after the acquisition's CAS, the guard's fields are also read back at parse time:
  // close() loads the backend that took the lock to call its unlock, and C2 decides inlining while
  // it parses, reading a field back from its store only if no memory barrier lies in between; the
  // CAS is one. Stored after it, the backend is the constant the lock class passed (shipped and
  // generated classes pass one), so its unlock is a call of a known class, inlined even where the
  // call site in Guard has seen many backends (-XX:+PrintInlining on
  // UncontendedPolluted.spinLock; docs/performance.md). An inlined release also needs no frame of
  // its own, so a stack overflow cannot cut it short (docs/guarantees.md). A failed try allocates
  // nothing.

  /** What {@link #take} returns when a try did not get the lock. */
  private static final int NOT_TAKEN = -2;

  /** What {@link #take} returns when it took the lock without observing the interrupt levels. */
  private static final int LEVELS_NOT_OBSERVED = -1;

  /**
   * What {@link #take} returns for a lock taken with {@code levels} observed: a backend whose
   * acquisition lowered the thread's level (a hostile one) took the lock all the same, so a
   * negative count is "not observed", never {@link #NOT_TAKEN}.
   */
  private static int taken(int levels) {
    return levels < 0 ? LEVELS_NOT_OBSERVED : levels;
  }

  /**
   * The guard of a lock just taken by {@code taker}, which took {@code levels} interrupt levels
   * (or {@link #LEVELS_NOT_OBSERVED}); counted on {@code token}. An {@link Error} thrown by the
   * allocation (an OutOfMemoryError) gives the lock back, as a tool's refusal does, and
   * propagates: nothing taken. The allocation's frames (the constructors) start no deeper than
   * the first attempt's, which the acquisition proved the stack holds ("Stack for the release").
   */
  private <CB extends Backend<?>> Guard<T, CB> guardOf(
      Backend<?> backend, @Nullable ContextToken token, int levels) {
    Backend<Object> taker = erase(backend);
    Guard<T, CB> guard;
    try {
      guard = new Guard<>(this, taker, token);
    } catch (Error e) {
      giveBack(taker, e);
      throw e;
    }
    if (levels >= 0) {
      guard.observedIrqLevels(levels);
    }
    if (token != null) {
      token.countGuard();
    }
    return guard;
  }

  /**
   * The core of every acquisition: checks the token (open, this thread) and takes the lock. The
   * fast path is the backend's first attempt; everything else is {@link #acquireSlow}.
   *
   * @return the interrupt levels the acquisition took, {@link #LEVELS_NOT_OBSERVED}, or {@link
   *     #NOT_TAKEN}
   */
  @SuppressWarnings("unchecked") // X: see acquire
  private <X extends Throwable> int take(
      Backend<?> backend, @Nullable ContextToken token, int form, long nanos) throws X {
    if (token != null) {
      token.checkUsable();
    }
    Backend<Object> taker = erase(backend);
    if (LockProbes.MAY_TRACK && map != null) {
      return LockProbes.HOLDS_INLINE && levelsKnown(taker)
          ? this.<X>acquireTrackedInline(taker, form, nanos)
          : this.<X>acquireSlow(taker, form, nanos, false);
    }
    if (!levelsKnown(taker)) {
      return this.<X>acquireSlow(taker, form, nanos, false);
    }
    if ((form == LockProbe.TIMED || form == LockProbe.INTERRUPTIBLE) && Thread.interrupted()) {
      throw (X) new InterruptedException();
    }
    if (tryLockAtReleaseDepth(taker, state)) {
      return LEVELS_NOT_OBSERVED;
    }
    return form == LockProbe.TRY ? NOT_TAKEN : this.<X>acquireSlow(taker, form, nanos, true);
  }

  // Interrupt levels on the untracked path. A CondVar wait must decide, before it releases
  // anything, whether releasing the guard gives back every level the thread holds; so it needs
  // the levels the guard's acquisition took. Where no tool tracks locks they are not observed at
  // every acquisition (that would cost a thread-local lookup each time): the backend's traits
  // stand for them once its acquisitions were seen to take a constant number. Until then, and for
  // a backend seen to decide per call, each acquisition observes itself on a path of its own
  // (acquireSlow). The check costs the fast path a plain field read (two, and a compare, for
  // a contextual backend).

  /** Whether {@code taker}'s levels are a known constant, so that its guards need not observe. */
  private boolean levelsKnown(Backend<Object> taker) {
    if (taker == backend) {
      return ownTraits.levelsConstant();
    }
    ContextualTraits last = contextualTraits;
    if (last != null && last.backend == taker) {
      return last.traits.levelsConstant();
    }
    return contextualLevelsKnown(taker);
  }

  /**
   * {@link #levelsKnown} for a contextual backend other than the cached one. Only the first
   * contextual backend is cached: a lock taken alternately with two (a class with two
   * {@code @WithContext} pairs) would otherwise allocate a new cache entry at every switch; the
   * second one is looked up each time instead.
   */
  private boolean contextualLevelsKnown(Backend<Object> taker) {
    BackendTraits traits = Backends.traits(taker);
    if (contextualTraits == null) {
      contextualTraits = new ContextualTraits(taker, traits);
    }
    return traits.levelsConstant();
  }

  // Stack for the release. A StackOverflowError is thrown at a call, when the new frame would
  // reach into the stack's guard zone; so a release cannot overflow if every call it makes
  // starts no deeper than some call the acquisition already made at the same depth, since a
  // try-with-resources closes at the depth where it opened. Guard.close reaches the backend's
  // unlock through close -> closeIfOpen -> closeOpen -> release, three frames below the frame
  // that corresponds to lock() -> acquire here; so the first attempt calls the backend's tryLock
  // (whose frames mirror unlock's in the shipped backends) through three frames as well: take and
  // the two helpers below. When the JIT compiles the core, these helpers are inlined and cost
  // nothing, and so are close's (it is built to be inlined whole): the compiled frames are the
  // same on both sides. Where the JIT inlines one side and not the other, no such mirror holds:
  // see docs/guarantees.md.

  /** The first attempt, three frames down with {@link #take}; see "Stack for the release". */
  private static boolean tryLockAtReleaseDepth(Backend<Object> taker, Object state) {
    return tryLockAtReleaseDepth2(taker, state);
  }

  private static boolean tryLockAtReleaseDepth2(Backend<Object> taker, Object state) {
    return taker.tryLock(state);
  }

  // The slow path is one method, as AQS's acquire is for every form. The fast path above is all
  // that callers compile in; this method is compiled on its own and called. It has to be: C2
  // inlines a hot method of up to FreqInlineSize (325) bytes of bytecode, and a tracked
  // acquisition inlines the tools' hooks besides, so a core that inlined it would compile too
  // large for its own callers to inline (InlineSmallCode), and the guard that acquire returns
  // would escape: an allocation per acquisition, and no scalar replacement, while a tool runs
  // (docs/performance.md, "Lock validator"). One method over that size keeps the tracked path
  // out of line whatever the JIT compiled first. LockCoreShapeTest checks the size. The one
  // tracked acquisition kept inline is for tools that declare their hold hooks light (a few loads
  // and stores: lock statistics), which gain more from inlining than from a call.

  /**
   * Every acquisition that is not the fast path: an acquisition some tool tracks (the seam's
   * {@code acquire} before, a refusal throwing with nothing taken; {@code acquired} after, a
   * refusal giving the lock back and throwing), one whose backend's interrupt levels are not known
   * yet (observed, so that the guard carries them and the backend's traits learn them), and the
   * wait of any acquisition whose first attempt found the lock busy (the seam's contention hooks
   * around the backend's blocking form).
   *
   * @param busy true when the caller's first attempt found the lock busy and only the wait is
   *     left (a plain acquisition, or a relock); false for a tracked or observed acquisition,
   *     which makes its own first attempt here
   * @return the interrupt levels taken (observed, or the backend's known ones where no tool uses
   *     the CPU: see {@link #trackingCpu}), {@link #LEVELS_NOT_OBSERVED} after a plain wait, or
   *     {@link #NOT_TAKEN} if a try or a timed wait did not get the lock
   */
  @SuppressWarnings("unchecked") // X: see acquire; the casts to TimedBackend: checked by eraseTimed
  private <X extends Throwable> int acquireSlow(
      Backend<Object> taker, int form, long nanos, boolean busy) throws X {
    LockMap m = null;
    BackendTraits traits = null;
    LocalCpu cpu = null;
    int before = 0;
    if (!busy) {
      if ((form == LockProbe.TIMED || form == LockProbe.INTERRUPTIBLE) && Thread.interrupted()) {
        throw (X) new InterruptedException();
      }
      traits = traitsOf(taker);
      if (LockProbes.MAY_TRACK && map != null) {
        m = map;
        cpu = trackingCpu(taker);
        LockProbes.acquire(m, traits, form, cpu);
      } else {
        cpu = LocalCpu.current(); // not tracked: here because the levels are not known
      }
      before = cpu == null ? 0 : cpu.depth();
      busy = !tryLockAtReleaseDepth(taker, state);
      if (busy && form == LockProbe.TRY) {
        return NOT_TAKEN;
      }
    }
    if (busy) {
      // The wait: reported to the seam, then the backend's blocking form.
      if (form == LockProbe.TIMED && nanos <= 0) {
        return NOT_TAKEN; // a try that may not wait: busy is not contention
      }
      Object wait = LockProbes.contended(map, name, traits != null ? traits : traitsOf(taker));
      if (form == LockProbe.TIMED && LockProbes.timedOut(wait)) {
        waited(wait, false); // a tool ended the wait as timed out, before the backend waited
        return NOT_TAKEN;
      }
      boolean acquired;
      try {
        if (form == LockProbe.TIMED) {
          acquired = ((TimedBackend<Object>) taker).tryLock(state, nanos);
        } else if (form == LockProbe.INTERRUPTIBLE) {
          ((TimedBackend<Object>) taker).lockInterruptibly(state);
          acquired = true;
        } else {
          taker.lock(state);
          acquired = true;
        }
      } catch (InterruptedException e) {
        waited(wait, false);
        throw (X) e;
      } catch (RuntimeException | Error e) {
        waited(wait, false);
        throw e;
      }
      waited(wait, acquired);
      if (!acquired) {
        return NOT_TAKEN;
      }
    }
    if (traits == null) {
      return LEVELS_NOT_OBSERVED; // a plain acquisition's wait
    }
    try {
      // Every call after the acquisition is inside: one that fails (a stack overflow, a tool's
      // refusal) gives the lock back, so that the acquisition fails with nothing taken.
      int levels;
      if (cpu != null) {
        levels = cpu.depth() - before;
        traits.observeIrqLevels(levels);
      } else {
        levels = knownLevels(traits);
      }
      if (m != null) {
        LockProbes.acquired(m, traits, form, levels, cpu);
      }
      return taken(levels);
    } catch (RuntimeException | Error refused) {
      undo(taker, refused);
      throw refused;
    }
  }

  /**
   * A tracked acquisition when every tool's hold hooks are light ({@link
   * LockProbes#HOLDS_INLINE}) and {@code taker}'s levels are known: {@link #acquireSlow}'s tracked
   * path without the CPU, small enough to compile into the callers, which the statistics gain
   * from; a busy lock's wait is still the slow path's.
   */
  @SuppressWarnings("unchecked") // X: see acquire
  private <X extends Throwable> int acquireTrackedInline(
      Backend<Object> taker, int form, long nanos) throws X {
    if ((form == LockProbe.TIMED || form == LockProbe.INTERRUPTIBLE) && Thread.interrupted()) {
      throw (X) new InterruptedException();
    }
    LockMap m = Objects.requireNonNull(map, "map");
    BackendTraits traits = traitsOf(taker);
    LockProbes.acquire(m, traits, form, null);
    if (!tryLockAtReleaseDepth(taker, state)
        && (form == LockProbe.TRY || this.<X>acquireSlow(taker, form, nanos, true) == NOT_TAKEN)) {
      return NOT_TAKEN;
    }
    try {
      int levels = knownLevels(traits); // see acquireSlow
      LockProbes.acquired(m, traits, form, levels, null);
      return taken(levels);
    } catch (RuntimeException | Error refused) {
      undo(taker, refused);
      throw refused;
    }
  }

  /**
   * The levels of a backend whose levels are known (see {@link #trackingCpu}); one seen to vary
   * since counts as not observed, never as {@link #NOT_TAKEN}.
   */
  private static int knownLevels(BackendTraits traits) {
    return Math.max(traits.irqLevels(), LEVELS_NOT_OBSERVED);
  }

  /**
   * Ends the wait the seam was told of. A tool that fails here (a stack overflow in JFR's commit)
   * must not turn a taken lock into a lost one: its failure is dropped, and only its record of
   * this wait is lost.
   */
  private static void waited(@Nullable Object wait, boolean acquired) {
    try {
      LockProbes.waited(wait, acquired);
    } catch (RuntimeException | Error e) {
      // See above: the acquisition's outcome stands.
    }
  }

  /**
   * The calling thread's CPU for a tracked acquisition with {@code taker}, or null when no loaded
   * tool uses it and {@code taker}'s interrupt levels are a known constant: then nothing needs
   * them observed (the fast path's assumption, see {@link #levelsKnown}), and the thread-local
   * lookup is saved. A constant branch where some tool uses the CPU (the validator).
   */
  private @Nullable LocalCpu trackingCpu(Backend<Object> taker) {
    return LockProbes.HOLDS_USE_CPU || !levelsKnown(taker)
        ? Objects.requireNonNull(map, "map").callerCpu()
        : null;
  }

  /**
   * The traits of {@code taker}: this lock's own backend's, or its cached contextual backend's,
   * without a lookup.
   */
  private BackendTraits traitsOf(Backend<?> taker) {
    if (taker == backend) {
      return ownTraits;
    }
    ContextualTraits last = contextualTraits;
    return last != null && last.backend == taker ? last.traits : Backends.traits(taker);
  }

  /**
   * Takes the lock again for {@code guard}, with {@code taker}, the backend that took it, after a
   * {@code callUnlocked} window or a condition wait: the backend's {@code relock}, between the
   * seam's hooks when a tool tracks locks. Unlike a first acquisition, a tool's refusal (before or
   * after the relock) keeps the lock: a window or a wait must end with the lock held again, so the
   * lock is taken again, held for the tools too, and the refusal returned, for the guard to stay
   * open (closing it releases) and throw it.
   *
   * @return null, or a tool's refusal that came once the lock was held again
   * @throws RuntimeException or Error if the lock was not taken again (or, for an Error, may have
   *     been: the guard asks)
   */
  final @Nullable RuntimeException reacquire(Guard<T, ?> guard, Backend<Object> taker) {
    if (!(LockProbes.MAY_TRACK && map != null)) {
      taker.relock(state);
      return null;
    }
    LockMap m = Objects.requireNonNull(map, "map");
    BackendTraits traits = traitsOf(taker);
    LocalCpu cpu = trackingCpu(taker);
    RuntimeException refused = null;
    try {
      LockProbes.acquire(m, traits, LockProbe.RELOCK, cpu);
    } catch (RuntimeException e) {
      refused = e; // reported; the lock is taken again all the same (see above)
    }
    int before = cpu == null ? 0 : cpu.depth();
    relockTracked(taker);
    int levels;
    if (cpu != null) {
      levels = cpu.depth() - before;
      traits.observeIrqLevels(levels);
      guard.observedIrqLevels(levels);
    } else {
      levels = traits.irqLevels(); // known: see trackingCpu
    }
    try {
      LockProbes.acquired(m, traits, LockProbe.RELOCK, levels, cpu);
    } catch (RuntimeException e) {
      if (refused == null) {
        refused = e;
      } else {
        refused.addSuppressed(e);
      }
      try {
        LockProbes.restored(m, traits, levels); // held after all, for the tools too
      } catch (RuntimeException | Error r) {
        refused.addSuppressed(r);
      }
    }
    return refused;
  }

  /**
   * Gives back a lock whose guard could not be allocated: released for the tools first (they
   * recorded it as held), then by its backend; failures there are suppressed.
   */
  private void giveBack(Backend<Object> taker, Throwable failure) {
    if (LockProbes.MAY_TRACK && map != null) {
      try {
        LockProbes.released(map);
      } catch (RuntimeException | Error e) {
        failure.addSuppressed(e);
      }
    }
    undo(taker, failure);
  }

  /**
   * The relock of {@link #reacquire} while tools track locks. A backend whose {@code relock} is
   * {@link Backend#relock}'s default (its {@code lock}) is asked as a first acquisition is: a first
   * attempt, and only if that finds the lock busy, the seam's contention hooks around the wait; so
   * a re-acquisition after a window or a condition wait is seen contended like any other (lock
   * statistics count it, the JFR event records it). A backend that overrides {@code relock}
   * restores its own state there, so its relock is called as it is, and is never seen contended.
   */
  private void relockTracked(Backend<Object> taker) {
    if (!Backends.relocksWithLock(taker)) {
      taker.relock(state);
    } else if (!tryLockAtReleaseDepth(taker, state)) {
      this.<RuntimeException>acquireSlow(taker, LockProbe.LOCK, 0L, true);
    }
  }

  /** Gives back a lock that a tool refused after it was taken; a failure there is suppressed. */
  private void undo(Backend<Object> taker, Throwable refused) {
    try {
      taker.unlock(state);
    } catch (RuntimeException | Error e) {
      refused.addSuppressed(e);
    }
  }

  /** {@code context} as a token, when it is one (then it gets the token checks), else null. */
  private static @Nullable ContextToken tokenOf(Object context) {
    return context instanceof ContextToken token ? token : null;
  }

  /** {@code timeout} in nanoseconds, saturated at {@code Long.MAX_VALUE} / {@code MIN_VALUE}. */
  private static long toNanos(Duration timeout) {
    return TimeUnit.NANOSECONDS.convert(Objects.requireNonNull(timeout, "timeout"));
  }

  /** {@link #erase} for a timed backend; same soundness argument. */
  @SuppressWarnings("unchecked")
  private TimedBackend<Object> eraseTimed(Backend<?> b) {
    if (!(b instanceof TimedBackend<?> timed)) {
      throw new UnsupportedOperationException(
          name + ": backend " + describe(b) + " is not a TimedBackend");
    }
    return (TimedBackend<Object>) timed;
  }

  /** A backend's type for messages: enum backends print as their class, not "INSTANCE". */
  static String describe(@Nullable Object backend) {
    if (backend == null) {
      return "null";
    }
    return Backends.declaringClass(backend).getName();
  }

  /**
   * Erases a backend's state type. Each caller says why the state it passes is the backend's own:
   * here, either the lock's backend (which created {@link #state}) or a contextual backend that
   * the processor checked has exactly the same state type.
   */
  @SuppressWarnings("unchecked")
  private static Backend<Object> erase(Backend<?> backend) {
    return (Backend<Object>) Objects.requireNonNull(backend, "backend");
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + "]";
  }
}
