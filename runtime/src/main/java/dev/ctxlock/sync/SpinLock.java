package dev.ctxlock.sync;

import com.google.errorprone.annotations.CheckReturnValue;
import com.google.errorprone.annotations.MustBeClosed;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A value protected by a spin lock that backs off ({@link SpinLockBackend}): for short critical
 * sections. The kernel's {@code SpinLock<T>}.
 *
 * <pre>{@code
 * SpinLock<Deque<Job>> queue = new SpinLock<>("jobs", new ArrayDeque<>());
 * try (Guard<Deque<Job>, SpinLockBackend> g = queue.lock()) {
 *   g.get().add(job);
 * }
 * }</pre>
 *
 * @param <T> the protected value's type
 */
public final class SpinLock<T> extends Lock<T, SpinLockBackend> {

  /** Creates an unlocked spin lock over {@code data}. */
  public SpinLock(T data) {
    super(SpinLockBackend.INSTANCE, data);
  }

  /** Creates an unlocked spin lock over {@code data}, named {@code name}. */
  public SpinLock(String name, T data) {
    super(SpinLockBackend.INSTANCE, name, data);
  }

  /**
   * Acquires the lock if it becomes free within {@code timeout}.
   *
   * <pre>{@code
   * try (Guard<Jobs, SpinLockBackend> g = jobs.tryLock(Duration.ofMillis(10))) {
   *   if (g == null) {
   *     return false;                     // still busy after 10 ms; nothing changed
   *   }
   *   g.get().add(job);
   *   return true;
   * }
   * }</pre>
   *
   * @return the guard, or {@code null} if the lock stayed busy for {@code timeout} (also when the
   *     calling thread holds it: the lock is not reentrant)
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; its
   *     interrupt status is cleared and nothing changed
   */
  @CheckReturnValue
  @MustBeClosed
  public @Nullable Guard<T, SpinLockBackend> tryLock(Duration timeout) throws InterruptedException {
    return timedTryLock(timeout);
  }

  /**
   * Acquires the lock, waiting until it is free or the thread is interrupted.
   *
   * @throws InterruptedException if the thread is interrupted on entry or while waiting; its
   *     interrupt status is cleared and nothing changed
   * @throws IllegalStateException if the calling thread already holds this lock
   */
  @MustBeClosed
  public Guard<T, SpinLockBackend> lockInterruptibly() throws InterruptedException {
    return interruptibleLock();
  }

  /** Returns {@link SpinLockBackend#INSTANCE}: a constant on the hot path (see {@link Lock#backendInstance}). */
  @Override
  protected final SpinLockBackend backendInstance() {
    return SpinLockBackend.INSTANCE;
  }
}
