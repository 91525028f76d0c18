package dev.ctxlock.atomicity;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.CondVar;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockState;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;
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
 * <p>Every operation, users' backends included, runs in the same JVM, each first warmed up (so
 * that the JIT compiles it, its exception handlers too, and the call sites shared between
 * operations see every lock kind: the mixed state of a real service), then a few discarded
 * overflows per operation let the JIT settle what the first ones changed. The measured trials
 * are interleaved, one of each operation per stack size, {@link ReentrantLock} among them, so
 * that every operation meets the same JIT state. Arguments: trials, warm-up rounds, settling
 * overflows. Prints one line per operation: {@code name trials trialsLeavingHeld locksHeld
 * levelsLeft [first unexpected failure]}.
 */
final class StackOverflowRecursion {

  private StackOverflowRecursion() {}

  /** Levels at most: more than any of the trials' stacks holds. */
  private static final int LEVELS = 160_000;

  /** One way to take and release a lock at a level, recursing in between. */
  enum Operation {
    SPIN_LOCK_LOCK(SpinLock::new),
    MUTEX_LOCK(Mutex::new),
    SPIN_LOCK_IRQ_LOCK(SpinLockIrq::new),
    SPIN_LOCK_IRQ_LOCK_WITH(SpinLockIrq::new),
    RUN_UNLOCKED(SpinLockIrq::new),
    CONDVAR_AWAIT(Mutex::new),
    /** A user's backend that delegates to {@link SpinLockBackend}, through its lock class. */
    USER_DELEGATING(DelegatingLock::new),
    /** A user's backend with a state of its own, through its lock class. */
    USER_OWN_STATE(OwnStateLock::new),
    REENTRANT_LOCK(null);

    final java.util.function.Function<int[], Lock<int[], ?>> make;

    Operation(java.util.function.Function<int[], Lock<int[], ?>> make) {
      this.make = make;
    }
  }

  // ---- Users' backends, each with a lock class of the shape the processor generates (final,
  // ---- its backend a constant), since that is how a user's code takes them.

  /** Delegates every method to {@link SpinLockBackend}. */
  @Waits(WaitType.SPIN)
  enum Delegating implements Backend<SpinLockState> {
    INSTANCE;

    @Override
    public SpinLockState newState() {
      return SpinLockBackend.INSTANCE.newState();
    }

    @Override
    public void lock(SpinLockState state) {
      SpinLockBackend.INSTANCE.lock(state);
    }

    @Override
    public boolean tryLock(SpinLockState state) {
      return SpinLockBackend.INSTANCE.tryLock(state);
    }

    @Override
    public void unlock(SpinLockState state) {
      SpinLockBackend.INSTANCE.unlock(state);
    }

    @Override
    public void assertIsHeld(SpinLockState state) {
      SpinLockBackend.INSTANCE.assertIsHeld(state);
    }
  }

  /** The state of {@link OwnState}: the holder, set by a CAS. */
  static final class Owner extends AtomicReference<Thread> {
    private static final long serialVersionUID = 1L;
  }

  /** A spin lock over a state of its own. */
  @Waits(WaitType.SPIN)
  enum OwnState implements Backend<Owner> {
    INSTANCE;

    @Override
    public Owner newState() {
      return new Owner();
    }

    @Override
    public void lock(Owner state) {
      while (!tryLock(state)) {
        Thread.onSpinWait();
      }
    }

    @Override
    public boolean tryLock(Owner state) {
      return state.compareAndSet(null, Thread.currentThread());
    }

    @Override
    public void unlock(Owner state) {
      if (state.get() != Thread.currentThread()) {
        throw new IllegalStateException("not held by this thread");
      }
      state.set(null);
    }

    @Override
    public void assertIsHeld(Owner state) {
      if (state.get() != Thread.currentThread()) {
        throw new IllegalStateException("not held by this thread");
      }
    }
  }

  /** {@link Delegating}'s lock class. */
  static final class DelegatingLock extends Lock<int[], Delegating> {
    DelegatingLock(int[] data) {
      super(Delegating.INSTANCE, data);
    }

    @Override
    protected Delegating backendInstance() {
      return Delegating.INSTANCE;
    }
  }

  /** {@link OwnState}'s lock class. */
  static final class OwnStateLock extends Lock<int[], OwnState> {
    OwnStateLock(int[] data) {
      super(OwnState.INSTANCE, data);
    }

    @Override
    protected OwnState backendInstance() {
      return OwnState.INSTANCE;
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
    /** Thrown at the deepest level instead of returning, when set: the warm-up's unwinding. */
    RuntimeException unwind;

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

    /**
     * The recursion from level {@code i}. Each operation recurses in a method of its own, as each
     * lock in a program is taken at call sites of its own: one method holding every operation
     * would be larger than C2 inlines into, an artefact of the test rather than of the runtime.
     */
    void level(int i) throws InterruptedException {
      switch (op) {
        case REENTRANT_LOCK -> reentrantLock(i);
        case SPIN_LOCK_LOCK -> spinLock(i);
        case MUTEX_LOCK -> mutex(i);
        case SPIN_LOCK_IRQ_LOCK -> spinLockIrq(i);
        case SPIN_LOCK_IRQ_LOCK_WITH -> lockWith(i);
        case RUN_UNLOCKED -> callUnlocked(i);
        case CONDVAR_AWAIT -> await(i);
        case USER_DELEGATING -> userDelegating(i);
        case USER_OWN_STATE -> userOwnState(i);
      }
    }

    /** True at the bottom: the recursion returns, or throws the warm-up's error. */
    private boolean bottom(int i) {
      if (i >= limit) {
        if (unwind != null) {
          throw unwind;
        }
        return true;
      }
      deepest = i;
      return false;
    }

    private void reentrantLock(int i) {
      if (bottom(i)) {
        return;
      }
      ReentrantLock l = reentrant[i];
      l.lock();
      try {
        counter[0]++;
        reentrantLock(i + 1);
      } finally {
        l.unlock();
      }
    }

    private void spinLock(int i) {
      if (bottom(i)) {
        return;
      }
      try (Guard<int[], ?> g = locks[i].lock()) {
        g.get()[0]++;
        spinLock(i + 1);
      }
    }

    private void mutex(int i) {
      if (bottom(i)) {
        return;
      }
      try (Guard<int[], ?> g = locks[i].lock()) {
        g.get()[0]++;
        mutex(i + 1);
      }
    }

    private void spinLockIrq(int i) {
      if (bottom(i)) {
        return;
      }
      try (Guard<int[], ?> g = locks[i].lock()) {
        g.get()[0]++;
        spinLockIrq(i + 1);
      }
    }

    private void lockWith(int i) {
      if (bottom(i)) {
        return;
      }
      @SuppressWarnings("unchecked")
      SpinLockIrq<int[]> l = (SpinLockIrq<int[]>) locks[i];
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<int[], SpinLockBackend> g = l.lockWith(off)) {
        g.get()[0]++;
        lockWith(i + 1);
      }
    }

    private void callUnlocked(int i) {
      if (bottom(i)) {
        return;
      }
      try (Guard<int[], ?> g = locks[i].lock()) {
        g.get()[0]++;
        g.callUnlocked(
            () -> {
              callUnlocked(i + 1);
              return null;
            });
      }
    }

    private void userDelegating(int i) {
      if (bottom(i)) {
        return;
      }
      try (Guard<int[], ?> g = locks[i].lock()) {
        g.get()[0]++;
        userDelegating(i + 1);
      }
    }

    private void userOwnState(int i) {
      if (bottom(i)) {
        return;
      }
      try (Guard<int[], ?> g = locks[i].lock()) {
        g.get()[0]++;
        userOwnState(i + 1);
      }
    }

    private void await(int i) throws InterruptedException {
      if (bottom(i)) {
        return;
      }
      try (Guard<int[], ?> g = locks[i].lock()) {
        g.get()[0]++;
        cond.await(g, Duration.ZERO); // releases, times out at once, retakes
        await(i + 1);
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
    Trial t = new Trial(op, (int) Math.min(LEVELS, stackBytes / 8));
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

  /**
   * Warms an operation up at full stack, so that the JIT compiles its paths, its exception
   * handlers included: the rounds alternate between a recursion that returns and one whose
   * deepest level throws, which runs every level's release from its handler. (A handler that
   * never ran is compiled as a trap: the first time it runs, under an overflow, it runs
   * interpreted, which is a program's first failure rather than the steady state measured here.)
   */
  private static void warmUp(Operation op, int rounds) throws Exception {
    Trial t = new Trial(op, 8);
    RuntimeException unwind = new RuntimeException("warm-up", null, false, false) {};
    for (int r = 0; r < rounds; r++) {
      t.unwind = (r & 1) == 0 ? null : unwind;
      try {
        shallow(t);
      } catch (RuntimeException e) {
        if (e != unwind) {
          throw e;
        }
      }
    }
  }

  private static void shallow(Trial t) throws InterruptedException {
    t.level(0); // as deep as the trial's few locks
  }

  public static void main(String[] args) throws Exception {
    int trials = Integer.parseInt(args.length > 0 ? args[0] : "40");
    int warm = Integer.parseInt(args.length > 1 ? args[1] : "0");
    int settle = Integer.parseInt(args.length > 2 ? args[2] : "0");
    List<Operation> ops = new ArrayList<>(List.of(Operation.values()));
    if (warm > 0) {
      for (Operation op : ops) {
        warmUp(op, warm);
      }
    }
    for (int i = 0; i < settle; i++) {
      // Discarded: the first overflows run paths for the first time (see warmUp).
      for (Operation op : ops) {
        trial(op, 256 * 1024 + (long) i * 7_919);
      }
    }
    int n = ops.size();
    int[] trialsHeld = new int[n];
    int[] held = new int[n];
    int[] levels = new int[n];
    String[] unexpected = new String[n];
    for (int i = 0; i < trials; i++) {
      // 256 KiB to about 1 MiB, in steps that are not a multiple of any frame's size.
      long stack = 256 * 1024 + (long) i * 19_997;
      for (int k = 0; k < n; k++) {
        Outcome o = trial(ops.get(k), stack);
        trialsHeld[k] += o.held() > 0 ? 1 : 0;
        held[k] += o.held();
        levels[k] += o.levels();
        if (o.unexpected() != null && unexpected[k] == null) {
          unexpected[k] = String.valueOf(o.unexpected());
        }
      }
    }
    for (int k = 0; k < n; k++) {
      System.out.println(ops.get(k) + " " + trials + " " + trialsHeld[k] + " " + held[k] + " "
          + levels[k] + (unexpected[k] == null ? "" : " " + unexpected[k]));
    }
  }
}
