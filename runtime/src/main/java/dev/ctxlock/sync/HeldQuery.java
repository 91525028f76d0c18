package dev.ctxlock.sync;

/**
 * A backend that can tell, without throwing, whether the calling thread holds a lock state: what
 * {@code Lock.isHeldByCurrentThread()} asks when the backend offers it. Any other backend is asked
 * through its {@code assertIsHeld}, the one check the {@code Backend} contract requires.
 *
 * <p>Package-private: a capability of the backends in this package, not an identity. The runtime
 * asks "does this backend answer?", never "is this a shipped backend?".
 *
 * @param <S> the backend's state type
 */
interface HeldQuery<S> {

  /** Whether the calling thread holds the lock whose state is {@code state}. */
  boolean isHeldByCurrentThread(S state);
}
