package dev.ctxlock.sync;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.StackProof;
import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.LockProbes;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A condition variable: a thread holding any ctxlock {@link Guard} waits until another thread
 * signals that the state it protects has changed. The kernel's {@code CondVar}; the ctxlock
 * counterpart of {@link java.util.concurrent.locks.Condition}, but for a guard of any lock and any
 * backend, taken with {@code lock()}, {@code lockWith()} or a witness.
 *
 * <pre>{@code
 * SpinLockIrq<Deque<Job>> jobs = new SpinLockIrq<>("jobs", new ArrayDeque<>());
 * CondVar jobQueued = new CondVar("jobQueued");
 *
 * // consumer
 * try (Guard<Deque<Job>, SpinLockIrqBackend> g = jobs.lock()) {
 *   while (g.get().isEmpty()) {
 *     jobQueued.await(g);                   // releases, waits, takes the lock again
 *   }
 *   run(g.get().poll());
 * }
 *
 * // producer, on any thread or in an interrupt handler
 * try (Guard<Deque<Job>, SpinLockIrqBackend> g = jobs.lock()) {
 *   g.get().add(job);
 * }
 * jobQueued.signal();
 * }</pre>
 *
 * <h2>Waiting</h2>
 *
 * <p>{@code await} releases the guard's lock with the backend that took it, waits until signalled,
 * interrupted ({@link Thread#interrupt}) or timed out, and takes the lock again with that same
 * backend before it returns or throws, re-checking the guard's token (open, this thread). While
 * the lock is released the guard is unusable, as inside {@link Guard#callUnlocked}. Spurious
 * wake-ups are possible: always wait in a loop on the condition itself.
 *
 * <p>The waiter is queued before the lock is released, so a signal sent after the release,
 * whether or not the signaller holds the lock, always wakes it: no wake-up is lost between a
 * caller's check of its condition and its wait.
 *
 * <h2>Interrupts</h2>
 *
 * <p>A waiting thread is an emulated CPU with interrupts enabled, as a sleeping kernel task is:
 * {@code await} is a delivery point. Handlers raised to the waiting thread run there while it
 * waits, without the lock, and a handler may signal the very condition being awaited. Because of
 * that, a thread whose interrupts would still be disabled once the guard's lock is released (a
 * guard from {@code lockWith(token)} with its token still open, or any guard inside a {@code
 * disable()} block) cannot wait: {@code await} throws {@link IllegalStateException} with nothing
 * changed, the kernel's "sleeping in atomic context".
 *
 * <h2>Signalling</h2>
 *
 * <p>{@link #signal()} and {@link #signalAll()} work from any thread, with or without the lock,
 * and from interrupt handlers. They never block. Waiters are woken in the order they started
 * waiting.
 */
public final class CondVar {

  private static final int WAITING = 0;
  private static final int SIGNALLED = 1;
  private static final int CANCELLED = 2;

  /** A waiting thread. Its state goes from WAITING to exactly one of SIGNALLED or CANCELLED. */
  private static final class Waiter {
    final Thread thread;

    @SuppressWarnings("unused") // accessed through STATE
    volatile int state;

    Waiter(Thread thread) {
      this.thread = thread;
    }

    /** WAITING to SIGNALLED; false if the waiter gave up first. */
    boolean signal() {
      return STATE.compareAndSet(this, WAITING, SIGNALLED);
    }

    /** WAITING to CANCELLED; false if a signal came first (the waiter must then consume it). */
    boolean cancel() {
      return STATE.compareAndSet(this, WAITING, CANCELLED);
    }

    boolean signalled() {
      return state == SIGNALLED;
    }

    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  /** Checks of a waiter's state before it parks; none on a single CPU. */
  private static final int SPINS = Runtime.getRuntime().availableProcessors() > 1 ? 64 : 0;

  /** Spins between two looks at the clock in a timed wait's spin; a power of two. */
  private static final int SPIN_CLOCK_CHECK = 16;

  private static final int OUTCOME_SIGNALLED = 0;
  private static final int OUTCOME_TIMED_OUT = 1;
  private static final int OUTCOME_INTERRUPTED = 2;

  private final String name;

  /** Waiters in arrival order; signalled ones are polled, cancelled ones remove themselves. */
  private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

  /** Creates a condition variable named {@code CondVar} in messages. */
  public CondVar() {
    this("CondVar");
  }

  /** Creates a condition variable named {@code name} in messages and {@code toString()}. */
  public CondVar(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /**
   * Waits until signalled, ignoring {@link Thread#interrupt} (the status is kept, and set on
   * return if it was set while waiting): the kernel's {@code wait()}.
   *
   * @throws IllegalStateException with nothing changed, if {@code guard} is not open on this
   *     thread, or if interrupts would stay disabled once its lock is released; or, after the
   *     wait, if the lock cannot be taken again (the token was closed meanwhile: the guard ends
   *     closed)
   */
  public void awaitUninterruptibly(Guard<?, ?> guard) {
    try {
      doAwait(guard, false, false, 0L);
    } catch (InterruptedException impossible) {
      throw new AssertionError("an uninterruptible wait was interrupted", impossible);
    }
  }

  /**
   * Waits until signalled or interrupted: the kernel's {@code wait_interruptible()}. The lock is
   * taken again before this returns or throws.
   *
   * @throws InterruptedException if the thread is interrupted on entry (nothing released) or
   *     while waiting; its interrupt status is cleared. A signal that races the interruption wins:
   *     the wait returns normally with the status set, so no signal is lost.
   * @throws IllegalStateException as {@link #awaitUninterruptibly}
   */
  public void await(Guard<?, ?> guard) throws InterruptedException {
    doAwait(guard, true, false, 0L);
  }

  /**
   * Waits until signalled, interrupted, or {@code timeout} elapses. The lock is taken again
   * before this returns or throws; the time that takes is not bounded by {@code timeout}.
   *
   * <pre>{@code
   * long left = deadline - System.nanoTime();
   * while (!g.get().ready && left > 0) {
   *   ready.await(g, Duration.ofNanos(left));
   *   left = deadline - System.nanoTime();
   * }
   * }</pre>
   *
   * @return {@code false} if the timeout elapsed before a signal, else {@code true}
   * @throws InterruptedException as {@link #await(Guard)}
   * @throws IllegalStateException as {@link #awaitUninterruptibly}
   */
  public boolean await(Guard<?, ?> guard, Duration timeout) throws InterruptedException {
    long nanos = TimeUnit.NANOSECONDS.convert(Objects.requireNonNull(timeout, "timeout"));
    return doAwait(guard, true, true, nanos);
  }

  /** Wakes the longest-waiting thread, if any: the kernel's {@code notify_one()}. */
  public void signal() {
    if (LockProbes.tracking()) {
      LockProbes.operation("signal", this);
    }
    Waiter w;
    while ((w = waiters.poll()) != null) {
      if (w.signal()) {
        LockSupport.unpark(w.thread);
        return;
      }
    }
  }

  /** Wakes every waiting thread: the kernel's {@code notify_all()}. */
  public void signalAll() {
    if (LockProbes.tracking()) {
      LockProbes.operation("signalAll", this);
    }
    Waiter w;
    while ((w = waiters.poll()) != null) {
      if (w.signal()) {
        LockSupport.unpark(w.thread);
      }
    }
  }

  /**
   * The wait. Every check comes before the waiter is queued; the waiter is queued (allocated
   * first) before the lock is released; the lock is taken again on every way out.
   *
   * @return false when timed out
   */
  private boolean doAwait(Guard<?, ?> guard, boolean interruptible, boolean timed, long nanos)
      throws InterruptedException {
    Objects.requireNonNull(guard, "guard");
    guard.checkOpen("await on");
    // The wait's release, retake and their failure paths run in frames below this one: proved
    // here, before anything changes, so that an overflow leaves the guard as it was.
    StackProof.ofWindow();
    LocalCpu cpu = LocalCpu.current();
    // Levels that releasing the guard gives back: observed at its acquisition or, for a backend
    // whose acquisitions were all seen to take the same number, that number (never inferred from
    // which backend it is); so decided before anything is released. The one case decided after
    // the release: the first acquisition that departs from a backend's constant (see below).
    int released = guard.irqLevels();
    if (released >= 0 && cpu.depth() - released > 0) {
      throw sleepingInAtomic(guard, cpu.depth() - released);
    }
    if (released < 0 && guard.token() instanceof LocalInterruptDisabled) {
      // Levels unknown, but the guard's own token holds one that no release gives back.
      throw sleepingInAtomic(guard, cpu.depth());
    }
    if (LockProbes.MAY_TRACK && guard.lockRef().map != null) {
      LockProbes.beforeWait(
          guard.lockRef().map,
          Backends.traits(guard.taker()),
          released >= 0 ? cpu.depth() - released : 0,
          this);
    }
    if (interruptible && Thread.interrupted()) {
      throw new InterruptedException();
    }
    // The deadline is only ever used as deadline - now, which is nanos - elapsed in wrapping
    // arithmetic: exact for any nanos >= 0 (Long.MAX_VALUE included: about 292 years before it
    // could wrap), but for a negative nanos near Long.MIN_VALUE, subtracting the elapsed time
    // wraps to a large positive wait. A timeout in the past is a timeout of zero.
    long deadline = timed ? System.nanoTime() + Math.max(nanos, 0L) : 0L;
    Waiter w = new Waiter(Thread.currentThread());
    waiters.add(w);
    int depthHeld = cpu.depth();
    try {
      guard.releaseTemporarily();
    } catch (Throwable t) {
      cancel(w);
      throw t;
    }
    // From here to the retake, everything that can throw (a call can overflow the stack) is in
    // the try: the lock is taken again on every way out.
    int outcome = OUTCOME_SIGNALLED;
    Throwable failure = null;
    try {
      // What this release gave back, for the backend's traits: it confirms them, or shows that
      // the backend's levels vary per call (then its locks observe every acquisition, and later
      // waits decide before releasing).
      Backends.traits(guard.taker()).observeIrqLevels(depthHeld - cpu.depth());
      if (cpu.depth() != 0) {
        // Only where the levels were not what the backend's earlier acquisitions took (else
        // refused above): the release left interrupts disabled, so nobody could deliver to this
        // thread. The lock is taken again below.
        cancel(w);
        failure = sleepingInAtomic(guard, cpu.depth());
      } else {
        // A wait given no time (a timeout of zero or in the past, a poll) does not spin: its one
        // look at the signal, the pending handlers and the interrupt is all it waits.
        int spins = timed && nanos <= 0 ? 0 : SPINS;
        outcome = waitFor(w, cpu, interruptible, timed, deadline, spins);
        if (outcome == OUTCOME_INTERRUPTED) {
          failure = new InterruptedException();
        }
      }
    } catch (Throwable t) {
      failure = t;
      try {
        cancel(w);
      } catch (Throwable again) {
        // A second overflow, at the cancellation's call: the retake below must run all the same,
        // so nothing here makes a call. The waiter may stay queued, and a signal that finds it
        // is spent on this thread, like one that raced the failure.
      }
    }
    failure = guard.retake(failure);
    if (failure instanceof InterruptedException interrupted) {
      throw interrupted;
    } else if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    } else if (failure instanceof Error error) {
      throw error;
    } else if (failure != null) {
      throw new AssertionError("a CondVar wait failed with a checked exception", failure);
    }
    return outcome != OUTCOME_TIMED_OUT;
  }

  /**
   * Parks until {@code w} is signalled, delivering interrupts raised to this thread meanwhile,
   * after at most {@code maxSpins} looks at the signal first. Gives up (cancelling {@code w}) on
   * interruption or the deadline only if no signal came first.
   */
  private int waitFor(
      Waiter w, LocalCpu cpu, boolean interruptible, boolean timed, long deadline, int maxSpins) {
    boolean interrupted = false;
    int spins = maxSpins;
    try {
      while (true) {
        if (w.signalled()) {
          return OUTCOME_SIGNALLED;
        }
        if (cpu.hasPending()) {
          cpu.deliverPending(); // may signal w
          continue;
        }
        if (Thread.interrupted()) {
          if (interruptible) {
            if (cancel(w)) {
              return OUTCOME_INTERRUPTED;
            }
            interrupted = true; // the signal won: return normally with the status set
            return OUTCOME_SIGNALLED;
          }
          interrupted = true;
        }
        if (spins > 0) {
          // A signal often follows within a microsecond or two (a hand-off between two threads
          // on two CPUs): catching it here saves the signaller's unpark and this thread's park
          // and wake-up. Bounded, and none on a single CPU, where it could only delay the
          // signaller. A timed wait looks at the clock every SPIN_CLOCK_CHECK spins, so that a
          // deadline that passes while it spins ends the wait within a few pauses.
          spins--;
          if (timed
              && (spins & (SPIN_CLOCK_CHECK - 1)) == 0
              && deadline - System.nanoTime() <= 0) {
            spins = 0; // timed out below, unless a signal came first
            continue;
          }
          Thread.onSpinWait();
          continue;
        }
        if (LockProbes.tracking()) {
          // A tool may take the wait over (a scheduler that runs one thread at a time).
          int parked = LockProbes.park(this, w::signalled, timed);
          if (parked == LockProbe.READY) {
            continue;
          }
          if (parked == LockProbe.PARK_TIMED_OUT) {
            return cancel(w) ? OUTCOME_TIMED_OUT : OUTCOME_SIGNALLED;
          }
        }
        if (timed) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return cancel(w) ? OUTCOME_TIMED_OUT : OUTCOME_SIGNALLED;
          }
          LockSupport.parkNanos(this, left);
        } else {
          LockSupport.park(this);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Gives up waiting; false if a signal came first. */
  private boolean cancel(Waiter w) {
    if (w.cancel()) {
      waiters.remove(w);
      return true;
    }
    return false;
  }

  private IllegalStateException sleepingInAtomic(Guard<?, ?> guard, int depth) {
    return new IllegalStateException(
        "cannot wait on " + name + " with " + guard + ": interrupts would stay disabled ("
            + depth + " level(s)) while waiting, so no interrupt handler could reach this thread"
            + " (sleeping in atomic context); close the token before waiting, or wait on a guard"
            + " from lock()");
  }

  @Override
  public String toString() {
    return "CondVar[" + name + "]";
  }
}
