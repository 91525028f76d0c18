package dev.ctxlock.atomicity;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.CondVar;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The overflow as a program meets it, run by {@link StackOverflowRecursionTest} in forked JVMs:
 * a recursion that takes a lock at every level, recurses with it held, and releases it on the way
 * back (try-with-resources), until the stack overflows; the error then unwinds through every
 * level's release. Each trial runs on a fresh thread (a fresh emulated CPU) whose stack size
 * varies from trial to trial, so that the overflow hits every call of the deepest levels' paths
 * in turn. After each trial, from the trial's own thread with the stack unwound, it counts the
 * locks left held and the interrupt levels left disabled.
 *
 * <p>Every operation runs in the same JVM, one after another, each first warmed up (so that the
 * JIT compiles it, and the call sites shared between operations see every lock kind: the mixed
 * state of a real service), and {@link ReentrantLock} runs the same trials in the same JVM. Prints
 * one line per operation: {@code name trials trialsLeavingHeld locksHeld levelsLeft}.
 */
final class StackOverflowRecursion {

  private StackOverflowRecursion() {}

  /** Levels at most: more than any of the trials' stacks holds. */
  private static final int LEVELS = 40_000;

  /** One way to take and release a lock at a level, recursing in between. */
  enum Operation {
    SPIN_LOCK_LOCK(SpinLock::new),
    MUTEX_LOCK(Mutex::new),
    SPIN_LOCK_IRQ_LOCK(SpinLockIrq::new),
    SPIN_LOCK_IRQ_LOCK_WITH(SpinLockIrq::new),
    RUN_UNLOCKED(SpinLockIrq::new),
    CONDVAR_AWAIT(Mutex::new),
    REENTRANT_LOCK(null);

    final java.util.function.Function<int[], Lock<int[], ?>> make;

    Operation(java.util.function.Function<int[], Lock<int[], ?>> make) {
      this.make = make;
    }
  }

  /** One trial's locks and recursion. */
  private static final class Trial {
    final Operation op;
    final Lock<int[], ?>[] locks;
    final ReentrantLock[] reentrant;
    final CondVar cond = new CondVar("never");
    final int[] counter = new int[1];
    final int limit;
    int deepest;

    @SuppressWarnings("unchecked")
    Trial(Operation op, int levels) {
      this.op = op;
      this.limit = levels - 1;
      if (op == Operation.REENTRANT_LOCK) {
        locks = null;
        reentrant = new ReentrantLock[levels];
        for (int i = 0; i < levels; i++) {
          reentrant[i] = new ReentrantLock();
        }
      } else {
        reentrant = null;
        locks = (Lock<int[], ?>[]) new Lock<?, ?>[levels];
        for (int i = 0; i < levels; i++) {
          locks[i] = op.make.apply(new int[1]);
        }
      }
    }

    void level(int i) throws InterruptedException {
      if (i >= limit) {
        return;
      }
      deepest = i;
      switch (op) {
        case REENTRANT_LOCK -> {
          ReentrantLock l = reentrant[i];
          l.lock();
          try {
            counter[0]++;
            level(i + 1);
          } finally {
            l.unlock();
          }
        }
        case SPIN_LOCK_IRQ_LOCK_WITH -> {
          @SuppressWarnings("unchecked")
          SpinLockIrq<int[]> l = (SpinLockIrq<int[]>) locks[i];
          try (LocalInterruptDisabled off = LocalInterrupts.disable();
              Guard<int[], SpinLockBackend> g = l.lockWith(off)) {
            g.get()[0]++;
            level(i + 1);
          }
        }
        case RUN_UNLOCKED -> {
          try (Guard<int[], ?> g = locks[i].lock()) {
            g.get()[0]++;
            g.callUnlocked(
                () -> {
                  level(i + 1);
                  return null;
                });
          }
        }
        case CONDVAR_AWAIT -> {
          try (Guard<int[], ?> g = locks[i].lock()) {
            g.get()[0]++;
            cond.await(g, Duration.ZERO); // releases, times out at once, retakes
            level(i + 1);
          }
        }
        default -> {
          try (Guard<int[], ?> g = locks[i].lock()) {
            g.get()[0]++;
            level(i + 1);
          }
        }
      }
    }

    /** Locks left held, as this (their only) thread sees them. */
    int held() {
      int held = 0;
      for (int i = 0; i <= Math.min(deepest + 1, limit); i++) {
        if (op == Operation.REENTRANT_LOCK) {
          held += reentrant[i].isLocked() ? 1 : 0;
        } else {
          held += locks[i].isHeldByCurrentThread() ? 1 : 0;
        }
      }
      return held;
    }
  }

  /** Result of one trial: locks held, interrupt levels left. */
  private record Outcome(int held, int levels, Throwable unexpected) {}

  private static Outcome trial(Operation op, long stackBytes) throws Exception {
    // Allocated here, outside the trial's thread: its stack is for the recursion only.
    Trial t = new Trial(op, (int) Math.min(LEVELS, stackBytes / 16));
    AtomicReference<Outcome> out = new AtomicReference<>();
    Thread thread =
        new Thread(
            null,
            () -> {
              Throwable unexpected = null;
              try {
                t.level(0);
                unexpected = new AssertionError("the stack never overflowed");
              } catch (StackOverflowError expected) {
                // the point of the trial
              } catch (Throwable e) {
                unexpected = e;
              }
              int levels = LocalCpu.current().depth();
              out.set(new Outcome(t.held(), levels, unexpected));
            },
            "overflow-" + op,
            stackBytes);
    thread.start();
    thread.join(TimeUnit.SECONDS.toMillis(60));
    if (thread.isAlive()) {
      throw new AssertionError("a trial of " + op + " did not end in 60 s");
    }
    return out.get();
  }

  /** Warms every operation up at full stack, so that the JIT compiles their paths. */
  private static void warmUp(Operation op, int rounds) throws Exception {
    Trial t = new Trial(op, 8);
    for (int r = 0; r < rounds; r++) {
      shallow(t);
    }
  }

  private static void shallow(Trial t) throws InterruptedException {
    t.level(0); // as deep as the trial's few locks
  }

  public static void main(String[] args) throws Exception {
    int trials = Integer.parseInt(args.length > 0 ? args[0] : "40");
    int warm = Integer.parseInt(args.length > 1 ? args[1] : "0");
    List<Operation> ops = new ArrayList<>(List.of(Operation.values()));
    if (warm > 0) {
      for (Operation op : ops) {
        warmUp(op, warm);
      }
    }
    for (Operation op : ops) {
      int trialsHeld = 0;
      int held = 0;
      int levels = 0;
      String unexpected = "";
      for (int i = 0; i < trials; i++) {
        // 256 KiB to about 1 MiB, in steps that are not a multiple of any frame's size.
        long stack = 256 * 1024 + (long) i * 19_997;
        Outcome o = trial(op, stack);
        trialsHeld += o.held() > 0 ? 1 : 0;
        held += o.held();
        levels += o.levels();
        if (o.unexpected() != null && unexpected.isEmpty()) {
          unexpected = String.valueOf(o.unexpected());
        }
      }
      System.out.println(op + " " + trials + " " + trialsHeld + " " + held + " " + levels
          + (unexpected.isEmpty() ? "" : " " + unexpected));
    }
  }
}
