package dev.ctxlock.sample.bus;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.testkit.BackendPairContract;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Nested;

/**
 * The sample's user backend checked with ctxlock's contract test kit, once per context: the
 * {@code @WithContext} annotations on {@link DeviceRegisterBackend} are trusted assertions, and
 * this is how a user checks theirs.
 */
class DeviceRegisterContractTest {

  /** Proof: interrupts disabled; contextual backend: BusSpinLockBackend. */
  @Nested
  class UnderLocalInterruptDisabled
      extends BackendPairContract<
          DeviceRegister<long[]>, DeviceRegisterBackend, LocalInterruptDisabled> {

    @Override
    protected DeviceRegister<long[]> newLock(long[] data) {
      return new DeviceRegister<>("contract-irq", data);
    }

    @Override
    protected Guard<long[], ?> lockWith(DeviceRegister<long[]> lock, LocalInterruptDisabled c) {
      return lock.lockWith(c);
    }

    @Override
    protected @Nullable Guard<long[], ?> tryLockWith(
        DeviceRegister<long[]> lock, LocalInterruptDisabled c) {
      return lock.tryLockWith(c);
    }

    @Override
    protected LocalInterruptDisabled enterContext() {
      return LocalInterrupts.disable();
    }

    @Override
    protected BackendWithContext<DeviceRegisterBackend, LocalInterruptDisabled, ?> witness() {
      return DeviceRegisterBackendContexts.LOCAL_INTERRUPT_DISABLED;
    }

    /** What the proof proves, on this thread: lockWith must not toggle it. */
    @Override
    protected Object contextObservation() {
      return LocalInterrupts.areDisabled();
    }
  }

  /** Proof: the bus is claimed; contextual backend: SpinLockIrqBackend. */
  @Nested
  class UnderBusClaimed
      extends BackendPairContract<DeviceRegister<long[]>, DeviceRegisterBackend, BusClaimed> {

    @Override
    protected DeviceRegister<long[]> newLock(long[] data) {
      return new DeviceRegister<>("contract-bus", data);
    }

    @Override
    protected Guard<long[], ?> lockWith(DeviceRegister<long[]> lock, BusClaimed c) {
      return lock.lockWith(c);
    }

    @Override
    protected @Nullable Guard<long[], ?> tryLockWith(DeviceRegister<long[]> lock, BusClaimed c) {
      return lock.tryLockWith(c);
    }

    @Override
    protected BusClaimed enterContext() {
      return Bus.claim();
    }

    @Override
    protected BackendWithContext<DeviceRegisterBackend, BusClaimed, ?> witness() {
      return DeviceRegisterBackendContexts.BUS_CLAIMED;
    }

    // No contextObservation(): the bus claim count is global, not per thread, so other workers
    // change it; the scenario test checks the claim totals exactly instead.
  }
}
