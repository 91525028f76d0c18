package dev.ctxlock.sample.bus;

import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockState;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/**
 * The lock of a device's register file: a user-defined backend that must enter two contexts on
 * every acquisition. Registers sit behind the {@link Bus}, so the bus must be awake while they are
 * accessed; and the device's interrupt handler writes them too (it acknowledges interrupts), so,
 * like any lock an interrupt handler takes, it must be held with local interrupts disabled. So
 * {@code lock} claims the bus and then takes the lock with {@link SpinLockIrqBackend} (disable
 * interrupts, spin); {@code unlock} undoes both, in reverse order.
 *
 * <p>The two annotations ask the processor for two fast paths, one per context the caller may
 * already be in. It generates {@code DeviceRegister<T> extends Lock<T, DeviceRegisterBackend>}
 * (inherent style, the default) with two {@code lockWith} / {@code tryLockWith} pairs, and {@code
 * DeviceRegisterBackendContexts} with two witnesses, {@code LOCAL_INTERRUPT_DISABLED} and {@code
 * BUS_CLAIMED}:
 *
 * <pre>{@code
 * DeviceRegister<Registers> regs = new DeviceRegister<>("regs", new Registers());
 * try (Guard<Registers, DeviceRegisterBackend> g = regs.lock()) {        // claim, disable, spin
 *   g.get().control = 1;
 * }
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
 *      Guard<Registers, BusSpinLockBackend> g = regs.lockWith(irqOff)) {  // claim, spin
 *   g.get().control = 2;
 * }
 * try (BusClaimed bus = Bus.claim();
 *      Guard<Registers, SpinLockIrqBackend> g = regs.lockWith(bus)) {     // disable, spin
 *   g.get().control = 3;
 * }
 * }</pre>
 *
 * <p><b>The trusted assertion</b> behind the annotations, the Java analog of the {@code unsafe}
 * code behind the kernel's {@code lock_with()}, which neither the processor nor the runtime can
 * prove:
 *
 * <ol>
 *   <li>One protocol over the shared state. All four backends involved, this one, {@link
 *       BusSpinLockBackend}, {@link SpinLockIrqBackend} and {@link SpinLockBackend}, take and
 *       free the one {@link SpinLockState} of a lock by the same spin protocol (they all end in
 *       {@code SpinLockBackend}'s compare-and-set of the owner), so {@code lock()} and both
 *       {@code lockWith} forms exclude each other. The processor checked the necessary part it can
 *       see: both contextual backends have exactly this backend's state type.
 *   <li>Each context makes its cheaper acquisition as safe as {@code lock()}. What {@code lock()}
 *       adds to the spin lock is "bus awake" and "interrupts off" for the whole critical section.
 *       A caller with an open {@link LocalInterruptDisabled} has interrupts off on this thread
 *       until it closes the token, which the runtime forbids before the guard is closed: {@link
 *       BusSpinLockBackend} adds the rest (the bus). A caller with an open {@link BusClaimed} has
 *       the bus awake for as long, by the same rule: {@link SpinLockIrqBackend} adds the rest
 *       (interrupts off, so the handler cannot run on this thread and spin on a lock its own
 *       thread holds).
 * </ol>
 *
 * <p>A caller in both contexts may use either. The two context types are final classes, neither a
 * subtype of the other, so no value is both and no {@code lockWith} call is ambiguous; the
 * processor warns when two contexts could overlap (two interfaces, say).
 */
@Waits(WaitType.SPIN) // spins with SpinLockIrqBackend
@WithContext(context = LocalInterruptDisabled.class, contextual = BusSpinLockBackend.class)
@WithContext(context = BusClaimed.class, contextual = SpinLockIrqBackend.class)
public enum DeviceRegisterBackend implements Backend<SpinLockState> {
  /** The backend. */
  INSTANCE;

  @Override
  public SpinLockState newState() {
    return SpinLockIrqBackend.INSTANCE.newState();
  }

  @Override
  public void lock(SpinLockState state) {
    Bus.enter();
    try {
      SpinLockIrqBackend.INSTANCE.lock(state);
    } catch (RuntimeException | Error e) {
      Bus.leave(); // reentrance: the irq backend took nothing, so give the claim back
      throw e;
    }
  }

  /**
   * Takes the lock if it is free, and only then claims the bus: a busy lock wakes nothing. (ctxlock
   * makes its first attempt at every acquisition with {@code tryLock}, so a claim made before
   * knowing would be one claim more, given back at once, for every contended {@code lock()}.)
   */
  @Override
  public boolean tryLock(SpinLockState state) {
    if (!SpinLockIrqBackend.INSTANCE.tryLock(state)) {
      return false; // busy: the bus as it was
    }
    try {
      Bus.enter();
    } catch (RuntimeException | Error e) {
      SpinLockIrqBackend.INSTANCE.unlock(state); // nothing taken after all
      throw e;
    }
    return true;
  }

  @Override
  public void unlock(SpinLockState state) {
    // Re-enabling interrupts may run pending handlers right here; they may take this very lock
    // (it is free by then), and the bus is still claimed, which does no harm.
    SpinLockIrqBackend.INSTANCE.unlock(state); // throws, changing nothing, if not held
    Bus.leave();
  }

  @Override
  public void assertIsHeld(SpinLockState state) {
    SpinLockIrqBackend.INSTANCE.assertIsHeld(state);
  }
}
