package dev.ctxlock.sample;

import dev.ctxlock.sample.bus.Bus;

/**
 * The bus-wide transfer totals: the value protected by the sample's plain {@code Lock<BusTraffic,
 * BusSpinLockBackend>}, the lock of the user-defined generic-style backend. No interrupt handler
 * touches it, so it is held with the bus awake but interrupts left alone.
 *
 * <p>Each bus user keeps its own share in a {@link Transfers} protected by this same lock (a
 * {@code LockedBy<Transfers, BusTraffic>}): a user bumps the total here and its share there in one
 * critical section, so the shares always add up to {@link #transfers}.
 */
public final class BusTraffic {

  /** Transfers made by every user together. */
  long transfers;

  /** Updates made while the bus was asleep: must stay 0. */
  long asleep;

  /** Records one transfer and checks the bus is awake; call it under the lock. */
  void transfer() {
    transfers++;
    if (!Bus.isAwake()) {
      asleep++;
    }
  }

  /** Returns an immutable copy; call it under the lock. */
  Snapshot snapshot() {
    return new Snapshot(transfers, asleep);
  }

  /**
   * An immutable copy of {@link BusTraffic}.
   *
   * @param transfers transfers made by every user together
   * @param asleep updates made with the bus asleep
   */
  public record Snapshot(long transfers, long asleep) {}
}
