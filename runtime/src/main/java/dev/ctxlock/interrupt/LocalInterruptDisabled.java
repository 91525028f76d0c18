package dev.ctxlock.interrupt;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.StackProof;
import dev.ctxlock.internal.probe.LockProbes;
import dev.ctxlock.sync.ContextToken;
import java.util.Objects;

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

  /**
   * A token for one new level on {@code cpu} in {@code frame}, which {@link #release()} gives
   * back. The caller takes the level ({@link LocalCpu#disable()}) after this constructor returns,
   * so that a failed allocation leaves the depth alone.
   */
  private LocalInterruptDisabled(LocalCpu cpu, LocalCpu.Frame frame, boolean borrowed) {
    super(borrowed);
    this.cpu = cpu;
    this.frame = frame;
  }

  /**
   * One more level on the calling thread's CPU, and its token: the body of {@link
   * LocalInterrupts#disable()}. Proves the stack for the token's close (see {@link StackProof}:
   * compiled into a large caller, the close can be a call from the handler of a frame that just
   * overflowed), and allocates (and records the token in the running handler's frame) before it
   * takes the level, so an {@link Error} leaves the depth as it was.
   */
  static LocalInterruptDisabled disable(LocalCpu cpu) {
    StackProof.ofClose();
    LocalCpu.Frame f = cpu.frame();
    LocalInterruptDisabled token = new LocalInterruptDisabled(cpu, f, false);
    if (f != null) {
      f.record(token); // refused if the handler leaks a level (see Handler.finish)
    }
    cpu.disable();
    return token;
  }

  /**
   * Ends this token and, if it was the thread's last level, idles until a handler is pending;
   * delivers handlers either way: the body of {@link LocalInterrupts#awaitInterrupt(
   * LocalInterruptDisabled)}. Every check comes before anything changes.
   */
  void closeAndAwait() throws InterruptedException {
    if (!cpu.isCurrent()) {
      close(); // throws the owner-thread error, with nothing changed
    }
    if (!isOpen()) {
      throw new IllegalStateException("awaitInterrupt(token): the token is closed already");
    }
    if (cpu.depth() != 1 || (frame != null && frame.isVoided())) {
      throw new IllegalStateException(
          "awaitInterrupt(token) needs the token to be the thread's only open level; the depth is "
              + cpu.depth());
    }
    if (openGuards() != 0) {
      close(); // throws the open-guards error, with nothing changed
    }
    // sti; hlt: a handler pending now is delivered by close(), which then ends the wait at once;
    // otherwise wait for the next one.
    long before = cpu.deliveredCount();
    close();
    if (cpu.deliveredCount() == before) {
      LocalInterrupts.awaitAndDeliver(cpu);
    }
  }

  @Override
  protected void release() {
    // ContextToken.close() checked that this runs on the owner thread, which owns cpu's depth.
    if (LockProbes.tracking()) {
      LockProbes.operation("enable", this);
    }
    cpu.enableAndDeliver(frame);
  }

  /**
   * A handler raised on a CPU, as the CPU's delivery loop runs it: with a borrowed token, checked
   * when it returns.
   */
  static final class Handler extends LocalCpu.Raised {

    private final InterruptHandler handler;

    Handler(InterruptHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    protected Object prepare(LocalCpu cpu, LocalCpu.Frame frame) {
      LocalInterruptDisabled context = new LocalInterruptDisabled(cpu, frame, true);
      frame.record(context);
      return context;
    }

    @Override
    protected void run(Object prepared) {
      handler.handle((LocalInterruptDisabled) prepared);
    }

    @Override
    protected void finish(
        Object prepared, LocalCpu.Frame frame, boolean depthChanged, Throwable thrown) {
      LocalInterruptDisabled context = (LocalInterruptDisabled) prepared;
      int leakedGuards = context.openGuards();
      boolean closeTried = context.closeAttempted();
      boolean broken = depthChanged || leakedGuards != 0 || closeTried;
      context.endBorrow(broken);
      if (depthChanged) {
        // The levels the handler took and left open are void: their tokens prove nothing now.
        for (Object member : frame.members()) {
          LocalInterruptDisabled token = (LocalInterruptDisabled) member;
          if (token != context && token.isOpen()) {
            token.revoke();
          }
        }
      }
      if (thrown != null) {
        LocalInterrupts.report(thrown);
      }
      // A close that the handler let escape was reported above as its exception.
      if (depthChanged || leakedGuards != 0 || (closeTried && thrown == null)) {
        LocalInterrupts.report(
            new IllegalStateException(
                "interrupt handler " + handler + " broke its contract:"
                    + (depthChanged ? " it returned with interrupt levels left disabled;" : "")
                    + (leakedGuards != 0
                        ? " it returned with " + leakedGuards
                            + " guard(s) taken with its token still open;"
                        : "")
                    + (closeTried ? " it tried to close the token it borrowed;" : "")
                    + " the interrupt state was restored, the levels it took are void, and its"
                    + " tokens are refused from now on"));
      }
    }

    @Override
    public String toString() {
      return handler.toString();
    }
  }
}
