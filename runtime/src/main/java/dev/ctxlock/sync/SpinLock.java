package dev.ctxlock.sync;

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

  /** Returns {@link SpinLockBackend#INSTANCE}: a constant on the hot path (see {@link Lock#backendInstance}). */
  @Override
  protected final SpinLockBackend backendInstance() {
    return SpinLockBackend.INSTANCE;
  }
}
