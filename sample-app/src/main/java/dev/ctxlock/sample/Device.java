package dev.ctxlock.sample;

import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sample.bus.BusSpinLockBackend;
import dev.ctxlock.sample.bus.DeviceRegister;
import dev.ctxlock.sample.bus.DeviceRegisterBackend;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.LockedBy;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import java.util.concurrent.locks.LockSupport;

/**
 * A device that interrupts a worker thread: it raises the worker's handler on that thread a fixed
 * number of times, in bursts with short pauses in between (so that the worker sometimes finds
 * nothing to do and idles), and counts each raise in the shared {@link Stats}. Before each raise it
 * latches the interrupt in its status register ({@link Registers}, which the worker's handler
 * acknowledges) and counts one bus transfer: in the bus-wide {@link BusTraffic} and in its own
 * {@link Transfers}, which the bus traffic lock protects too ({@link #transfers()}, a {@link
 * LockedBy}).
 *
 * <p>{@link LocalInterrupts#raise} only queues the handler: it runs later, on the target thread,
 * the next time that thread has interrupts enabled at a delivery point.
 */
public final class Device implements Runnable {

  private final SpinLockIrq<Stats> stats;
  private final DeviceRegister<Registers> regs;
  private final Lock<BusTraffic, BusSpinLockBackend> traffic;
  private final LockedBy<Transfers, BusTraffic> transfers;
  private final Thread target;
  private final InterruptHandler handler;
  private final int interrupts;
  private final int burst;
  private final long pauseNanos;
  private int refused;

  /**
   * Creates a device; run it on a thread of its own.
   *
   * @param stats the shared statistics, where raises are counted
   * @param regs the device's registers, where interrupts are latched
   * @param traffic the bus traffic counters
   * @param target the thread to interrupt
   * @param handler what runs on {@code target} for each interrupt
   * @param interrupts how many interrupts to raise
   * @param burst how many to raise back to back before each pause
   * @param pauseNanos how long each pause lasts
   */
  public Device(
      SpinLockIrq<Stats> stats,
      DeviceRegister<Registers> regs,
      Lock<BusTraffic, BusSpinLockBackend> traffic,
      Thread target,
      InterruptHandler handler,
      int interrupts,
      int burst,
      long pauseNanos) {
    this.stats = stats;
    this.regs = regs;
    this.traffic = traffic;
    this.transfers = new LockedBy<>(traffic, new Transfers());
    this.target = target;
    this.handler = handler;
    this.interrupts = interrupts;
    this.burst = burst;
    this.pauseNanos = pauseNanos;
  }

  @Override
  public void run() {
    for (int i = 1; i <= interrupts; i++) {
      // Latch first, then raise: the handler acknowledges only what is latched. The register
      // lock's lock() claims the bus and disables this thread's interrupts while held.
      try (Guard<Registers, DeviceRegisterBackend> guard = regs.lock()) {
        Registers r = guard.get();
        r.access();
        r.latched++;
      }
      // A plain Lock of the generic-style bus backend: lock() claims the bus, nothing else. Its
      // guard also opens this device's own share, which that lock protects (LockedBy).
      try (Guard<BusTraffic, BusSpinLockBackend> guard = traffic.lock()) {
        guard.get().transfer();
        transfers.get(guard).count++;
      }
      if (!LocalInterrupts.raise(target, handler)) {
        refused++; // the target thread has ended: nothing was raised
        continue;
      }
      // This thread has no handlers of its own, but it follows the same rule as everyone else:
      // lock() here disables this thread's interrupts while it holds the lock. The worker and its
      // handler may be spinning on the same lock at this moment, from the other thread.
      try (Guard<Stats, SpinLockIrqBackend> guard = stats.lock()) {
        Stats s = guard.get();
        s.raised++;
        s.updates++;
      }
      if (i % burst == 0) {
        LockSupport.parkNanos(pauseNanos);
      }
    }
  }

  /**
   * Returns this device's own transfer counters: protected by the bus traffic lock, so readable
   * only with a guard of that lock ({@code transfers().get(guard)}).
   */
  public LockedBy<Transfers, BusTraffic> transfers() {
    return transfers;
  }

  /** Returns how many raises failed because the target had ended; read after the thread ends. */
  public int refused() {
    return refused;
  }
}
