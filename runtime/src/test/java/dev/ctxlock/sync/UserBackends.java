package dev.ctxlock.sync;

import com.google.errorprone.annotations.CheckReturnValue;
import com.google.errorprone.annotations.MustBeClosed;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Backends as users write them, for the tests that pin SPEC's "Backends declare how they wait":
 * every rule about sleeping and atomic context (the validator, CondVar, the JFR event's label)
 * reads {@link Waits}, so a user backend that declares {@code SPIN} gets every rule a {@link
 * SpinLock} gets, one that declares {@code SLEEP} every rule a {@link Mutex} gets, and one without
 * {@link Waits} none of them. Each backend is a stateless enum singleton, as {@link Backend} asks.
 *
 * <p>Also here: {@link UserLock}, a lock class with the timed and interruptible forms for any
 * timed backend (as generated lock classes have them); {@link Witness}, a hand-written {@link
 * BackendWithContext} to drive the generic {@code lockWith} forms; and {@link Fixture}, one backend
 * with its witnesses, which the parameterized tests iterate over.
 */
final class UserBackends {

  private UserBackends() {}

  // ---- A probe: releases made by user backends on each thread

  private static final ThreadLocal<long[]> RELEASES = ThreadLocal.withInitial(() -> new long[1]);

  /**
   * How many times a user backend of this file released a lock on the calling thread: a test that
   * must release nothing (a refused CondVar wait) checks that this count does not move.
   */
  static long releasesOnThisThread() {
    return RELEASES.get()[0];
  }

  private static void released() {
    RELEASES.get()[0]++;
  }

  // ---- Backends

  /** A spin lock that delegates every method to {@link SpinLockBackend}. */
  @Waits(WaitType.SPIN)
  enum SpinDelegate implements TimedBackend<SpinLockState> {
    INSTANCE;

    private static final SpinLockBackend D = SpinLockBackend.INSTANCE;

    @Override
    public SpinLockState newState() {
      return D.newState();
    }

    @Override
    public void lock(SpinLockState state) {
      D.lock(state);
    }

    @Override
    public boolean tryLock(SpinLockState state) {
      return D.tryLock(state);
    }

    @Override
    public void unlock(SpinLockState state) {
      D.unlock(state);
      released();
    }

    @Override
    public void relock(SpinLockState state) {
      D.relock(state);
    }

    @Override
    public void assertIsHeld(SpinLockState state) {
      D.assertIsHeld(state);
    }

    @Override
    public boolean tryLock(SpinLockState state, long timeoutNanos) throws InterruptedException {
      return D.tryLock(state, timeoutNanos);
    }

    @Override
    public void lockInterruptibly(SpinLockState state) throws InterruptedException {
      D.lockInterruptibly(state);
    }
  }

  /**
   * An irq spin lock that delegates every method to {@link SpinLockIrqBackend}: {@code lock}
   * disables local interrupts (one level), {@code unlock} re-enables them.
   */
  @Waits(WaitType.SPIN)
  enum IrqDelegate implements TimedBackend<SpinLockState> {
    INSTANCE;

    private static final SpinLockIrqBackend D = SpinLockIrqBackend.INSTANCE;

    @Override
    public SpinLockState newState() {
      return D.newState();
    }

    @Override
    public void lock(SpinLockState state) {
      D.lock(state);
    }

    @Override
    public boolean tryLock(SpinLockState state) {
      return D.tryLock(state);
    }

    @Override
    public void unlock(SpinLockState state) {
      D.unlock(state);
      released();
    }

    @Override
    public void relock(SpinLockState state) {
      D.relock(state);
    }

    @Override
    public void assertIsHeld(SpinLockState state) {
      D.assertIsHeld(state);
    }

    @Override
    public boolean tryLock(SpinLockState state, long timeoutNanos) throws InterruptedException {
      return D.tryLock(state, timeoutNanos);
    }

    @Override
    public void lockInterruptibly(SpinLockState state) throws InterruptedException {
      D.lockInterruptibly(state);
    }
  }

  /** A spin lock over its own state: a CAS of the owner thread, spinning then parking briefly. */
  @Waits(WaitType.SPIN)
  enum OwnSpin implements TimedBackend<OwnSpinState> {
    INSTANCE;

    @Override
    public OwnSpinState newState() {
      return new OwnSpinState();
    }

    @Override
    public void lock(OwnSpinState state) {
      state.lock();
    }

    @Override
    public boolean tryLock(OwnSpinState state) {
      return state.tryLock();
    }

    @Override
    public void unlock(OwnSpinState state) {
      state.unlock();
      released();
    }

    @Override
    public void assertIsHeld(OwnSpinState state) {
      state.assertIsHeld();
    }

    @Override
    public boolean tryLock(OwnSpinState state, long timeoutNanos) throws InterruptedException {
      return state.tryLock(timeoutNanos);
    }

    @Override
    public void lockInterruptibly(OwnSpinState state) throws InterruptedException {
      state.lockInterruptibly();
    }
  }

  /** A sleeping lock that delegates every method to {@link MutexBackend}. */
  @Waits(WaitType.SLEEP)
  enum SleepDelegate implements TimedBackend<MutexState> {
    INSTANCE;

    private static final MutexBackend D = MutexBackend.INSTANCE;

    @Override
    public MutexState newState() {
      return D.newState();
    }

    @Override
    public void lock(MutexState state) {
      D.lock(state);
    }

    @Override
    public boolean tryLock(MutexState state) {
      return D.tryLock(state);
    }

    @Override
    public void unlock(MutexState state) {
      D.unlock(state);
      released();
    }

    @Override
    public void relock(MutexState state) {
      D.relock(state);
    }

    @Override
    public void assertIsHeld(MutexState state) {
      D.assertIsHeld(state);
    }

    @Override
    public boolean tryLock(MutexState state, long timeoutNanos) throws InterruptedException {
      return D.tryLock(state, timeoutNanos);
    }

    @Override
    public void lockInterruptibly(MutexState state) throws InterruptedException {
      D.lockInterruptibly(state);
    }
  }

  /** A sleeping lock over its own state: a one-permit {@link Semaphore} and its owner. */
  @Waits(WaitType.SLEEP)
  enum OwnSleep implements TimedBackend<OwnSleepState> {
    INSTANCE;

    @Override
    public OwnSleepState newState() {
      return new OwnSleepState();
    }

    @Override
    public void lock(OwnSleepState state) {
      state.checkNotHeld();
      state.permit.acquireUninterruptibly();
      state.owner = Thread.currentThread();
    }

    @Override
    public boolean tryLock(OwnSleepState state) {
      if (!state.permit.tryAcquire()) {
        return false;
      }
      state.owner = Thread.currentThread();
      return true;
    }

    @Override
    public void unlock(OwnSleepState state) {
      if (state.owner != Thread.currentThread()) {
        throw new IllegalStateException("unlock: the OwnSleep lock is not held by this thread");
      }
      state.owner = null;
      state.permit.release();
      released();
    }

    @Override
    public void assertIsHeld(OwnSleepState state) {
      if (state.owner != Thread.currentThread()) {
        throw new IllegalStateException("assertIsHeld: the OwnSleep lock is not held by this thread");
      }
    }

    @Override
    public boolean tryLock(OwnSleepState state, long timeoutNanos) throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (state.owner == Thread.currentThread()) {
        return false; // not reentrant: waiting for itself would only time out
      }
      if (!state.permit.tryAcquire(Math.max(0L, timeoutNanos), TimeUnit.NANOSECONDS)) {
        return false;
      }
      state.owner = Thread.currentThread();
      return true;
    }

    @Override
    public void lockInterruptibly(OwnSleepState state) throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      state.checkNotHeld();
      state.permit.acquire();
      state.owner = Thread.currentThread();
    }
  }

  /**
   * A lock over its own state (the same protocol as {@link OwnSpin}) that declares no {@link
   * Waits}: of unknown wait type, so no rule counts holding it as atomic context, nor taking it as
   * sleeping.
   */
  enum Undeclared implements TimedBackend<UndeclaredState> {
    INSTANCE;

    @Override
    public UndeclaredState newState() {
      return new UndeclaredState();
    }

    @Override
    public void lock(UndeclaredState state) {
      state.lock();
    }

    @Override
    public boolean tryLock(UndeclaredState state) {
      return state.tryLock();
    }

    @Override
    public void unlock(UndeclaredState state) {
      state.unlock();
      released();
    }

    @Override
    public void assertIsHeld(UndeclaredState state) {
      state.assertIsHeld();
    }

    @Override
    public boolean tryLock(UndeclaredState state, long timeoutNanos) throws InterruptedException {
      return state.tryLock(timeoutNanos);
    }

    @Override
    public void lockInterruptibly(UndeclaredState state) throws InterruptedException {
      state.lockInterruptibly();
    }
  }

  // ---- States of the hand-written backends

  /**
   * A lock word naming its owner thread: acquired by a CAS from null, waited for by spinning on
   * {@link Thread#onSpinWait} and then parking for growing, short intervals. Not reentrant.
   */
  abstract static class OwnerWord {
    private static final int SPINS = 64;
    private static final long MAX_PARK_NANOS = 500_000;

    private final AtomicReference<Thread> owner = new AtomicReference<>();

    boolean tryLock() {
      return owner.get() == null && owner.compareAndSet(null, Thread.currentThread());
    }

    void lock() {
      if (tryLock()) {
        return;
      }
      checkNotHeld();
      try {
        await(false, false, 0L);
      } catch (InterruptedException impossible) {
        throw new AssertionError("an uninterruptible wait was interrupted", impossible);
      }
    }

    void lockInterruptibly() throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (tryLock()) {
        return;
      }
      checkNotHeld();
      await(true, false, 0L);
    }

    boolean tryLock(long timeoutNanos) throws InterruptedException {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (tryLock()) {
        return true;
      }
      if (timeoutNanos <= 0 || owner.get() == Thread.currentThread()) {
        return false;
      }
      return await(true, true, System.nanoTime() + timeoutNanos);
    }

    void unlock() {
      if (!owner.compareAndSet(Thread.currentThread(), null)) {
        throw new IllegalStateException(
            "unlock: the " + getClass().getSimpleName() + " lock is not held by this thread");
      }
    }

    void assertIsHeld() {
      if (owner.get() != Thread.currentThread()) {
        throw new IllegalStateException(
            "assertIsHeld: the " + getClass().getSimpleName() + " lock is not held by this thread");
      }
    }

    private void checkNotHeld() {
      if (owner.get() == Thread.currentThread()) {
        throw new IllegalStateException(
            "thread " + Thread.currentThread().getName() + " already holds this "
                + getClass().getSimpleName() + " lock (not reentrant)");
      }
    }

    /**
     * Waits until acquired (true), the deadline passed (false, only when {@code timed}), or the
     * thread is interrupted ({@link InterruptedException} with the status cleared, only when
     * {@code interruptible}; otherwise the status is kept as found).
     */
    private boolean await(boolean interruptible, boolean timed, long deadline)
        throws InterruptedException {
      boolean interrupted = false;
      try {
        long park = 10_000;
        for (int i = 0; ; i++) {
          if (tryLock()) {
            return true;
          }
          if (Thread.interrupted()) {
            if (interruptible) {
              throw new InterruptedException();
            }
            interrupted = true;
          }
          long left = timed ? deadline - System.nanoTime() : Long.MAX_VALUE;
          if (left <= 0) {
            return false;
          }
          if (i < SPINS) {
            Thread.onSpinWait();
          } else {
            LockSupport.parkNanos(this, Math.min(park, left));
            park = Math.min(park * 2, MAX_PARK_NANOS);
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  /** {@link OwnSpin}'s state. */
  static final class OwnSpinState extends OwnerWord {}

  /** {@link Undeclared}'s state. */
  static final class UndeclaredState extends OwnerWord {}

  /** {@link OwnSleep}'s state: one permit, and the thread that holds it. */
  static final class OwnSleepState {
    final Semaphore permit = new Semaphore(1);
    volatile @Nullable Thread owner;

    void checkNotHeld() {
      if (owner == Thread.currentThread()) {
        throw new IllegalStateException(
            "thread " + Thread.currentThread().getName()
                + " already holds this OwnSleep lock (not reentrant)");
      }
    }
  }

  // ---- A lock class and witnesses for user backends

  /**
   * A lock of any timed backend with {@code tryLock(Duration)} and {@code lockInterruptibly()}, as
   * generated lock classes of timed backends have them, through the same protected hooks.
   */
  static final class UserLock<T, B extends TimedBackend<?>> extends Lock<T, B> {

    UserLock(B backend, String name, T data) {
      super(backend, name, data);
    }

    @CheckReturnValue
    @MustBeClosed
    @Nullable Guard<T, B> tryLock(Duration timeout) throws InterruptedException {
      return timedTryLock(timeout);
    }

    @MustBeClosed
    Guard<T, B> lockInterruptibly() throws InterruptedException {
      return interruptibleLock();
    }
  }

  /**
   * A hand-written witness that locks of {@code backend} can be taken with {@code contextual} by a
   * caller that proves {@code contextType}: outside ctxlock's safety guarantee, but it drives the
   * runtime's generic {@code lockWith} forms as a generated one does.
   */
  record Witness<B extends Backend<?>, C, CB extends Backend<?>>(
      B backend, Class<C> contextType, CB contextual) implements BackendWithContext<B, C, CB> {}

  /** A context that is not a {@link ContextToken}: proves nothing, gets no lifetime checks. */
  static final class Permit {
    static final Permit PERMIT = new Permit();

    private Permit() {}

    @Override
    public String toString() {
      return "Permit";
    }
  }

  // ---- Fixtures

  /** The ways a test takes a lock; the first five may wait, the last two never do. */
  enum Form {
    LOCK("lock()"),
    LOCK_INTERRUPTIBLY("lockInterruptibly()"),
    TRY_LOCK_TIMEOUT("tryLock(Duration)"),
    LOCK_WITH("lockWith(witness, permit)"),
    TRY_LOCK_WITH_TIMEOUT("tryLockWith(witness, permit, Duration)"),
    TRY_LOCK("tryLock()"),
    TRY_LOCK_WITH("tryLockWith(witness, permit)");

    /** Every form that may wait for the lock: the ones that sleep on a SLEEP backend. */
    static final List<Form> BLOCKING =
        List.of(LOCK, LOCK_INTERRUPTIBLY, TRY_LOCK_TIMEOUT, LOCK_WITH, TRY_LOCK_WITH_TIMEOUT);

    /** The forms that never wait. */
    static final List<Form> NON_BLOCKING = List.of(TRY_LOCK, TRY_LOCK_WITH);

    private final String label;

    Form(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /**
   * One backend with what the tests need to take its locks in every form: a {@link Permit}
   * witness whose contextual backend is the backend itself, and, for backends that may be taken
   * with interrupts disabled, a {@link LocalInterruptDisabled} witness.
   */
  static final class Fixture<B extends TimedBackend<?>> {
    final String label;
    final B backend;
    final BackendWithContext<B, Permit, ? extends TimedBackend<?>> permitWitness;
    final @Nullable BackendWithContext<B, LocalInterruptDisabled, ? extends TimedBackend<?>>
        tokenWitness;

    Fixture(
        String label,
        B backend,
        @Nullable BackendWithContext<B, LocalInterruptDisabled, ? extends TimedBackend<?>>
            tokenWitness) {
      this.label = label;
      this.backend = backend;
      this.permitWitness = new Witness<>(backend, Permit.class, backend);
      this.tokenWitness = tokenWitness;
    }

    /** The backend's declared wait type, or null when it declares none. */
    @Nullable WaitType waits() {
      Waits w = backend.getClass().getAnnotation(Waits.class);
      return w == null ? null : w.value();
    }

    /**
     * A new lock of this backend over {@code new int[1]}, named {@code name} and in the
     * validator's class {@code name} (so that test locks are of distinct classes whatever their
     * construction site).
     */
    UserLock<int[], B> newLock(String name) {
      return LockValidator.setClass(new UserLock<>(backend, name, new int[1]), name);
    }

    /**
     * Takes {@code lock}, a lock from {@link #newLock}, in {@code form}; null only when a try
     * form finds the lock busy.
     */
    @SuppressWarnings("unchecked") // checked: the lock's backend is this fixture's
    @MustBeClosed
    @Nullable Guard<int[], ?> take(Form form, Lock<int[], ?> lock) throws InterruptedException {
      if (lock.backend() != backend || !(lock instanceof UserLock)) {
        throw new IllegalArgumentException(lock + " is not a lock of fixture " + label);
      }
      UserLock<int[], B> l = (UserLock<int[], B>) lock;
      switch (form) {
        case LOCK:
          return l.lock();
        case LOCK_INTERRUPTIBLY:
          return l.lockInterruptibly();
        case TRY_LOCK_TIMEOUT:
          return l.tryLock(Duration.ofSeconds(10));
        case LOCK_WITH:
          return l.lockWith(permitWitness, Permit.PERMIT);
        case TRY_LOCK_WITH_TIMEOUT:
          return l.tryLockWith(permitWitness, Permit.PERMIT, Duration.ofSeconds(10));
        case TRY_LOCK:
          return l.tryLock();
        case TRY_LOCK_WITH:
          return l.tryLockWith(permitWitness, Permit.PERMIT);
      }
      throw new AssertionError(form);
    }

    /** Takes {@code lock} with {@link #tokenWitness} because the caller proves {@code irqOff}. */
    @SuppressWarnings("unchecked") // checked: the lock's backend is this fixture's
    @MustBeClosed
    Guard<int[], ?> lockWith(Lock<int[], ?> lock, LocalInterruptDisabled irqOff) {
      if (lock.backend() != backend) {
        throw new IllegalArgumentException(lock + " is not a lock of fixture " + label);
      }
      return ((Lock<int[], B>) lock)
          .lockWith(Objects.requireNonNull(tokenWitness, label + " has no token witness"), irqOff);
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static final Fixture<SpinDelegate> SPIN_DELEGATE =
      new Fixture<>(
          "SpinDelegate",
          SpinDelegate.INSTANCE,
          new Witness<>(SpinDelegate.INSTANCE, LocalInterruptDisabled.class, SpinDelegate.INSTANCE));

  /** Its token witness takes the lock with {@link SpinDelegate}, as SpinLockIrq's does. */
  static final Fixture<IrqDelegate> IRQ_DELEGATE =
      new Fixture<>(
          "IrqDelegate",
          IrqDelegate.INSTANCE,
          new Witness<>(IrqDelegate.INSTANCE, LocalInterruptDisabled.class, SpinDelegate.INSTANCE));

  static final Fixture<OwnSpin> OWN_SPIN =
      new Fixture<>(
          "OwnSpin",
          OwnSpin.INSTANCE,
          new Witness<>(OwnSpin.INSTANCE, LocalInterruptDisabled.class, OwnSpin.INSTANCE));

  static final Fixture<SleepDelegate> SLEEP_DELEGATE =
      new Fixture<>("SleepDelegate", SleepDelegate.INSTANCE, null);

  static final Fixture<OwnSleep> OWN_SLEEP = new Fixture<>("OwnSleep", OwnSleep.INSTANCE, null);

  static final Fixture<Undeclared> UNDECLARED =
      new Fixture<>(
          "Undeclared",
          Undeclared.INSTANCE,
          new Witness<>(Undeclared.INSTANCE, LocalInterruptDisabled.class, Undeclared.INSTANCE));

  /** Control: the shipped spin lock backend, through the same test lock class. */
  static final Fixture<SpinLockBackend> SPIN_LOCK =
      new Fixture<>(
          "SpinLockBackend",
          SpinLockBackend.INSTANCE,
          new Witness<>(
              SpinLockBackend.INSTANCE, LocalInterruptDisabled.class, SpinLockBackend.INSTANCE));

  /** Control: the shipped mutex backend, through the same test lock class. */
  static final Fixture<MutexBackend> MUTEX =
      new Fixture<>("MutexBackend", MutexBackend.INSTANCE, null);

  /** Every user backend. */
  static final List<Fixture<?>> USER =
      List.of(SPIN_DELEGATE, IRQ_DELEGATE, OWN_SPIN, SLEEP_DELEGATE, OWN_SLEEP, UNDECLARED);

  /** The user backends that declare {@code SPIN}. */
  static final List<Fixture<?>> USER_SPIN = List.of(SPIN_DELEGATE, IRQ_DELEGATE, OWN_SPIN);

  /** The user backends that declare {@code SLEEP}. */
  static final List<Fixture<?>> USER_SLEEP = List.of(SLEEP_DELEGATE, OWN_SLEEP);

  /** The user backends with a {@link LocalInterruptDisabled} witness. */
  static final List<Fixture<?>> WITH_TOKEN_WITNESS =
      List.of(SPIN_DELEGATE, IRQ_DELEGATE, OWN_SPIN, UNDECLARED);
}
