package dev.ctxlock.sync;

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

  /** Returns {@link MutexBackend#INSTANCE}: a constant on the hot path (see {@link Lock#backendInstance}). */
  @Override
  protected final MutexBackend backendInstance() {
    return MutexBackend.INSTANCE;
  }
}
