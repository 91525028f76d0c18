package dev.ctxlock.interrupt;

/**
 * Code raised on a thread with {@link LocalInterrupts#raise} and run there, like an interrupt
 * handler on a CPU, at a point where that thread has interrupts enabled.
 *
 * <pre>{@code
 * LocalInterrupts.raise(worker, irqOff -> {
 *   try (Guard<Stats, SpinLockBackend> g = stats.lockWith(irqOff)) {
 *     g.get().interrupts++;
 *   }
 * });
 * }</pre>
 *
 * <p>The handler runs with interrupts disabled and borrows {@code context}: it must not close it
 * ({@code close()} throws), and it must return with every level it took released and every guard
 * it took with {@code context} closed. A handler that breaks this is reported to the thread's
 * uncaught-exception handler, the interrupt state is restored, and {@code context} is refused from
 * then on. An exception thrown by the handler goes to the same place and never escapes the point
 * where it was delivered.
 */
@FunctionalInterface
public interface InterruptHandler {

  /**
   * Handles one interrupt, on the target thread, with interrupts disabled.
   *
   * @param context proof that interrupts are disabled, valid until this method returns
   */
  void handle(LocalInterruptDisabled context);
}
