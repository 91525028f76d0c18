package dev.ctxlock.sync;

/**
 * How one kind of lock acquires and releases its state {@code S}: the analog of the kernel's
 * {@code kernel::sync::lock::Backend}.
 *
 * <p>A backend holds no per-lock data: everything a lock needs lives in the state object that
 * {@link #newState()} returns, one per {@link Lock}. Implementations are stateless singletons
 * exposed as {@code public static final <Type> INSTANCE} (an enum constant counts), which is how
 * generated code names them.
 *
 * <p>Most code never calls a backend directly: {@link Lock#lock()} and the generated
 * {@code lockWith} methods do, and the returned {@link Guard} releases. Example of a backend over
 * a {@link java.util.concurrent.Semaphore} with one permit:
 *
 * <pre>{@code
 * public enum SemaphoreBackend implements Backend<Semaphore> {
 *   INSTANCE;
 *   public Semaphore newState() { return new Semaphore(1); }
 *   public void lock(Semaphore s) { s.acquireUninterruptibly(); }
 *   public boolean tryLock(Semaphore s) { return s.tryAcquire(); }
 *   public void unlock(Semaphore s) { s.release(); }
 *   public void assertIsHeld(Semaphore s) {
 *     if (s.availablePermits() != 0) throw new IllegalStateException("not held");
 *   }
 * }
 * Lock<List<String>, SemaphoreBackend> names = new Lock<>(SemaphoreBackend.INSTANCE, new ArrayList<>());
 * }</pre>
 *
 * @param <S> the state of one lock
 */
public interface Backend<S> {

  /** Returns the state of one new, unlocked lock. */
  S newState();

  /**
   * Acquires the lock, waiting as long as it takes.
   *
   * <p>Must establish happens-before from the previous {@link #unlock} of {@code state} (acquire
   * semantics), so that the protected data written under the lock is visible.
   *
   * @throws IllegalStateException if the backend detects that the calling thread already holds
   *     the lock (the shipped backends do; they are not reentrant)
   */
  void lock(S state);

  /**
   * Acquires the lock if it is free now.
   *
   * @return {@code true} when acquired; when {@code false} the lock state is unchanged
   */
  boolean tryLock(S state);

  /** Releases the lock, which the calling thread holds (release semantics). */
  void unlock(S state);

  /**
   * Acquires the lock again after {@link Guard#runUnlocked} released it. The default is {@link
   * #lock}; a backend that saved state at {@code unlock} may restore it here.
   */
  default void relock(S state) {
    lock(state);
  }

  /**
   * Checks that the calling thread holds the lock.
   *
   * @throws IllegalStateException when it does not
   */
  void assertIsHeld(S state);
}
