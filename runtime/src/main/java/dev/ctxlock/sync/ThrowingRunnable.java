package dev.ctxlock.sync;

/**
 * An action that may throw {@code X}; used by {@link Guard#runUnlocked}.
 *
 * @param <X> what {@link #run()} may throw
 */
@FunctionalInterface
public interface ThrowingRunnable<X extends Throwable> {
  /** Runs the action. */
  void run() throws X;
}
