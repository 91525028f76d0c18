package dev.ctxlock.interrupt;

import com.google.errorprone.annotations.MustBeClosed;
import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.LockProbes;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * A faithful per-thread emulation of a CPU's local interrupts: each thread is a CPU with a counted
 * interrupt disable, and handlers raised from any thread are delivered on their target thread only
 * where its interrupts are enabled.
 *
 * <pre>{@code
 * // device thread
 * LocalInterrupts.raise(worker, irqOff -> { try (var g = stats.lockWith(irqOff)) { g.get().irqs++; } });
 *
 * // worker thread
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
 *   ...                                  // no handler runs on this thread in here
 * }                                      // pending handlers run here, in raise order
 * LocalInterrupts.awaitInterrupt();      // idle until a handler is pending, then run them
 * }</pre>
 *
 * <h2>Delivery</h2>
 *
 * <p>A raised handler runs on its target thread, in FIFO order per target, when that thread's
 * disable count is zero at a delivery point: the count returning to zero (a token or an irq lock
 * released), {@link #deliverPending()}, {@link #awaitInterrupt()}, or at once when a thread raises
 * on itself with interrupts enabled. Never while the count is above zero; at most once; exactly
 * once if the target reaches a delivery point. Handlers still pending when a thread terminates are
 * dropped. A handler's exception, or a handler that breaks its contract (see {@link
 * InterruptHandler}), goes to the target thread's uncaught-exception handler, and delivery goes on.
 *
 * <p>A token leaked on a pooled thread keeps that thread's interrupts disabled for every later
 * task: close tokens with try-with-resources.
 */
public final class LocalInterrupts {

  private LocalInterrupts() {}

  /**
   * Disables interrupts on the calling thread, one more level, until the returned token closes.
   * Counted: interrupts come back when every token is closed, whatever the order.
   */
  @MustBeClosed
  public static LocalInterruptDisabled disable() {
    if (LockProbes.tracking()) {
      LockProbes.operation("disable", null);
    }
    return LocalInterruptDisabled.disable(LocalCpu.current());
  }

  /** Returns whether interrupts are disabled on the calling thread. */
  public static boolean areDisabled() {
    return LocalCpu.current().depth() > 0;
  }

  /**
   * Returns a token for code that knows interrupts are already disabled: {@link #disable()} after
   * checking that.
   *
   * <pre>{@code
   * void drainLocked(Queue<Job> q) {
   *   try (LocalInterruptDisabled irqOff = LocalInterrupts.assumeDisabled()) {  // caller disabled
   *     ...
   *   }
   * }
   * }</pre>
   *
   * @throws IllegalStateException if interrupts are enabled on the calling thread
   */
  @MustBeClosed
  public static LocalInterruptDisabled assumeDisabled() {
    LocalCpu cpu = LocalCpu.current();
    if (cpu.depth() == 0) {
      throw new IllegalStateException("assumeDisabled(): interrupts are enabled on this thread");
    }
    return LocalInterruptDisabled.disable(cpu);
  }

  /**
   * Raises {@code handler} on {@code target}, from any thread. It runs on {@code target} at its
   * next delivery point with interrupts enabled; at once if {@code target} is the calling thread
   * and its interrupts are enabled.
   *
   * <pre>{@code
   * LocalInterrupts.raise(worker, irqOff -> {
   *   try (Guard<Stats, SpinLockBackend> g = stats.lockWith(irqOff)) {
   *     g.get().irqs++;
   *   }
   * });
   * }</pre>
   *
   * @return {@code false} if {@code target} has terminated (nothing raised), else {@code true}
   */
  public static boolean raise(Thread target, InterruptHandler handler) {
    Objects.requireNonNull(target, "target");
    if (LockProbes.tracking()) {
      LockProbes.operation("raise", target);
    }
    LocalInterruptDisabled.Handler raised = new LocalInterruptDisabled.Handler(handler);
    if (target == Thread.currentThread()) {
      LocalCpu cpu = LocalCpu.current();
      cpu.enqueue(raised);
      if (cpu.depth() == 0) {
        cpu.deliverPending();
      }
      return true;
    }
    if (target.getState() == Thread.State.TERMINATED) {
      return false;
    }
    LocalCpu cpu = LocalCpu.of(target);
    if (cpu == null) {
      return false; // ended since the check above, and its CPU is gone
    }
    cpu.enqueue(raised);
    // Wakes the target if it idles in awaitInterrupt() or a CondVar wait; elsewhere a spare permit
    // only makes one later park return early, which every park caller tolerates.
    LockSupport.unpark(target);
    return true;
  }

  /** A delivery point: runs the calling thread's pending handlers if its interrupts are enabled. */
  public static void deliverPending() {
    if (LockProbes.tracking()) {
      LockProbes.operation("deliverPending", null);
    }
    LocalCpu cpu = LocalCpu.current();
    if (cpu.depth() == 0 && cpu.hasPending()) {
      cpu.deliverPending();
    }
  }

  /**
   * Idles until a handler is pending on the calling thread, then runs every pending handler.
   *
   * <pre>{@code
   * while (running) {
   *   LocalInterrupts.awaitInterrupt();    // a handler ran: look at what it left
   * }
   * }</pre>
   *
   * @throws IllegalStateException if interrupts are disabled on the calling thread (it would idle
   *     forever)
   * @throws InterruptedException if the thread is interrupted ({@link Thread#interrupt}) while
   *     waiting; its interrupt status is cleared
   */
  public static void awaitInterrupt() throws InterruptedException {
    LocalCpu cpu = LocalCpu.current();
    if (cpu.depth() != 0) {
      throw new IllegalStateException(
          "awaitInterrupt() with interrupts disabled (depth " + cpu.depth() + ") would never wake");
    }
    awaitAndDeliver(cpu);
  }

  /** Idles until a handler is pending on {@code cpu}, the caller's, at depth 0; delivers. */
  static void awaitAndDeliver(LocalCpu cpu) throws InterruptedException {
    long delivered = cpu.deliveredCount();
    while (true) {
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      if (cpu.hasPending()) {
        cpu.deliverPending();
        return;
      }
      if (LockProbes.tracking()) {
        // A tool may take the idle over (a scheduler that runs one thread at a time, and may
        // deliver an interrupt to this thread itself while it idles).
        if (LockProbes.park(cpu, cpu::hasPending, false) != LockProbe.NOT_HANDLED) {
          if (cpu.deliveredCount() != delivered) {
            return;
          }
          continue;
        }
      }
      // raise() enqueues before it unparks, so a handler raised after the check above leaves a
      // permit and this park returns at once: no lost wake-up.
      LockSupport.park(cpu);
    }
  }

  /**
   * Re-enables interrupts by closing {@code last}, the calling thread's only open level, and idles
   * until a handler is pending, then runs every pending handler: the two steps happen as one, like
   * the kernel's {@code sti; hlt}, so a handler raised before the call cannot slip in between a
   * caller's "is there still work?" check and the wait.
   *
   * <p>The race it closes: with {@link #awaitInterrupt()}, a check made under a lock ends by
   * releasing the lock, a delivery point; the handler the check was waiting for may run right
   * there, and the wait that follows never ends. Check with interrupts disabled instead, then hand
   * the token over:
   *
   * <pre>{@code
   * LocalInterruptDisabled irqOff = LocalInterrupts.disable();
   * boolean idle;
   * try (Guard<Queue<Job>, SpinLockBackend> g = jobs.lockWith(irqOff)) {
   *   idle = g.get().isEmpty();
   * }
   * if (idle) {
   *   LocalInterrupts.awaitInterrupt(irqOff);   // closes irqOff, then waits
   * } else {
   *   irqOff.close();
   * }
   * }</pre>
   *
   * @throws IllegalStateException with nothing changed, if {@code last} cannot be closed now (see
   *     {@link dev.ctxlock.sync.ContextToken#close()}), or is not the thread's only open level
   *     (interrupts would stay disabled and the wait would never end)
   * @throws InterruptedException if the thread is interrupted while waiting ({@code last} is
   *     closed by then); its interrupt status is cleared
   */
  public static void awaitInterrupt(LocalInterruptDisabled last) throws InterruptedException {
    Objects.requireNonNull(last, "last");
    last.closeAndAwait();
  }

  /** Hands {@code t} to the current thread's uncaught-exception handler; never throws. */
  static void report(Throwable t) {
    Thread me = Thread.currentThread();
    try {
      me.getUncaughtExceptionHandler().uncaughtException(me, t);
    } catch (Throwable ignored) {
      // The uncaught-exception handler failed too: nowhere is left to report to, and a delivery
      // point must not throw.
    }
  }
}
