package dev.ctxlock.sample;

import dev.ctxlock.sample.bus.Bus;

/**
 * Counters of the transfers made over the bus: the value protected by the sample's plain {@code
 * Lock<BusTraffic, BusSpinLockBackend>}, the lock of the user-defined generic-style backend. No
 * interrupt handler touches it, so it is held with the bus awake but interrupts left alone.
 */
public final class BusTraffic {

  /** Transfers the device thread counted with {@code lock()}, which claims the bus. */
  long byDevice;

  /**
   * Transfers the worker counted through {@link GenericHelpers} with the witness {@code
   * BusSpinLockBackendContexts.BUS_CLAIMED} and its own {@code BusClaimed} token.
   */
  long byWorker;

  /** Updates made while the bus was asleep: must stay 0. */
  long asleep;

  /** Records one transfer's bookkeeping check; call it under the lock. */
  void checkAwake() {
    if (!Bus.isAwake()) {
      asleep++;
    }
  }

  /** Returns an immutable copy; call it under the lock. */
  Snapshot snapshot() {
    return new Snapshot(byDevice, byWorker, asleep);
  }

  /**
   * An immutable copy of {@link BusTraffic}.
   *
   * @param byDevice transfers counted by the device thread
   * @param byWorker transfers counted by the worker through the generic helper
   * @param asleep updates made with the bus asleep
   */
  public record Snapshot(long byDevice, long byWorker, long asleep) {}
}
