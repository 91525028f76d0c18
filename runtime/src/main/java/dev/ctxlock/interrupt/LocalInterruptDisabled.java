package dev.ctxlock.interrupt;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.sync.ContextToken;

/**
 * Proof that the current thread has local interrupts disabled: the kernel's {@code
 * LocalInterruptDisabled}. Only {@link LocalInterrupts#disable()} and {@link
 * LocalInterrupts#assumeDisabled()} create one (and the runtime, for an interrupt handler), so
 * holding one proves the context.
 *
 * <p>Each token is one level of the thread's counted disable: interrupts stay disabled until every
 * token is closed, in any order. It is confined to its thread, and cannot be closed while a guard
 * taken with it is open.
 *
 * <pre>{@code
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
 *   noirqWork(irqOff);                   // lends the token: only this block closes it
 * }                                      // interrupts back on: pending handlers run here
 * }</pre>
 *
 * <p>A token left open keeps its thread's interrupts disabled: on a pooled thread that means every
 * later task on it runs with interrupts off and no handler is delivered there. Always use
 * try-with-resources.
 */
public final class LocalInterruptDisabled extends ContextToken {

  private final LocalCpu cpu;
  private final LocalCpu.Frame frame;

  /** Set just before {@link #close()} by a caller that delivers pending handlers itself. */
  private boolean quiet;

  /** One new level on {@code cpu}, which {@link #release()} gives back. */
  LocalInterruptDisabled(LocalCpu cpu, LocalCpu.Frame frame, boolean borrowed) {
    super(borrowed);
    this.cpu = cpu;
    this.frame = frame;
  }

  /** Guards taken with this token still open; for the handler runner in this package. */
  int guardsOpen() {
    return openGuards();
  }

  /** Ends a handler's borrowed token; {@code refuse} when the handler broke its contract. */
  void endLoan(boolean refuse) {
    endBorrow(refuse);
  }

  /** Whether the token is still open; for this package. */
  boolean open() {
    return isOpen();
  }

  /**
   * Closes this token with every check of {@link #close()}, but leaves delivering pending handlers
   * to the caller: for {@link LocalInterrupts#awaitInterrupt(LocalInterruptDisabled)}.
   */
  void closeWithoutDelivery() {
    quiet = true;
    try {
      close();
    } finally {
      quiet = false;
    }
  }

  @Override
  protected void release() {
    // ContextToken.close() checked that this runs on the owner thread, which owns cpu's depth.
    if (cpu.enable(frame) && !quiet) {
      LocalInterrupts.deliver(cpu);
    }
  }
}
