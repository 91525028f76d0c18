package dev.ctxlock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.CondVar;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import java.time.Duration;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * No signal is lost between a waiter's check of its condition and its wait. A waiter checks a
 * flag under the lock and, if it is not set, waits once on a {@link CondVar} with a short timeout;
 * a setter sets the flag under the same lock and signals. If the waiter saw the flag unset, the
 * setter set it after the waiter released the lock in {@code await}, so its signal found the
 * waiter queued and must wake it.
 *
 * <p>A timeout can still elapse legitimately when the setter comes late. So the test times both
 * sides: the waiter notes its deadline before calling {@code await} (the CondVar's own deadline
 * is no earlier), the setter notes when its {@code signal()} returned. The arbiter reports:
 *
 * <ul>
 *   <li>r1: 1 if the waiter waited (it saw the flag unset), 0 if the flag was already set;
 *   <li>r2: 1 if the wait ended signalled, 0 if it timed out (0 when it did not wait);
 *   <li>r3: 1 if the setter's signal returned before the waiter's deadline.
 * </ul>
 *
 * <p>"1, 1, 0" is a signal that won although {@code signal()} returned after the waiter's noted
 * deadline (the CondVar's own deadline is later, or the setter was preempted before noting the
 * time). "1, 0, 1" is the lost wake-up: the waiter timed out although the flag was set after it
 * queued and the signal completed before its deadline. Forbidden. "1, 0, 0" (the setter came
 * after the deadline) is allowed; the timeout is long enough that it is rare.
 *
 * <p>The tests cover {@code SpinLock} (signal under the lock and after it), {@code SpinLockIrq}
 * with {@code lock()} on both sides, a setter that holds a {@code LocalInterruptDisabled} token
 * and uses {@code lockWith(token)}, and the kernel's {@code rust_spinlock_irq_condvar} case: the
 * setter is the waiter's own interrupt handler, which runs on the waiting thread inside {@code
 * await} (a delivery point) and signals the very condition being awaited.
 */
public final class CondVarNoLostSignal {

  private CondVarNoLostSignal() {}

  /** Long against a signal's latency, short enough that a late setter costs little. */
  static final Duration PATIENCE = Duration.ofMillis(50);

  /** The protected value. Plain: read and written under the lock only. */
  static final class Flag {
    boolean set;
  }

  /** What both sides noted; the arbiter reads it after both actors returned. */
  abstract static class Base {
    final CondVar cv = new CondVar("flagSet");
    int waited;
    int signalled;
    long deadline = Long.MAX_VALUE;
    volatile long signalReturned = Long.MAX_VALUE;

    /** The waiter: check under the lock, wait once if unset. */
    final <B extends Backend<?>> void checkThenWait(Lock<Flag, B> lock) {
      try (Guard<Flag, B> g = lock.lock()) {
        if (g.get().set) {
          return;
        }
        waited = 1;
        deadline = System.nanoTime() + PATIENCE.toNanos();
        signalled = cv.await(g, PATIENCE) ? 1 : 0;
      } catch (InterruptedException e) {
        throw new AssertionError("nobody interrupts the waiter", e);
      }
    }

    /** The setter's signal, timed. */
    final void signalTimed() {
      cv.signal();
      signalReturned = System.nanoTime();
    }

    final void report(III_Result r) {
      r.r1 = waited;
      r.r2 = signalled;
      r.r3 = signalReturned - deadline < 0 ? 1 : 0;
    }
  }

  /** SpinLock; the setter signals while it holds the lock. */
  @JCStressTest
  @Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "flag set before the check")
  @Outcome(id = {"1, 1, 1", "1, 1, 0"}, expect = ACCEPTABLE, desc = "waited and was signalled")
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "setter after the deadline")
  @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "lost wake-up: timed out, signal was sent")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockSignalUnderLock extends Base {
    final SpinLock<Flag> lock = new SpinLock<>("flag", new Flag());

    @Actor
    public void waiter() {
      checkThenWait(lock);
    }

    @Actor
    public void setter() {
      try (Guard<Flag, SpinLockBackend> g = lock.lock()) {
        g.get().set = true;
        signalTimed();
      }
    }

    @Arbiter
    public void arbiter(III_Result r) {
      report(r);
    }
  }

  /** SpinLock; the setter signals after releasing the lock. */
  @JCStressTest
  @Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "flag set before the check")
  @Outcome(id = {"1, 1, 1", "1, 1, 0"}, expect = ACCEPTABLE, desc = "waited and was signalled")
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "setter after the deadline")
  @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "lost wake-up: timed out, signal was sent")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockSignalAfterUnlock extends Base {
    final SpinLock<Flag> lock = new SpinLock<>("flag", new Flag());

    @Actor
    public void waiter() {
      checkThenWait(lock);
    }

    @Actor
    public void setter() {
      try (Guard<Flag, SpinLockBackend> g = lock.lock()) {
        g.get().set = true;
      }
      signalTimed();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      report(r);
    }
  }

  /** SpinLockIrq, lock() on both sides; the setter signals after releasing. */
  @JCStressTest
  @Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "flag set before the check")
  @Outcome(id = {"1, 1, 1", "1, 1, 0"}, expect = ACCEPTABLE, desc = "waited and was signalled")
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "setter after the deadline")
  @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "lost wake-up: timed out, signal was sent")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockIrqLock extends Base {
    final SpinLockIrq<Flag> lock = new SpinLockIrq<>("flag", new Flag());

    @Actor
    public void waiter() {
      checkThenWait(lock);
    }

    @Actor
    public void setter() {
      try (Guard<Flag, SpinLockIrqBackend> g = lock.lock()) {
        g.get().set = true;
      }
      signalTimed();
    }

    @Arbiter
    public void arbiter(III_Result r) {
      report(r);
    }
  }

  /**
   * SpinLockIrq; the setter runs with interrupts disabled, takes the lock with lockWith(token)
   * and signals under it (signalling is allowed in atomic context).
   */
  @JCStressTest
  @Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "flag set before the check")
  @Outcome(id = {"1, 1, 1", "1, 1, 0"}, expect = ACCEPTABLE, desc = "waited and was signalled")
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "setter after the deadline")
  @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "lost wake-up: timed out, signal was sent")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockIrqLockWith extends Base {
    final SpinLockIrq<Flag> lock = new SpinLockIrq<>("flag", new Flag());

    @Actor
    public void waiter() {
      checkThenWait(lock);
    }

    @Actor
    public void setter() {
      try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
          Guard<Flag, SpinLockBackend> g = lock.lockWith(irqOff)) {
        g.get().set = true;
        signalTimed();
      }
    }

    @Arbiter
    public void arbiter(III_Result r) {
      report(r);
    }
  }

  /**
   * The kernel's rust_spinlock_irq_condvar: the setter is the waiter's own interrupt handler,
   * raised from the other actor. The waiter's irq guard keeps the handler out until {@code await}
   * releases the lock; the handler then runs on the waiting thread, inside the wait, sets the
   * flag under lockWith(its token) and signals. A raise that comes after the wait is delivered
   * when the waiter drains its pending handlers at the end, so none leaks into the next state.
   */
  @JCStressTest
  @Outcome(id = {"0, 0, 0", "0, 0, 1"}, expect = ACCEPTABLE, desc = "handler ran before the check")
  @Outcome(id = {"1, 1, 1", "1, 1, 0"}, expect = ACCEPTABLE, desc = "handler ran in the wait and woke it")
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "raised after the deadline")
  @Outcome(id = "1, 0, 1", expect = FORBIDDEN, desc = "lost wake-up: timed out, handler signalled")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockIrqOwnHandler extends Base {
    final SpinLockIrq<Flag> lock = new SpinLockIrq<>("flag", new Flag());
    volatile Thread target;
    volatile boolean raised;

    @Actor
    public void waiter() {
      target = Thread.currentThread();
      checkThenWait(lock);
      while (!raised) {
        Thread.onSpinWait();
      }
      LocalInterrupts.deliverPending();
    }

    @Actor
    public void raiser() {
      Thread t;
      while ((t = target) == null) {
        Thread.onSpinWait();
      }
      LocalInterrupts.raise(
          t,
          irqOff -> {
            try (Guard<Flag, SpinLockBackend> g = lock.lockWith(irqOff)) {
              g.get().set = true;
            }
            signalTimed();
          });
      raised = true;
    }

    @Arbiter
    public void arbiter(III_Result r) {
      report(r);
    }
  }
}
