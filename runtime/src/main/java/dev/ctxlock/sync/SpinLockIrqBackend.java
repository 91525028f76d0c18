package dev.ctxlock.sync;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.interrupt.LocalInterruptDisabled;

/**
 * A spin lock that disables local interrupts while held: the kernel's {@code SpinLockIrqBackend},
 * the backend of the generated {@link SpinLockIrq}.
 *
 * <p>{@code lock} disables interrupts on the calling thread (one more level) and then spins, so
 * no interrupt handler can run on this thread and deadlock on the lock it holds; {@code unlock}
 * releases and re-enables (pending handlers may run there). {@code tryLock} re-enables on failure.
 *
 * <p>A caller that already holds a {@link LocalInterruptDisabled} token need not toggle anything:
 * {@code lockWith(token)} takes the same lock with {@link SpinLockBackend} over the same {@link
 * SpinLockState}. That is the fast path this annotation asks the processor to generate:
 *
 * <pre>{@code
 * SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());
 * try (Guard<Stats, SpinLockIrqBackend> g = stats.lock()) {         // disables, then spins
 *   g.get().polls++;
 * }
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
 *      Guard<Stats, SpinLockBackend> g = stats.lockWith(irqOff)) {   // just spins
 *   g.get().polls++;
 * }
 * }</pre>
 */
@Waits(WaitType.SPIN)
@WithContext(context = LocalInterruptDisabled.class, contextual = SpinLockBackend.class)
public enum SpinLockIrqBackend implements TimedBackend<SpinLockState>, HeldQuery<SpinLockState> {
  /** The backend. */
  INSTANCE;

  @Override
  public SpinLockState newState() {
    return new SpinLockState();
  }

  @Override
  public void lock(SpinLockState state) {
    LocalCpu cpu = LocalCpu.current();
    LocalCpu.Frame frame = cpu.disable();
    Thread me = Thread.currentThread();
    try {
      SpinLockBackend.acquire(state, SpinLockState.irqWord(me), me);
    } catch (RuntimeException | Error e) {
      // Reentrance (or an OOM): give the level back, without delivering, so nothing changed.
      cpu.enable(frame);
      throw e;
    }
    // What unlock gives back, recorded under the lock just taken. Field stores in this frame, not
    // a call: nothing can fail between the acquisition and the record.
    state.irqCpu = cpu;
    if (frame != null) {
      state.irqFrame = frame;
    }
  }


  @Override
  public boolean tryLock(SpinLockState state) {
    LocalCpu cpu = LocalCpu.current();
    LocalCpu.Frame frame = cpu.disable();
    boolean acquired;
    try {
      acquired = state.tryAcquire(SpinLockState.irqWord(Thread.currentThread()));
    } catch (Throwable t) {
      // An Error before the CAS (a StackOverflowError in its call chain): the lock was not
      // taken. Give the level back, without delivering, so that nothing changed.
      cpu.enable(frame);
      throw t;
    }
    if (acquired) {
      state.irqCpu = cpu; // as in lock()
      if (frame != null) {
        state.irqFrame = frame;
      }
      return true;
    }
    if (cpu.enable(frame)) {
      cpu.deliverPending();
    }
    return false;
  }

  @Override
  public boolean tryLock(SpinLockState state, long timeoutNanos) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException(); // before the level is taken: nothing to give back
    }
    LocalCpu cpu = LocalCpu.current();
    LocalCpu.Frame frame = cpu.disable();
    boolean acquired;
    try {
      Thread me = Thread.currentThread();
      acquired = SpinLockBackend.tryAcquire(state, SpinLockState.irqWord(me), me, timeoutNanos);
    } catch (Throwable t) {
      giveBack(cpu, frame, t);
      throw t;
    }
    if (acquired) {
      state.irqCpu = cpu; // as in lock()
      if (frame != null) {
        state.irqFrame = frame;
      }
      return true;
    }
    if (cpu.enable(frame)) {
      cpu.deliverPending();
    }
    return false;
  }

  @Override
  public void lockInterruptibly(SpinLockState state) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    LocalCpu cpu = LocalCpu.current();
    LocalCpu.Frame frame = cpu.disable();
    try {
      Thread me = Thread.currentThread();
      SpinLockBackend.acquireInterruptibly(state, SpinLockState.irqWord(me), me);
    } catch (Throwable t) {
      giveBack(cpu, frame, t);
      throw t;
    }
    state.irqCpu = cpu; // as in lock()
    if (frame != null) {
      state.irqFrame = frame;
    }
  }

  /**
   * Gives back the level an acquisition took when it fails with {@code failure}: interrupts go
   * back on as they were. Pending handlers run there, as after a failed {@code tryLock}, unless the
   * failure is an {@link Error} (a handler would likely fail the same way; the next delivery point
   * runs them).
   */
  private static void giveBack(LocalCpu cpu, LocalCpu.Frame frame, Throwable failure) {
    if (cpu.enable(frame) && !(failure instanceof Error)) {
      cpu.deliverPending();
    }
  }

  @Override
  public void unlock(SpinLockState state) {
    LocalCpu cpu = holderCpu(state);
    LocalCpu.Frame frame = state.irqFrame;
    state.irqCpu = null;
    if (frame != null) {
      state.irqFrame = null;
    }
    state.release();
    // After the release: a handler delivered here may take this very lock.
    cpu.enableAndDeliver(frame);
  }

  // Why unlock is this small (within 35 bytes of bytecode, C2's MaxInlineSize): C2 inlines a method
  // of that size at any call site, however rarely taken, such as the shipped backends' branches in
  // Guard.unlockBy; a release compiled into its caller needs no frame of its own, so a
  // StackOverflowError cannot cut it short between the lock's release and its level's. Its calls
  // stay one frame below it, as before the split, so that the interpreted release reaches no
  // deeper than the acquisition (Lock, "Stack for the release").

  /**
   * The holder's CPU, after checking that the caller holds the lock through this backend. The
   * CPU field alone proves it: only such a holder writes its own CPU there, and clears it before
   * releasing; a thread always sees its own last write, and another thread's write is never its
   * CPU. So neither the word nor the thread's id is needed here (a lock this thread took with
   * SpinLockBackend has no CPU).
   */
  private static LocalCpu holderCpu(SpinLockState state) {
    LocalCpu cpu = state.irqCpu;
    if (cpu == null || !cpu.isCurrent()) {
      throw unlockFailure(state);
    }
    return cpu;
  }

  private static IllegalStateException unlockFailure(SpinLockState state) {
    if (state.isHeldBy(Thread.currentThread())) {
      return new IllegalStateException(
          "unlock: this spin lock was taken by SpinLockBackend (lockWith); release it with that"
              + " backend");
    }
    return new IllegalStateException("unlock: the spin lock is not held by this thread");
  }

  @Override
  public void assertIsHeld(SpinLockState state) {
    SpinLockBackend.checkHeld(state, "assertIsHeld");
  }

  @Override
  public boolean isHeldByCurrentThread(SpinLockState state) {
    return state.isHeldBy(Thread.currentThread());
  }
}
