package dev.ctxlock.sync;

/**
 * What a backend's thread does while the lock it wants is busy: the kernel's lockdep {@code
 * wait_type}. A backend declares it with {@link Waits}, and every rule that depends on it reads
 * that declaration, for ctxlock's backends and users' alike:
 *
 * <ul>
 *   <li>the lock validator's "sleeping in atomic context": a {@link #SLEEP} acquisition while the
 *       thread's interrupts are disabled or it holds a {@link #SPIN} lock;
 *   <li>{@link CondVar}: a wait while holding a {@link #SPIN} lock other than the guard's own;
 *   <li>the Error Prone check {@code CtxlockSleepInAtomic}.
 * </ul>
 *
 * <pre>{@code
 * @Waits(WaitType.SPIN)
 * public enum RingBackend implements Backend<SpinLockState> { ... }
 * }</pre>
 *
 * <p>A backend without {@link Waits} is of unknown wait type: no rule counts holding it as atomic
 * context, nor taking it as sleeping.
 */
public enum WaitType {
  /**
   * The waiter stays on its CPU (spins, yields, or parks briefly but never gives up its CPU to
   * the scheduler in the kernel's sense): holding such a lock is atomic context, where nothing
   * may sleep. {@link SpinLockBackend} and {@link SpinLockIrqBackend}.
   */
  SPIN,
  /**
   * The waiter sleeps until the holder hands over: taking such a lock may sleep, so it must not
   * happen in atomic context. {@link MutexBackend}.
   */
  SLEEP
}
