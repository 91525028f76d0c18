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
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * A holder writes phase 1 then phase 2 under the lock (volatile writes, so neither is elided); a
 * second actor tries the lock and, if it gets it, reads the phase. Seeing phase 1 means the try
 * succeeded while the lock was held.
 */
public final class TryLockWhileHeld {

  private TryLockWhileHeld() {}

  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "busy: the holder was inside")
  @Outcome(id = {"0", "2"}, expect = ACCEPTABLE, desc = "got it before or after the holder")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "tryLock succeeded while the lock was held")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockIrqTryLockVsLockWith {
    final SpinLockIrq<Object> lock = new SpinLockIrq<>(new Object());
    volatile int phase;

    @Actor
    public void holder() {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<Object, SpinLockBackend> g = lock.lockWith(off)) {
        g.get();
        phase = 1;
        phase = 2;
      }
    }

    @Actor
    public void trier(I_Result r) {
      try (Guard<Object, SpinLockIrqBackend> g = lock.tryLock()) {
        r.r1 = g == null ? -1 : phase;
      }
    }
  }

  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "busy: the holder was inside")
  @Outcome(id = {"0", "2"}, expect = ACCEPTABLE, desc = "got it before or after the holder")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "tryLockWith succeeded while the lock was held")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockIrqTryLockWithVsLock {
    final SpinLockIrq<Object> lock = new SpinLockIrq<>(new Object());
    volatile int phase;

    @Actor
    public void holder() {
      try (Guard<Object, SpinLockIrqBackend> g = lock.lock()) {
        g.get();
        phase = 1;
        phase = 2;
      }
    }

    @Actor
    public void trier(I_Result r) {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<Object, SpinLockBackend> g = lock.tryLockWith(off)) {
        r.r1 = g == null ? -1 : phase;
      }
    }
  }

  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "busy: the holder was inside")
  @Outcome(id = {"0", "2"}, expect = ACCEPTABLE, desc = "got it before or after the holder")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "tryLock succeeded while the lock was held")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class SpinLockTryLock {
    final SpinLock<Object> lock = new SpinLock<>(new Object());
    volatile int phase;

    @Actor
    public void holder() {
      try (Guard<Object, SpinLockBackend> g = lock.lock()) {
        g.get();
        phase = 1;
        phase = 2;
      }
    }

    @Actor
    public void trier(I_Result r) {
      try (Guard<Object, SpinLockBackend> g = lock.tryLock()) {
        r.r1 = g == null ? -1 : phase;
      }
    }
  }

  @JCStressTest
  @Outcome(id = "-1", expect = ACCEPTABLE, desc = "busy: the holder was inside")
  @Outcome(id = {"0", "2"}, expect = ACCEPTABLE, desc = "got it before or after the holder")
  @Outcome(id = "1", expect = FORBIDDEN, desc = "tryLock succeeded while the lock was held")
  @Outcome(expect = FORBIDDEN, desc = "impossible")
  @State
  public static class MutexTryLock {
    final Mutex<Object> lock = new Mutex<>(new Object());
    volatile int phase;

    @Actor
    public void holder() {
      try (Guard<Object, MutexBackend> g = lock.lock()) {
        g.get();
        phase = 1;
        phase = 2;
      }
    }

    @Actor
    public void trier(I_Result r) {
      try (Guard<Object, MutexBackend> g = lock.tryLock()) {
        r.r1 = g == null ? -1 : phase;
      }
    }
  }
}
