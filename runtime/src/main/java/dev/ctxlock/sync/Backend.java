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
   * Acquires the lock if it is free now. Like every acquiring method here, it takes nothing when
   * it throws an exception: the runtime rethrows it as the acquisition's failure and never
   * releases a lock it cannot confirm the calling thread took.
   *
   * @return {@code true} when acquired; when {@code false} the lock state is unchanged
   */
  boolean tryLock(S state);

  /**
   * Releases the lock, which the calling thread holds (release semantics).
   *
   * <p>If this throws, the runtime asks {@link #assertIsHeld} whether the lock is still held: if
   * so, the guard stays open (nothing changed, and closing it again releases), else it closes.
   */
  void unlock(S state);

  /**
   * Acquires the lock again after {@link Guard#runUnlocked} released it. The default is {@link
   * #lock}; a backend that saved state at {@code unlock} may restore it here.
   */
  default void relock(S state) {
    lock(state);
  }

  /**
   * Checks that the calling thread holds the lock. The runtime relies on the answer after a
   * backend method failed (see {@link #unlock}); a backend that can only tell whether some thread
   * holds it (a semaphore) gives an answer good for assertions but not for that.
   *
   * @throws IllegalStateException when it does not
   */
  void assertIsHeld(S state);
}
