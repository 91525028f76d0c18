package dev.ctxlock.sync;

/**
 * A backend whose waits can be bounded and interrupted: the analog of {@code lock_api}'s {@code
 * RawMutexTimed} and of {@link java.util.concurrent.locks.Lock#tryLock(long,
 * java.util.concurrent.TimeUnit)}. The shipped backends implement it, so {@link SpinLock}, {@link
 * Mutex} and the generated {@code SpinLockIrq} have {@code tryLock(Duration)} and {@code
 * lockInterruptibly()}, and a timed contextual backend gives {@code tryLockWith(context,
 * Duration)}.
 *
 * <pre>{@code
 * Mutex<Config> config = new Mutex<>("config", Config.defaults());
 * try (Guard<Config, MutexBackend> g = config.tryLock(Duration.ofMillis(50))) {
 *   if (g == null) {
 *     return Optional.empty();          // busy for 50 ms: give up, nothing changed
 *   }
 *   return Optional.of(g.get().copy());
 * }
 * }</pre>
 *
 * <p>Both methods follow {@code java.util.concurrent}: they throw {@link InterruptedException}
 * and clear the thread's interrupt status if it is set on entry or becomes set while waiting, and
 * an acquisition that gives up (timeout or interruption) leaves {@code state}, and anything else
 * the backend changes on the way (an interrupt level), as it found it.
 *
 * @param <S> the state of one lock
 */
public interface TimedBackend<S> extends Backend<S> {

  /**
   * Acquires the lock if it becomes free within {@code timeoutNanos}. A timeout of zero or less
   * makes one attempt, like {@link #tryLock(Object)} (but still checks for interruption first).
   *
   * @return {@code true} when acquired; {@code false} when the time elapsed first, with the lock
   *     state unchanged (also when the calling thread holds the lock: the shipped backends are not
   *     reentrant)
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; its
   *     interrupt status is cleared and the lock state is unchanged
   */
  boolean tryLock(S state, long timeoutNanos) throws InterruptedException;

  /**
   * Acquires the lock, waiting until it is free or the thread is interrupted.
   *
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; its
   *     interrupt status is cleared and the lock state is unchanged
   * @throws IllegalStateException if the backend detects that the calling thread already holds the
   *     lock (the shipped backends do)
   */
  void lockInterruptibly(S state) throws InterruptedException;
}
