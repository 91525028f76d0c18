package dev.ctxlock.sync;

import java.util.Objects;

/**
 * A value that only the holder of another lock, its owner, may touch: the kernel's {@code
 * LockedBy<T, U>}. For data that belongs to an object but is protected by a lock of a larger
 * structure, so that taking one lock gives access to many such values without a lock of their
 * own.
 *
 * <pre>{@code
 * // every device's counters are protected by the bus lock
 * final class Device {
 *   final LockedBy<Counters, BusState> counters;
 *   Device(SpinLock<BusState> bus) {
 *     this.counters = new LockedBy<>(bus, new Counters());
 *   }
 * }
 *
 * try (Guard<BusState, SpinLockBackend> bus = busLock.lock()) {
 *   for (Device d : devices) {
 *     d.counters.get(bus).polls++;
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #get} and {@link #set} accept only an open guard of the owner lock on the calling
 * thread, taken in any form ({@code lock()}, {@code lockWith()}, a witness), and not inside its own
 * {@link Guard#callUnlocked}; anything else is refused with {@link IllegalStateException}. So every
 * access happens under the owner lock, whose release and acquisition order the accesses (the
 * value is a plain field, like a {@link Lock}'s).
 *
 * <p>Unlike the kernel's, whose owner is checked by address at run time too, {@code get} here also
 * hands out the value for writing: Java has no shared/exclusive borrow to tell the two apart.
 *
 * @param <T> the protected value's type
 * @param <U> the owner lock's value type
 */
public final class LockedBy<T, U> {

  private final Lock<U, ?> owner;

  /** Read and written only under {@link #owner}, through a guard checked by {@link #check}. */
  private T data;

  /**
   * Creates a value protected by {@code owner}.
   *
   * @throws NullPointerException if {@code owner} is null
   */
  public LockedBy(Lock<U, ?> owner, T data) {
    this.owner = Objects.requireNonNull(owner, "owner");
    this.data = data;
  }

  /**
   * Returns the value.
   *
   * @throws NullPointerException if {@code ownerGuard} is null
   * @throws IllegalStateException unless {@code ownerGuard} is an open guard of the owner lock on
   *     this thread
   */
  public T get(Guard<U, ?> ownerGuard) {
    check(ownerGuard, "get");
    return data;
  }

  /**
   * Replaces the value.
   *
   * @throws NullPointerException if {@code ownerGuard} is null
   * @throws IllegalStateException unless {@code ownerGuard} is an open guard of the owner lock on
   *     this thread (nothing changed)
   */
  public void set(Guard<U, ?> ownerGuard, T data) {
    check(ownerGuard, "set");
    this.data = data;
  }

  private void check(Guard<U, ?> ownerGuard, String what) {
    Objects.requireNonNull(ownerGuard, "ownerGuard");
    ownerGuard.checkOpen(what + " a value locked by " + owner.name() + " with");
    if (ownerGuard.lockRef() != owner) {
      throw new IllegalStateException(
          "cannot " + what + " a value locked by " + owner.name() + " with a guard of "
              + ownerGuard.lockRef().name() + ": it is protected by " + owner + " only");
    }
  }

  @Override
  public String toString() {
    return "LockedBy[" + owner + "]";
  }
}
