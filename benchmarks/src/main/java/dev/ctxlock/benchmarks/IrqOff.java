package dev.ctxlock.benchmarks;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Interrupts disabled on the benchmark thread for a whole iteration: the state of a kernel caller
 * already inside an irq-disabled region. JMH runs a thread-scoped state's setup and teardown on
 * the thread that uses it, which the token requires (it is thread-confined: a mismatch would fail
 * loudly with IllegalStateException, never measure the wrong thing).
 */
@State(Scope.Thread)
public class IrqOff {
  LocalInterruptDisabled token;

  @Setup(Level.Iteration)
  public void disable() {
    token = LocalInterrupts.disable();
  }

  @TearDown(Level.Iteration)
  public void enable() {
    token.close();
    token = null;
  }
}
