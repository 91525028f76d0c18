package dev.ctxlock.sample;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sample.bus.Bus;
import dev.ctxlock.sample.bus.BusClaimed;
import dev.ctxlock.sample.bus.BusSpinLockBackend;
import dev.ctxlock.sample.bus.BusSpinLockBackendContexts;
import dev.ctxlock.sample.bus.DeviceRegister;
import dev.ctxlock.sample.bus.DeviceRegisterBackend;
import dev.ctxlock.sync.CondVar;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.LockedBy;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;

/**
 * The driver side, run on the thread that the device interrupts: it does its own work on the
 * shared {@link Stats} in three ways, writes the device's {@link Registers} in three ways and
 * counts {@link BusTraffic} (and its own share of it, a {@link LockedBy}), idles when it has
 * nothing to do, and owns the interrupt handler ({@link #onInterrupt}) that the device raises on
 * this thread.
 *
 * <p>Why a {@code SpinLockIrq}: an interrupt handler runs on this very thread, in between any two
 * steps of the worker's code. If the worker held a plain spin lock when the handler came and the
 * handler took the same lock, the thread would wait for itself forever. {@code SpinLockIrq.lock()}
 * therefore disables interrupts on this thread for as long as the lock is held; handlers raised
 * meanwhile wait and run when the lock is released.
 *
 * <p>Why {@code lockWith(token)}: where interrupts are already disabled (inside a {@code
 * LocalInterrupts.disable()} block, or in a handler) there is nothing to disable. Whoever holds
 * the {@link LocalInterruptDisabled} token can prove it, and {@code lockWith(token)} takes the
 * same lock as a plain spin lock, skipping the interrupt bookkeeping.
 *
 * <p>The registers' {@code DeviceRegister} is a user-defined lock with two contexts: {@code lock()}
 * claims the bus and disables interrupts; {@code lockWith(irqOff)} only claims the bus; {@code
 * lockWith(busClaimed)} only disables interrupts. Whatever context the worker is in, it skips
 * entering it again.
 *
 * <p>Why a {@link CondVar}: the handler does the urgent part of each interrupt (count it,
 * acknowledge it) and posts the rest to {@link Stats#inbox}; the worker takes the posted work
 * when it idles, like a kernel driver's bottom half. It idles in {@code workPosted.await(guard)}
 * on its {@code stats.lock()} guard: the wait releases the lock, which turns interrupts back on,
 * so the handler runs right there, on this thread, posts under {@code lockWith(its token)} and
 * signals the very condition the worker waits on.
 */
public final class Worker implements Runnable {

  private final SpinLockIrq<Stats> stats;
  private final DeviceRegister<Registers> regs;
  private final Lock<BusTraffic, BusSpinLockBackend> traffic;
  private final LockedBy<Transfers, BusTraffic> transfers;
  private final CondVar workPosted = new CondVar("workPosted");
  private final int rounds;
  private final int expectedInterrupts;
  private final int idleEvery;

  /**
   * Interrupts handled so far. Only ever touched on the worker thread (handlers run there), and
   * only changed at a delivery point, so {@link #idleUntilInterrupted()} can read it without a
   * lock and without a race; see there.
   */
  private int handledHere;

  private int condVarWaits;
  private int awaitInterruptIdles;

  /**
   * Creates a worker; run it on the thread that the device interrupts.
   *
   * @param stats the shared statistics
   * @param regs the device's registers
   * @param traffic the bus traffic counters
   * @param rounds how many rounds of work to do (each makes three updates of {@code stats},
   *     three register writes and one traffic update)
   * @param expectedInterrupts how many interrupts the device will raise on this worker
   * @param idleEvery idle after this many rounds (if interrupts are still to come)
   */
  public Worker(
      SpinLockIrq<Stats> stats,
      DeviceRegister<Registers> regs,
      Lock<BusTraffic, BusSpinLockBackend> traffic,
      int rounds,
      int expectedInterrupts,
      int idleEvery) {
    this.stats = stats;
    this.regs = regs;
    this.traffic = traffic;
    this.transfers = new LockedBy<>(traffic, new Transfers());
    this.rounds = rounds;
    this.expectedInterrupts = expectedInterrupts;
    this.idleEvery = idleEvery;
  }

  @Override
  public void run() {
    try {
      for (int round = 1; round <= rounds; round++) {
        doRound();
        if (round % idleEvery == 0) {
          idleUntilWorkPosted();
        }
      }
      // Done with our own work: stay until every interrupt the device raises has been handled,
      // idling in awaitInterrupt(), then take the work the last handlers posted.
      while (handledHere < expectedInterrupts) {
        idleUntilInterrupted();
      }
      takePostedWork();
    } catch (InterruptedException e) {
      // Scenario interrupts us (Thread.interrupt) only when it gives up waiting; it reports that.
      Thread.currentThread().interrupt();
    }
  }

  /** One round of work: one update through each path. */
  private void doRound() {
    // 1. Ordinary code, interrupts enabled. lock() disables them on this thread while it holds
    //    the lock, and re-enables them at close(): handlers raised meanwhile run right there.
    try (Guard<Stats, SpinLockIrqBackend> guard = stats.lock()) {
      Stats s = guard.get();
      s.byLock++;
      s.updates++;
    }
    // The user-defined register lock, from the same state: lock() enters both of its contexts,
    // a bus claim and interrupts off, and leaves them at close().
    try (Guard<Registers, DeviceRegisterBackend> guard = regs.lock()) {
      Registers r = guard.get();
      r.access();
      r.byLock++;
    }

    // 2. A section that runs with interrupts disabled, e.g. because it must not be interrupted
    //    as a whole. It lends its proof to the functions it calls; only this block closes it.
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      noirqWork(irqOff);
      // The same update through generic code that works for any lock with a witness.
      GenericHelpers.update(
          stats,
          SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED,
          irqOff,
          s -> {
            s.byGeneric++;
            s.updates++;
          });
    } // interrupts back on: handlers raised during the block run here, in order

    // 3. A bus transaction: claim the bus once for several accesses. The token proves the bus is
    //    awake, so neither lock below claims it again.
    try (BusClaimed bus = Bus.claim()) {
      // Inherent style: DeviceRegister's second overload, lockWith(BusClaimed). It still disables
      // interrupts (SpinLockIrqBackend): the handler writes the registers too.
      try (Guard<Registers, SpinLockIrqBackend> guard = regs.lockWith(bus)) {
        Registers r = guard.get();
        r.access();
        r.byBusClaimed++;
      }
      // Generic style: the bus lock has no lockWith of its own, only a witness, which the
      // generic helper accepts. Its guard also opens this worker's own share (LockedBy).
      GenericHelpers.withGuard(
          traffic,
          BusSpinLockBackendContexts.BUS_CLAIMED,
          bus,
          guard -> {
            guard.get().transfer();
            transfers.get(guard).count++;
          });
    } // the bus may sleep again
  }

  /**
   * Work that may only run with interrupts disabled, and says so in its signature: the caller must
   * hand it the proof. The kernel example's {@code noirq_work(e, &LocalInterruptDisabled)}.
   *
   * @param irqOff proof that interrupts are disabled on this thread; lent, not to be closed here
   */
  void noirqWork(LocalInterruptDisabled irqOff) {
    // Interrupts are already off: take the lock as a plain spin lock. The guard is a
    // Guard<Stats, SpinLockBackend>, so closing it does not touch the interrupt state either.
    try (Guard<Stats, SpinLockBackend> guard = stats.lockWith(irqOff)) {
      Stats s = guard.get();
      s.byNoirqWork++;
      s.updates++;
    }
    // The register lock's first overload, lockWith(LocalInterruptDisabled): it only claims the
    // bus (BusSpinLockBackend) and leaves the interrupt state alone.
    try (Guard<Registers, BusSpinLockBackend> guard = regs.lockWith(irqOff)) {
      Registers r = guard.get();
      r.access();
      r.byIrqOff++;
    }
  }

  /**
   * The interrupt handler: raised by the device thread, run on this thread with interrupts
   * disabled, and handed a token that proves it. It uses that token with {@code lockWith}.
   *
   * <p>It must not close the token (the runtime does when the handler returns) and must close
   * every guard it took with it before returning.
   *
   * @param irqOff the proof, borrowed from the runtime for the duration of this call
   */
  public void onInterrupt(LocalInterruptDisabled irqOff) {
    try (Guard<Stats, SpinLockBackend> guard = stats.lockWith(irqOff)) {
      Stats s = guard.get();
      s.handled++;
      s.updates++;
      s.inbox++; // work for the worker, outside the handler
    }
    // Wakes the worker if it waits on workPosted, which it can only do on this very thread,
    // interrupted inside its await(): a delivery point where this handler runs. Anywhere else
    // nobody waits, and signal() does nothing.
    workPosted.signal();
    // Acknowledge the interrupt in the device's status register: interrupts are off already, so
    // only the bus is claimed.
    try (Guard<Registers, BusSpinLockBackend> guard = regs.lockWith(irqOff)) {
      Registers r = guard.get();
      r.access();
      r.acked++;
    }
    handledHere++;
  }

  /**
   * Idles on {@link #workPosted} until the handler has posted work, if an interrupt is still to
   * come, then takes all the work posted.
   *
   * <p>The check and the wait are one step as far as the handler is concerned: the check runs
   * under {@code stats.lock()}, which keeps this thread's interrupts off, and {@code await} queues
   * this thread as a waiter before it releases the lock (and so before any handler can run). A
   * handler that posts work therefore either ran before the check, which then sees the work, or
   * runs inside the wait and its signal wakes it. {@code handledHere} is read under the same lock,
   * so it cannot change between the check and the wait either.
   */
  private void idleUntilWorkPosted() throws InterruptedException {
    try (Guard<Stats, SpinLockIrqBackend> guard = stats.lock()) {
      Stats s = guard.get();
      while (s.inbox == 0 && handledHere < expectedInterrupts) {
        condVarWaits++;
        workPosted.await(guard); // interrupts on while waiting: handlers run here
      }
      s.processed += s.inbox;
      s.inbox = 0;
    }
  }

  /** Takes whatever work the handler posted, without waiting. */
  private void takePostedWork() {
    try (Guard<Stats, SpinLockIrqBackend> guard = stats.lock()) {
      Stats s = guard.get();
      s.processed += s.inbox;
      s.inbox = 0;
    }
  }

  /**
   * Idles until an interrupt comes, if one is still to come; returns after handling it (and any
   * others pending).
   *
   * <p>Check-then-idle has a trap: the check must not pass a delivery point. Had it read {@code
   * Stats.handled} under the lock, closing the guard could run the last pending handler after
   * the check said "one to go", and {@code awaitInterrupt()} would then wait for an interrupt
   * that never comes. {@link #handledHere} changes only when handlers run on this thread, which
   * cannot happen between the check and {@code awaitInterrupt()}; if it says one is still to
   * come, it is pending now or will be raised, and {@code awaitInterrupt()} returns.
   */
  private void idleUntilInterrupted() throws InterruptedException {
    if (handledHere < expectedInterrupts) {
      awaitInterruptIdles++;
      LocalInterrupts.awaitInterrupt();
    }
  }

  /**
   * Returns how often the worker waited on its {@code CondVar} (each {@code await} call, spurious
   * wake-ups included); read after the thread ends.
   */
  public int condVarWaits() {
    return condVarWaits;
  }

  /** Returns how often the worker idled in {@code awaitInterrupt()}; read after the thread ends. */
  public int awaitInterruptIdles() {
    return awaitInterruptIdles;
  }

  /**
   * Returns this worker's own transfer counters: protected by the bus traffic lock, so readable
   * only with a guard of that lock ({@code transfers().get(guard)}).
   */
  public LockedBy<Transfers, BusTraffic> transfers() {
    return transfers;
  }

  /** Returns how many interrupts this worker handled; read after its thread ended. */
  public int handled() {
    return handledHere;
  }
}
