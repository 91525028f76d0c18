package dev.ctxlock.sample;

import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sample.bus.Bus;

/**
 * The device's register file, emulated: the value protected by the sample's {@code
 * DeviceRegister<Registers>}, the lock of the user-defined {@code DeviceRegisterBackend}.
 *
 * <p>Real registers may only be touched while the bus is awake, and, because the device's
 * interrupt handler writes them too, with local interrupts off. The lock guarantees both, whichever
 * way it was taken; {@link #access()} checks them on every access and counts any breach in {@link
 * #unsafe}, which must stay zero. Plain fields: the lock is what makes them safe.
 */
public final class Registers {

  /** Interrupts the device latched in its status register (device thread, {@code lock()}). */
  long latched;

  /** Interrupts the worker's handler acknowledged ({@code lockWith(LocalInterruptDisabled)}). */
  long acked;

  /** Control writes by the worker with {@code lock()}: claims the bus, disables interrupts. */
  long byLock;

  /** Control writes by the worker with {@code lockWith(LocalInterruptDisabled)}. */
  long byIrqOff;

  /** Control writes by the worker with {@code lockWith(BusClaimed)}. */
  long byBusClaimed;

  /** Every access of any kind: the sum of the five counters above if nothing was lost. */
  long accesses;

  /** Accesses made while the bus was asleep or interrupts were on this thread: must stay 0. */
  long unsafe;

  /** Records one access and checks that it is allowed now; call it under the lock. */
  void access() {
    accesses++;
    if (!Bus.isAwake() || !LocalInterrupts.areDisabled()) {
      unsafe++;
    }
  }

  /** Returns an immutable copy; call it under the lock. */
  Snapshot snapshot() {
    return new Snapshot(latched, acked, byLock, byIrqOff, byBusClaimed, accesses, unsafe);
  }

  /**
   * An immutable copy of {@link Registers}, safe to read anywhere.
   *
   * @param latched interrupts latched by the device
   * @param acked interrupts acknowledged by the handler
   * @param byLock worker writes with {@code lock()}
   * @param byIrqOff worker writes with {@code lockWith(LocalInterruptDisabled)}
   * @param byBusClaimed worker writes with {@code lockWith(BusClaimed)}
   * @param accesses all accesses
   * @param unsafe accesses with the bus asleep or interrupts on
   */
  public record Snapshot(
      long latched,
      long acked,
      long byLock,
      long byIrqOff,
      long byBusClaimed,
      long accesses,
      long unsafe) {}
}
