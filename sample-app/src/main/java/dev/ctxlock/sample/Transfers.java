package dev.ctxlock.sample;

/**
 * One bus user's own share of the bus traffic: a value that belongs to that user (the {@link
 * Device}, the {@link Worker}) but is protected by the bus traffic lock, through a {@code
 * LockedBy<Transfers, BusTraffic>}, the kernel's {@code LockedBy}. Whoever holds the bus traffic
 * lock may update the bus-wide totals and its own share in one critical section, and no lock of
 * its own is needed per user.
 *
 * <p>A plain field, like the other protected values: the owner lock is what makes it safe.
 */
public final class Transfers {

  /** Transfers this user made. */
  long count;

  /** Returns the count; call it with the owner lock held (through {@code LockedBy.get}). */
  long count() {
    return count;
  }
}
