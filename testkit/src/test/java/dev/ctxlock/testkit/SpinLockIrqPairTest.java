package dev.ctxlock.testkit;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import org.jspecify.annotations.Nullable;

/** The shipped pair: SpinLockIrqBackend with SpinLockBackend under LocalInterruptDisabled. */
class SpinLockIrqPairTest
    extends BackendPairContract<SpinLockIrq<long[]>, SpinLockIrqBackend, LocalInterruptDisabled> {

  @Override
  protected SpinLockIrq<long[]> newLock(long[] data) {
    return new SpinLockIrq<>("contract", data);
  }

  @Override
  protected Guard<long[], ?> lockWith(SpinLockIrq<long[]> lock, LocalInterruptDisabled context) {
    return lock.lockWith(context);
  }

  @Override
  protected @Nullable Guard<long[], ?> tryLockWith(
      SpinLockIrq<long[]> lock, LocalInterruptDisabled context) {
    return lock.tryLockWith(context);
  }

  @Override
  protected LocalInterruptDisabled enterContext() {
    return LocalInterrupts.disable();
  }

  @Override
  protected BackendWithContext<SpinLockIrqBackend, LocalInterruptDisabled, ?> witness() {
    return SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED;
  }

  @Override
  protected Object contextObservation() {
    return LocalInterrupts.areDisabled();
  }
}
