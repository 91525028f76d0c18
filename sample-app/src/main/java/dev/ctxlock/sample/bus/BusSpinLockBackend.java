package dev.ctxlock.sample.bus;

import dev.ctxlock.annotations.Style;
import dev.ctxlock.annotations.WithContext;
import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockState;
import dev.ctxlock.sync.WaitType;
import dev.ctxlock.sync.Waits;

/**
 * A spin lock for data that lives behind the {@link Bus}: {@code lock} claims the bus (waking it
 * if it sleeps), then spins with {@link SpinLockBackend}; {@code unlock} releases the spin lock,
 * then the claim. It leaves local interrupts alone, so it suits data that no interrupt handler
 * touches, and it is the contextual backend {@code DeviceRegister.lockWith(LocalInterruptDisabled)}
 * uses when interrupts are already off.
 *
 * <p><b>Generic style.</b> {@code style = Style.GENERIC} makes the processor generate only the
 * witness class {@code BusSpinLockBackendContexts}, with one constant, {@code BUS_CLAIMED}; no
 * lock class. Locks of this backend are plain {@code Lock<T, BusSpinLockBackend>}s, and a caller
 * that holds a {@link BusClaimed} token takes one with the witness:
 *
 * <pre>{@code
 * Lock<BusTraffic, BusSpinLockBackend> traffic =
 *     new Lock<>(BusSpinLockBackend.INSTANCE, "traffic", new BusTraffic());
 * try (BusClaimed bus = Bus.claim();
 *      Guard<BusTraffic, SpinLockBackend> g =
 *          traffic.lockWith(BusSpinLockBackendContexts.BUS_CLAIMED, bus)) {
 *   g.get().transfers++;                     // no second claim of the bus
 * }
 * }</pre>
 *
 * <p><b>The trusted assertion</b> behind the annotation, checked by nobody but its author:
 *
 * <ol>
 *   <li>One protocol over the shared state: this backend takes and frees the {@link
 *       SpinLockState} only through {@link SpinLockBackend#INSTANCE}, so {@code lock()} and
 *       {@code lockWith(BUS_CLAIMED, bus)} on one lock exclude each other (and exclude every
 *       other backend that runs the same spin protocol over that state).
 *   <li>The context makes the cheaper acquisition safe: the only thing {@code lock} adds to the
 *       spin lock is a claim of the bus. A caller holding an open {@link BusClaimed} already has
 *       one, on this thread, and cannot close it before the guard taken with it (the runtime
 *       checks that), so the bus is awake for the whole critical section either way.
 * </ol>
 */
@Waits(WaitType.SPIN) // spins with SpinLockBackend
@WithContext(context = BusClaimed.class, contextual = SpinLockBackend.class, style = Style.GENERIC)
public enum BusSpinLockBackend implements Backend<SpinLockState> {
  /** The backend. */
  INSTANCE;

  @Override
  public SpinLockState newState() {
    return SpinLockBackend.INSTANCE.newState();
  }

  @Override
  public void lock(SpinLockState state) {
    Bus.enter();
    try {
      SpinLockBackend.INSTANCE.lock(state);
    } catch (RuntimeException | Error e) {
      Bus.leave(); // reentrance: nothing taken, so give the claim back
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
    if (!SpinLockBackend.INSTANCE.tryLock(state)) {
      return false; // busy: the bus as it was
    }
    try {
      Bus.enter();
    } catch (RuntimeException | Error e) {
      SpinLockBackend.INSTANCE.unlock(state); // nothing taken after all
      throw e;
    }
    return true;
  }

  @Override
  public void unlock(SpinLockState state) {
    SpinLockBackend.INSTANCE.unlock(state); // throws, changing nothing, if not held
    Bus.leave();
  }

  @Override
  public void assertIsHeld(SpinLockState state) {
    SpinLockBackend.INSTANCE.assertIsHeld(state);
  }
}
