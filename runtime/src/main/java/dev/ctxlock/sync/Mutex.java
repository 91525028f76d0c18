package dev.ctxlock.sync;

import com.google.errorprone.annotations.CheckReturnValue;
import com.google.errorprone.annotations.MustBeClosed;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A value protected by a sleeping lock ({@link MutexBackend}): waiters park instead of spinning.
 * The kernel's {@code Mutex<T>}.
 *
 * <pre>{@code
 * Mutex<Map<String, byte[]>> cache = new Mutex<>("cache", new HashMap<>());
 * try (Guard<Map<String, byte[]>, MutexBackend> g = cache.lock()) {
 *   g.get().put(key, load(key));
 * }
 * }</pre>
 *
 * @param <T> the protected value's type
 */
public final class Mutex<T> extends Lock<T, MutexBackend> {

  /** Creates an unlocked mutex over {@code data}. */
  public Mutex(T data) {
    super(MutexBackend.INSTANCE, data);
  }

  /** Creates an unlocked mutex over {@code data}, named {@code name}. */
  public Mutex(String name, T data) {
    super(MutexBackend.INSTANCE, name, data);
  }

  /**
   * Acquires the lock if it becomes free within {@code timeout}.
   *
   * <pre>{@code
   * try (Guard<Jobs, MutexBackend> g = jobs.tryLock(Duration.ofMillis(10))) {
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
  public @Nullable Guard<T, MutexBackend> tryLock(Duration timeout) throws InterruptedException {
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
  public Guard<T, MutexBackend> lockInterruptibly() throws InterruptedException {
    return interruptibleLock();
  }

  /** Returns {@link MutexBackend#INSTANCE}: a constant on the hot path (see {@link Lock#backendInstance}). */
  @Override
  protected final MutexBackend backendInstance() {
    return MutexBackend.INSTANCE;
  }
}
