package dev.ctxlock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Interrupt delivery across threads. A target actor publishes its thread; a raiser actor waits for
 * it and raises handlers there. Both actors of a jcstress test run at the same time, so the short
 * waits below always end. Every test leaves the target thread with interrupts enabled and nothing
 * pending, so no handler leaks into the next state.
 *
 * <p>Handlers run on the target thread, so the plain fields they share with the target actor need
 * no synchronization.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
public final class Interrupts {

  private Interrupts() {}

  /**
   * The raise races with a disabled section on the target. The handler must never run inside it
   * (ranInside), must run exactly once (ran), at the token's close or at the later delivery point.
   */
  @JCStressTest
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "delivered when the token closed")
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "raised after the section")
  @Outcome(expect = FORBIDDEN, desc = "ran while disabled, or not exactly once")
  @State
  public static class NeverWhileDisabled {
    volatile Thread target;
    volatile boolean raised;
    int ran;
    int ranInside;
    boolean inside;

    @Actor
    public void target(III_Result r) {
      target = Thread.currentThread();
      try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
        inside = true;
        LocalInterrupts.deliverPending(); // not a delivery point while disabled
        Thread.onSpinWait();
        inside = false;
      }
      int atClose = ran;
      while (!raised) {
        Thread.onSpinWait();
      }
      LocalInterrupts.deliverPending();
      r.r1 = ran;
      r.r2 = ranInside;
      r.r3 = atClose;
    }

    @Actor
    public void raiser() {
      Thread t;
      while ((t = target) == null) {
        Thread.onSpinWait();
      }
      LocalInterrupts.raise(
          t,
          off -> {
            ran++;
            if (inside) {
              ranInside++;
            }
          });
      raised = true;
    }
  }

  /**
   * The same with the interrupts disabled by SpinLockIrq.lock(): no handler runs while the irq
   * guard is open. The handler takes the same lock with lockWith(its token), which it can only
   * get once the target released it.
   */
  @JCStressTest
  @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "delivered at the irq unlock")
  @Outcome(id = "1, 0, 0", expect = ACCEPTABLE_INTERESTING, desc = "raised after the section")
  @Outcome(expect = FORBIDDEN, desc = "ran under the irq lock, or not exactly once")
  @State
  public static class NeverUnderIrqLock {
    final SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);
    volatile Thread target;
    volatile boolean raised;
    int ran;
    int ranInside;
    boolean inside;

    @Actor
    public void target(III_Result r) {
      target = Thread.currentThread();
      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
        inside = true;
        g.get()[0]++;
        LocalInterrupts.deliverPending();
        inside = false;
      }
      int atUnlock = ran;
      while (!raised) {
        Thread.onSpinWait();
      }
      LocalInterrupts.deliverPending();
      r.r1 = ran;
      r.r2 = ranInside;
      r.r3 = atUnlock;
    }

    @Actor
    public void raiser() {
      Thread t;
      while ((t = target) == null) {
        Thread.onSpinWait();
      }
      LocalInterrupts.raise(
          t,
          off -> {
            try (Guard<int[], SpinLockBackend> g = lock.lockWith(off)) {
              g.get()[0]++;
              ran++;
              if (inside) {
                ranInside++;
              }
            }
          });
      raised = true;
    }
  }

  /**
   * Two handlers raised while the target keeps reaching delivery points: each runs exactly once,
   * in raise order (order 12).
   */
  @JCStressTest
  @Outcome(id = "1, 1, 12", expect = ACCEPTABLE, desc = "each once, in FIFO order")
  @Outcome(expect = FORBIDDEN, desc = "lost, repeated or reordered handlers")
  @State
  public static class EachRaisedHandlerOnce {
    volatile Thread target;
    volatile boolean raised;
    int first;
    int second;
    int order;

    @Actor
    public void target(III_Result r) {
      target = Thread.currentThread();
      while (!raised) {
        LocalInterrupts.deliverPending(); // races with the raises
      }
      LocalInterrupts.deliverPending();
      r.r1 = first;
      r.r2 = second;
      r.r3 = order;
    }

    @Actor
    public void raiser() {
      Thread t;
      while ((t = target) == null) {
        Thread.onSpinWait();
      }
      LocalInterrupts.raise(
          t,
          off -> {
            first++;
            order = order * 10 + 1;
          });
      LocalInterrupts.raise(
          t,
          off -> {
            second++;
            order = order * 10 + 2;
          });
      raised = true;
    }
  }

  /**
   * A handler takes a SpinLockIrq with lockWith(its token) on the target while the raiser takes
   * the same lock with lock(): they exclude each other.
   */
  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(expect = FORBIDDEN, desc = "the handler and the other thread both inside at once")
  @State
  public static class HandlerLockWithVsLock {
    final SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);
    volatile Thread target;
    volatile boolean raised;
    volatile int handlerSaw;

    @Actor
    public void target(II_Result r) {
      target = Thread.currentThread();
      while (!raised) {
        Thread.onSpinWait();
      }
      LocalInterrupts.deliverPending();
      r.r1 = handlerSaw;
    }

    @Actor
    public void raiser(II_Result r) {
      Thread t;
      while ((t = target) == null) {
        Thread.onSpinWait();
      }
      LocalInterrupts.raise(
          t,
          off -> {
            try (Guard<int[], SpinLockBackend> g = lock.lockWith(off)) {
              handlerSaw = ++g.get()[0];
            }
          });
      raised = true;
      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
        r.r2 = ++g.get()[0];
      }
    }
  }
}
