/**
 * User-defined lock backends with contexts, as a driver would write them: a peripheral {@link
 * dev.ctxlock.sample.bus.Bus} that must be awake for register access, its proof {@link
 * dev.ctxlock.sample.bus.BusClaimed}, and two backends over the runtime's {@code SpinLockState}
 * that the ctxlock processor extends: {@link dev.ctxlock.sample.bus.DeviceRegisterBackend}
 * (inherent style, two contexts: the generated {@code DeviceRegister<T>}) and {@link
 * dev.ctxlock.sample.bus.BusSpinLockBackend} (generic style: only the generated witness class
 * {@code BusSpinLockBackendContexts}).
 *
 * <p>A package of its own so that the proof means something: code outside it, the rest of the
 * sample included, cannot construct a {@code BusClaimed}; it must call {@link
 * dev.ctxlock.sample.bus.Bus#claim()}, which wakes the bus.
 */
package dev.ctxlock.sample.bus;
