package dev.ctxlock.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Two actors each take the lock and increment a plain counter, reporting the value they wrote. A
 * lock that excludes gives 1 and 2 in some order; two holders at once both read 0 and write 1.
 */
public final class MutualExclusion {

  private MutualExclusion() {}

  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(expect = FORBIDDEN, desc = "both inside at once: a lost update")
  @State
  public static class SpinLockLock {
    final SpinLock<int[]> lock = new SpinLock<>(new int[1]);

    @Actor
    public void a1(II_Result r) {
      try (Guard<int[], SpinLockBackend> g = lock.lock()) {
        r.r1 = ++g.get()[0];
      }
    }

    @Actor
    public void a2(II_Result r) {
      try (Guard<int[], SpinLockBackend> g = lock.lock()) {
        r.r2 = ++g.get()[0];
      }
    }
  }

  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(expect = FORBIDDEN, desc = "both inside at once: a lost update")
  @State
  public static class MutexLock {
    final Mutex<int[]> lock = new Mutex<>(new int[1]);

    @Actor
    public void a1(II_Result r) {
      try (Guard<int[], MutexBackend> g = lock.lock()) {
        r.r1 = ++g.get()[0];
      }
    }

    @Actor
    public void a2(II_Result r) {
      try (Guard<int[], MutexBackend> g = lock.lock()) {
        r.r2 = ++g.get()[0];
      }
    }
  }

  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(expect = FORBIDDEN, desc = "both inside at once: a lost update")
  @State
  public static class SpinLockIrqLock {
    final SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);

    @Actor
    public void a1(II_Result r) {
      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
        r.r1 = ++g.get()[0];
      }
    }

    @Actor
    public void a2(II_Result r) {
      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
        r.r2 = ++g.get()[0];
      }
    }
  }

  /** lock() against lockWith(token) on one SpinLockIrq: two backends, one protocol. */
  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(expect = FORBIDDEN, desc = "lock() and lockWith() both inside at once")
  @State
  public static class SpinLockIrqLockVsLockWith {
    final SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);

    @Actor
    public void lock(II_Result r) {
      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
        r.r1 = ++g.get()[0];
      }
    }

    @Actor
    public void lockWith(II_Result r) {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<int[], SpinLockBackend> g = lock.lockWith(off)) {
        r.r2 = ++g.get()[0];
      }
    }
  }

  /** The generic (witness) path against lock(). */
  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(expect = FORBIDDEN, desc = "the witness path and lock() both inside at once")
  @State
  public static class SpinLockIrqGenericVsLock {
    final SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);

    @Actor
    public void generic(II_Result r) {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<int[], SpinLockBackend> g =
              lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
        r.r1 = ++g.get()[0];
      }
    }

    @Actor
    public void lock(II_Result r) {
      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
        r.r2 = ++g.get()[0];
      }
    }
  }

  /** lockWith against tryLockWith: the try may find the lock busy (-1), never share it. */
  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(id = "1, -1", expect = ACCEPTABLE, desc = "tryLockWith found the lock busy")
  @Outcome(expect = FORBIDDEN, desc = "both inside at once, or a try failed on a free lock")
  @State
  public static class SpinLockIrqLockWithVsTryLockWith {
    final SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);

    @Actor
    public void lockWith(II_Result r) {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<int[], SpinLockBackend> g = lock.lockWith(off)) {
        r.r1 = ++g.get()[0];
      }
    }

    @Actor
    public void tryLockWith(II_Result r) {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<int[], SpinLockBackend> g = lock.tryLockWith(off)) {
        r.r2 = g == null ? -1 : ++g.get()[0];
      }
    }
  }

  /** Two tries, tryLock() and the generic tryLockWith: at least one wins, never both at once. */
  @JCStressTest
  @Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "one holder after the other")
  @Outcome(id = {"1, -1", "-1, 1"}, expect = ACCEPTABLE, desc = "one try found the other inside")
  @Outcome(expect = FORBIDDEN, desc = "both inside at once, or both failed")
  @State
  public static class SpinLockIrqTryLockVsGenericTryLockWith {
    final SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);

    @Actor
    public void tryLock(II_Result r) {
      try (Guard<int[], SpinLockIrqBackend> g = lock.tryLock()) {
        r.r1 = g == null ? -1 : ++g.get()[0];
      }
    }

    @Actor
    public void genericTryLockWith(II_Result r) {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<int[], SpinLockBackend> g =
              lock.tryLockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
        r.r2 = g == null ? -1 : ++g.get()[0];
      }
    }
  }
}
