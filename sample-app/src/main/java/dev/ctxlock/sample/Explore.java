package dev.ctxlock.sample;

import dev.ctxlock.explorer.Explorer;
import dev.ctxlock.explorer.Report;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.sample.bus.Bus;
import dev.ctxlock.sample.bus.BusClaimed;
import dev.ctxlock.sample.bus.BusSpinLockBackend;
import dev.ctxlock.sample.bus.BusSpinLockBackendContexts;
import dev.ctxlock.sample.bus.DeviceRegister;
import dev.ctxlock.sample.bus.DeviceRegisterBackend;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;

/**
 * The {@code --explore} mode: the sample's device and bus locking, in miniature, through the
 * schedule explorer. A worker writes the device's registers and the shared statistics with {@code
 * lock()}; the device's interrupt, which may arrive on the worker wherever its interrupts are on,
 * takes both with {@code lockWith(irqOff)}; a device thread moves bus traffic under a bus claim.
 * Every interleaving and interrupt arrival within two preemptions is run; the check after each is
 * that no bus claim leaked.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
final class Explore {

  private Explore() {}

  static Report run() {
    return Explorer.explorer()
        .explore(
            s -> {
              SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());
              DeviceRegister<Registers> regs = new DeviceRegister<>("regs", new Registers());
              Lock<BusTraffic, BusSpinLockBackend> traffic =
                  new Lock<>(BusSpinLockBackend.INSTANCE, "traffic", new BusTraffic());
              s.thread("worker", () -> {
                try (Guard<Registers, DeviceRegisterBackend> r = regs.lock()) { // bus, irqs off
                  r.get().byLock++;
                }
                try (Guard<Stats, SpinLockIrqBackend> g = stats.lock()) {
                  g.get().byLock++;
                }
              });
              s.interrupt("worker", (LocalInterruptDisabled irqOff) -> {
                try (Guard<Registers, BusSpinLockBackend> r = regs.lockWith(irqOff)) {
                  r.get().latched++;
                }
                try (Guard<Stats, SpinLockBackend> g = stats.lockWith(irqOff)) {
                  g.get().handled++;
                }
              });
              s.thread("device", () -> {
                try (BusClaimed bus = Bus.claim();
                    Guard<BusTraffic, SpinLockBackend> t =
                        traffic.lockWith(BusSpinLockBackendContexts.BUS_CLAIMED, bus)) {
                  t.get().transfers++;
                }
                try (Guard<Stats, SpinLockIrqBackend> g = stats.lock()) {
                  g.get().raised++;
                }
              });
              s.check(() -> {
                if (Bus.users() != 0) {
                  throw new AssertionError(Bus.users() + " bus claim(s) left open");
                }
              });
            });
  }
}
