package dev.ctxlock.sync;

/**
 * A supplier that may throw {@code X}; used by {@link Guard#callUnlocked}.
 *
 * @param <R> the result type
 * @param <X> what {@link #get()} may throw
 */
@FunctionalInterface
public interface ThrowingSupplier<R, X extends Throwable> {
  /** Computes the result. */
  R get() throws X;
}
