package dev.ctxlock.sync;

import com.google.errorprone.annotations.CheckReturnValue;
import com.google.errorprone.annotations.MustBeClosed;
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

  /** This lock's class for the lock validator; null when it is off (see {@link Validation}). */
  ValidationClass validationClass;

  /** Creates an unlocked lock over {@code data}, named after its class. */
  public Lock(B backend, T data) {
    this(backend, null, data);
  }

  /**
   * Creates an unlocked lock over {@code data}, named {@code name} in messages and {@code
   * toString()}.
   */
  public Lock(B backend, String name, T data) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.name = name != null ? name : getClass().getSimpleName();
    this.state = Objects.requireNonNull(backend.newState(), "backend.newState() returned null");
    this.data = data;
    if (state instanceof SpinLockState spin) {
      spin.lockName = this.name;
    } else if (state instanceof MutexState mutex) {
      mutex.lockName = this.name;
    }
    if (Validation.ON) {
      this.validationClass = Validation.classOf(this.name);
    }
  }

  /**
   * Acquires the lock, waiting as long as it takes, and returns the guard that releases it.
   *
   * @throws IllegalStateException if the calling thread already holds this lock (shipped backends)
   */
  @MustBeClosed
  public final Guard<T, B> lock() {
    Backend<Object> taker = erase(backendInstance());
    // Allocate before acquiring, here and in every acquisition: an OutOfMemoryError or
    // StackOverflowError thrown by the allocation then leaves the lock free, instead of held with
    // no guard to release it.
    Guard<T, B> guard = new Guard<>(this, taker, null);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.BLOCKING) : null;
    taker.lock(state);
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.BLOCKING);
    }
    return guard;
  }

  /**
   * Acquires the lock if it is free now.
   *
   * @return the guard, or {@code null} if the lock is busy (also when the calling thread holds it)
   */
  @CheckReturnValue
  @MustBeClosed
  public final @Nullable Guard<T, B> tryLock() {
    Backend<Object> taker = erase(backendInstance());
    Guard<T, B> guard = new Guard<>(this, taker, null);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.TRY) : null;
    if (!taker.tryLock(state)) {
      return null;
    }
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.TRY);
    }
    return guard;
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
  public final boolean isHeldByCurrentThread() {
    Object s = state;
    if (s instanceof SpinLockState spin) {
      return spin.isHeldBy(Thread.currentThread());
    }
    if (s instanceof MutexState mutex) {
      return mutex.sync.heldByCurrentThread();
    }
    // A user backend: its assertIsHeld is the only check it has.
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
    return context instanceof ContextToken token
        ? lockContextual(contextual, token)
        : lockContextual(contextual, (Object) context);
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
    return context instanceof ContextToken token
        ? tryLockContextual(contextual, token)
        : tryLockContextual(contextual, (Object) context);
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
    Objects.requireNonNull(timeout, "timeout");
    CB contextual = checkWitness(with, context);
    return context instanceof ContextToken token
        ? tryLockContextual(contextual, token, timeout)
        : tryLockContextual(contextual, (Object) context, timeout);
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
    token.checkUsable();
    Backend<Object> taker = erase(contextual);
    Guard<T, CB> guard = new Guard<>(this, taker, token);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.BLOCKING) : null;
    taker.lock(state);
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.BLOCKING); // a report gives the lock back
    }
    // A field update in a method small enough to inline: nothing can fail between the
    // acquisition and the count.
    token.countGuard();
    return guard;
  }

  /** Like {@link #lockContextual(Backend, ContextToken)}, but only if the lock is free now. */
  @CheckReturnValue
  @MustBeClosed
  protected final <CB extends Backend<?>> @Nullable Guard<T, CB> tryLockContextual(
      CB contextual, ContextToken token) {
    Objects.requireNonNull(token, "context");
    token.checkUsable();
    Backend<Object> taker = erase(contextual);
    Guard<T, CB> guard = new Guard<>(this, taker, token);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.TRY) : null;
    if (!taker.tryLock(state)) {
      return null;
    }
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.TRY);
    }
    token.countGuard();
    return guard;
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
    if (context instanceof ContextToken token) {
      return lockContextual(contextual, token);
    }
    Backend<Object> taker = erase(contextual);
    Guard<T, CB> guard = new Guard<>(this, taker, null);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.BLOCKING) : null;
    taker.lock(state);
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.BLOCKING);
    }
    return guard;
  }

  /** Like {@link #lockContextual(Backend, Object)}, but only if the lock is free now. */
  @CheckReturnValue
  @MustBeClosed
  protected final <CB extends Backend<?>> @Nullable Guard<T, CB> tryLockContextual(
      CB contextual, Object context) {
    Objects.requireNonNull(context, "context");
    if (context instanceof ContextToken token) {
      return tryLockContextual(contextual, token);
    }
    Backend<Object> taker = erase(contextual);
    Guard<T, CB> guard = new Guard<>(this, taker, null);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.TRY) : null;
    if (!taker.tryLock(state)) {
      return null;
    }
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.TRY);
    }
    return guard;
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
    token.checkUsable();
    TimedBackend<Object> taker = eraseTimed(contextual);
    Guard<T, CB> guard = new Guard<>(this, taker, token);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.TIMED_TRY) : null;
    if (!taker.tryLock(state, nanos)) {
      return null;
    }
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.TIMED_TRY);
    }
    token.countGuard();
    return guard;
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
    if (context instanceof ContextToken token) {
      return tryLockContextual(contextual, token, timeout);
    }
    long nanos = toNanos(timeout);
    TimedBackend<Object> taker = eraseTimed(contextual);
    Guard<T, CB> guard = new Guard<>(this, taker, null);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.TIMED_TRY) : null;
    if (!taker.tryLock(state, nanos)) {
      return null;
    }
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.TIMED_TRY);
    }
    return guard;
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
    TimedBackend<Object> taker = eraseTimed(backendInstance());
    Guard<T, B> guard = new Guard<>(this, taker, null);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.TIMED_TRY) : null;
    if (!taker.tryLock(state, nanos)) {
      return null;
    }
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.TIMED_TRY);
    }
    return guard;
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
    TimedBackend<Object> taker = eraseTimed(backendInstance());
    Guard<T, B> guard = new Guard<>(this, taker, null);
    HeldLocks held =
        Validation.ON ? Validation.beforeAcquire(this, taker, Validation.BLOCKING) : null;
    taker.lockInterruptibly(state);
    if (Validation.ON) {
      Validation.acquired(held, this, taker, Validation.BLOCKING);
    }
    return guard;
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
    Class<?> c = backend instanceof Enum<?> e ? e.getDeclaringClass() : backend.getClass();
    return c.getName();
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
