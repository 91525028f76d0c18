package dev.ctxlock.atomicity;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The stack-overflow sweep that {@link StackOverflowSweepTest} runs in a forked JVM: for each
 * operation named on the command line (all by default), recurses until the stack overflows and on
 * the way back up attempts the operation once per frame, each time with one frame more of stack,
 * on a fresh lock (all allocated beforehand), catching what it throws. The attempts near the
 * bottom are cut short at every call of the operation in turn; the ones higher up complete. With
 * the stack unwound, it counts the locks left held and the interrupt levels left disabled, and
 * prints one line per operation: {@code name attempts errors exceptions held depth notes}, then
 * the same for {@link ReentrantLock} (locked and unlocked in try/finally) swept the same way on
 * its own thread, as {@code REENTRANT_LOCK ...}.
 *
 * <p>Each sweep runs on a new thread (a new emulated CPU) with a fixed stack size.
 */
final class StackOverflowSweep {

  private StackOverflowSweep() {}

  /** Attempts per sweep at most; a sweep stops earlier once {@link #ENOUGH_OK} succeed in a row. */
  static final int ATTEMPTS = 600;

  /** Consecutive complete attempts after which the rest of the stack is of no interest. */
  private static final int ENOUGH_OK = 150;

  private static final long STACK_BYTES = 512 * 1024;

  /** One kind of operation, with its resources allocated for every attempt. */
  enum Operation {
    SPIN_LOCK_LOCK(n -> new Target(locks(n, i -> new SpinLock<>(new int[1])), i -> {})) {
      @Override
      void attempt(Target t, int i) {
        try (Guard<int[], ?> g = t.locks[i].lock()) {
          g.get()[0]++;
        }
      }
    },
    MUTEX_LOCK(n -> new Target(locks(n, i -> new Mutex<>(new int[1])), i -> {})) {
      @Override
      void attempt(Target t, int i) {
        try (Guard<int[], ?> g = t.locks[i].lock()) {
          g.get()[0]++;
        }
      }
    },
    SPIN_LOCK_IRQ_LOCK(n -> new Target(locks(n, i -> new SpinLockIrq<>(new int[1])), i -> {})) {
      @Override
      void attempt(Target t, int i) {
        try (Guard<int[], ?> g = t.locks[i].lock()) {
          g.get()[0]++;
        }
      }
    },
    SPIN_LOCK_IRQ_TRY_LOCK(
        n -> new Target(locks(n, i -> new SpinLockIrq<>(new int[1])), i -> {})) {
      @Override
      void attempt(Target t, int i) {
        try (Guard<int[], ?> g = t.locks[i].tryLock()) {
          if (g != null) {
            g.get()[0]++;
          }
        }
      }
    },
    LOCK_WITH_TOKEN(n -> new Target(locks(n, i -> new SpinLockIrq<>(new int[1])), i -> {})) {
      @SuppressWarnings("unchecked")
      @Override
      void attempt(Target t, int i) {
        SpinLockIrq<int[]> lock = (SpinLockIrq<int[]>) t.locks[i];
        try (LocalInterruptDisabled off = LocalInterrupts.disable();
            Guard<int[], SpinLockBackend> g = lock.lockWith(off)) {
          g.get()[0]++;
        }
      }
    },
    RUN_UNLOCKED(n -> new Target(locks(n, i -> new SpinLockIrq<>(new int[1])), i -> {})) {
      @Override
      void attempt(Target t, int i) {
        try (Guard<int[], ?> g = t.locks[i].lock()) {
          g.runUnlocked(() -> t.ran[i]++);
          g.get()[0]++;
        }
      }
    },
    DISABLE_CLOSE(n -> new Target(locks(0, null), i -> {})) {
      @Override
      void attempt(Target t, int i) {
        try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
          t.ran[0] += off.hashCode() == 0 ? 0 : 1;
        }
      }
    },
    RAISE_TO_SELF(n -> new Target(locks(0, null), i -> {})) {
      @Override
      void attempt(Target t, int i) {
        // Interrupts are enabled: delivered at once, at this depth.
        t.attempt = i;
        LocalInterrupts.raise(Thread.currentThread(), t.handlers[i]);
        t.returned[i] = true;
      }
    };

    private final IntFunction<Target> allocate;

    Operation(IntFunction<Target> allocate) {
      this.allocate = allocate;
    }

    abstract void attempt(Target t, int i);

    /**
     * Whether a lock this operation leaves held keeps an interrupt level with it: an irq lock's
     * own, or the token's that cannot close while its guard is open.
     */
    boolean holdsALevel() {
      return name().contains("IRQ") || this == RUN_UNLOCKED || this == LOCK_WITH_TOKEN;
    }
  }

  /** Everything a sweep's attempts use, allocated before it starts. */
  static final class Target {
    final Lock<int[], ?>[] locks;
    final int[] ran = new int[ATTEMPTS + 1];
    final boolean[] returned = new boolean[ATTEMPTS + 1];
    /** Attempts whose handler the runtime reported to the thread (it threw: an overflow). */
    final boolean[] reported = new boolean[ATTEMPTS + 1];
    int attempt;
    final InterruptHandler[] handlers = new InterruptHandler[ATTEMPTS + 1];

    Target(Lock<int[], ?>[] locks, java.util.function.IntConsumer unused) {
      this.locks = locks;
      for (int i = 0; i < handlers.length; i++) {
        int index = i;
        handlers[i] = context -> ran[index]++;
      }
    }
  }

  private static Lock<int[], ?>[] locks(int n, IntFunction<Lock<int[], ?>> make) {
    @SuppressWarnings("unchecked") // an array of a parameterized type: only Lock<int[], ?> go in
    Lock<int[], ?>[] out = (Lock<int[], ?>[]) new Lock<?, ?>[n];
    for (int i = 0; i < n; i++) {
      out[i] = make.apply(i);
    }
    return out;
  }

  /** The recursion: one attempt per frame on the way back up. No calls besides the attempt. */
  private abstract static class Sweep {
    int next;
    int errors;
    int exceptions;
    Throwable firstException;
    int consecutiveOk;

    @SuppressWarnings("InfiniteRecursion") // on purpose: until the stack overflows
    void descend() {
      try {
        descend();
      } catch (StackOverflowError bottom) {
        // The deepest frame: the attempts start here.
      }
      if (next < ATTEMPTS && consecutiveOk < ENOUGH_OK) {
        int i = next++;
        try {
          attempt(i);
          consecutiveOk++;
        } catch (Error e) {
          errors++;
          consecutiveOk = 0;
        } catch (Throwable t) {
          exceptions++;
          consecutiveOk = 0;
          if (firstException == null) {
            firstException = t;
          }
        }
      }
    }

    abstract void attempt(int i);
  }

  /** What a sweep left behind. */
  record Result(int attempts, int errors, int exceptions, int held, int depth, String notes) {
    String line() {
      return attempts + " " + errors + " " + exceptions + " " + held + " " + depth + " "
          + notes.replace('\n', ' ');
    }
  }

  private static Result sweep(Operation op) {
    Target target = op.allocate.apply(ATTEMPTS + 1);
    Thread.currentThread()
        .setUncaughtExceptionHandler((thread, e) -> target.reported[target.attempt] = true);
    // Warm-up at full stack on the spare resource: loads every class the attempt uses.
    op.attempt(target, ATTEMPTS);
    if (target.locks.length == 0 && op == Operation.RAISE_TO_SELF) {
      target.ran[ATTEMPTS] = 0;
    }
    Sweep s =
        new Sweep() {
          @Override
          void attempt(int i) {
            op.attempt(target, i);
          }
        };
    s.descend();
    LocalInterrupts.deliverPending(); // a delivery point with the whole stack: the backlog runs
    int held = 0;
    for (int i = 0; i < Math.min(s.next, target.locks.length); i++) {
      if (isHeld(target.locks[i])) {
        held++;
      }
    }
    StringBuilder notes = new StringBuilder();
    if (op == Operation.RAISE_TO_SELF) {
      int twice = 0;
      for (int i = 0; i < s.next; i++) {
        twice += target.ran[i] > 1 ? 1 : 0;
      }
      int silent = 0;
      for (int i = 0; i < s.next; i++) {
        silent += target.returned[i] && target.ran[i] == 0 && !target.reported[i] ? 1 : 0;
      }
      if (silent != 0) {
        notes.append(silent).append(" handlers raised but neither run nor reported; ");
      }
      if (twice != 0) {
        notes.append(twice).append(" handlers ran more than once; ");
      }
      if (LocalCpu.current().hasPending()) {
        notes.append("handlers still pending at a delivery point; ");
      }
    }
    if (s.firstException != null) {
      notes.append("first exception: ").append(s.firstException);
    }
    return new Result(
        s.next, s.errors, s.exceptions, held, LocalCpu.current().depth(), notes.toString());
  }

  private static Result sweepReentrantLock() {
    ReentrantLock[] locks = new ReentrantLock[ATTEMPTS];
    int[] counter = new int[1];
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
    Sweep s =
        new Sweep() {
          @Override
          void attempt(int i) {
            ReentrantLock l = locks[i];
            l.lock();
            try {
              counter[0]++;
            } finally {
              l.unlock();
            }
          }
        };
    s.descend();
    int held = 0;
    for (int i = 0; i < s.next; i++) {
      held += locks[i].isLocked() ? 1 : 0;
    }
    return new Result(s.next, s.errors, s.exceptions, held, 0, "");
  }

  /** Whether this thread (the only one using it) left {@code lock} held: tryLock fails. */
  private static boolean isHeld(Lock<?, ?> lock) {
    try (Guard<?, ?> g = lock.tryLock()) {
      return g == null;
    }
  }

  /** Runs {@code body} on a new thread with a {@link #STACK_BYTES} stack, 60 s at most. */
  private static Result onNewCpu(Supplier<Result> body) throws Exception {
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            null,
            () -> {
              try {
                result.set(body.get());
              } catch (Throwable e) {
                failure.set(e);
              }
            },
            "sweep",
            STACK_BYTES);
    t.start();
    t.join(TimeUnit.SECONDS.toMillis(60));
    if (t.isAlive()) {
      throw new AssertionError("the sweep did not finish in 60 s: " + List.of(t.getStackTrace()));
    }
    if (failure.get() != null) {
      throw new AssertionError("the sweep failed at full stack", failure.get());
    }
    return result.get();
  }

  public static void main(String[] args) throws Exception {
    List<Operation> ops = List.of(Operation.values());
    if (args.length > 0) {
      ops = new java.util.ArrayList<>();
      for (String a : args) {
        ops.add(Operation.valueOf(a));
      }
    }
    for (Operation op : ops) {
      System.out.println(op + " " + onNewCpu(() -> sweep(op)).line());
    }
    System.out.println("REENTRANT_LOCK " + onNewCpu(StackOverflowSweep::sweepReentrantLock).line());
  }
}
