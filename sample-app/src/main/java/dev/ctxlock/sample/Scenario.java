package dev.ctxlock.sample;

import dev.ctxlock.sample.bus.Bus;
import dev.ctxlock.sample.bus.BusSpinLockBackend;
import dev.ctxlock.sample.bus.DeviceRegister;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.SpinLockIrq;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Wires a {@link Device} to a {@link Worker} over one {@code SpinLockIrq<Stats>}, the device's
 * {@code DeviceRegister<Registers>} (a user-defined backend with two contexts) and a {@code
 * Lock<BusTraffic, BusSpinLockBackend>} (a user-defined generic-style backend), runs both threads
 * to the end, and checks that nothing was lost.
 */
public final class Scenario {

  private Scenario() {}

  /**
   * How much to do.
   *
   * @param interrupts interrupts the device raises
   * @param rounds rounds of work the worker does (one update per path each)
   * @param idleEvery the worker idles after this many rounds
   * @param burst interrupts the device raises back to back
   * @param pauseNanos the device's pause after each burst
   * @param timeoutMillis how long to wait for both threads before giving up
   */
  public record Config(
      int interrupts, int rounds, int idleEvery, int burst, long pauseNanos, long timeoutMillis) {

    /** The sample's default: well under a second on a laptop. */
    public static Config standard() {
      return new Config(20_000, 20_000, 100, 50, 20_000, 10_000);
    }
  }

  /**
   * What happened.
   *
   * @param config what was asked
   * @param totals the statistics at the end, read under the lock
   * @param registers the device's registers at the end, read under their lock
   * @param traffic the bus traffic totals at the end, read under their lock
   * @param deviceTransfers the device's own share of the transfers (a {@code LockedBy} of the bus
   *     traffic lock), read under that lock
   * @param workerTransfers the worker's own share, likewise
   * @param busClaims claims of the bus made during the run, by tokens and backends alike
   * @param busUsersAtEnd claims still open at the end (leaked ones): 0 if all went well
   * @param condVarWaits how often the worker waited on the {@code CondVar} its handler signals
   * @param awaitInterruptIdles how often the worker idled in {@code awaitInterrupt()}
   * @param workerHandled interrupts the worker counted on its own thread
   * @param refusedRaises raises that failed because the worker had ended
   * @param errors what went to the threads' uncaught-exception handlers (a handler's exception
   *     lands there too), plus a timeout if any
   */
  public record Result(
      Config config,
      Stats.Snapshot totals,
      Registers.Snapshot registers,
      BusTraffic.Snapshot traffic,
      long deviceTransfers,
      long workerTransfers,
      long busClaims,
      int busUsersAtEnd,
      int condVarWaits,
      int awaitInterruptIdles,
      int workerHandled,
      int refusedRaises,
      List<String> errors) {

    /** Returns every way the run went wrong; empty if nothing was lost. */
    public List<String> problems() {
      List<String> problems = new ArrayList<>(errors);
      Stats.Snapshot t = totals;
      expect(problems, "interrupts raised", config.interrupts(), t.raised());
      expect(problems, "interrupts handled", t.raised(), t.handled());
      expect(problems, "interrupts the worker saw", t.handled(), workerHandled);
      expect(problems, "updates by lock()", config.rounds(), t.byLock());
      expect(problems, "updates by noirqWork (lockWith)", config.rounds(), t.byNoirqWork());
      expect(problems, "updates by the generic helper", config.rounds(), t.byGeneric());
      expect(
          problems,
          "updates in all",
          t.raised() + t.handled() + t.byLock() + t.byNoirqWork() + t.byGeneric(),
          t.updates());
      expect(problems, "work the handler posted and the worker took", t.handled(), t.processed());
      expect(problems, "work posted and never taken", 0, t.inbox());

      Registers.Snapshot r = registers;
      expect(problems, "interrupts latched in the registers", config.interrupts(), r.latched());
      expect(problems, "interrupts acknowledged in the registers", r.latched(), r.acked());
      expect(problems, "register writes by lock()", config.rounds(), r.byLock());
      expect(
          problems,
          "register writes by lockWith(LocalInterruptDisabled)",
          config.rounds(),
          r.byIrqOff());
      expect(
          problems, "register writes by lockWith(BusClaimed)", config.rounds(), r.byBusClaimed());
      expect(
          problems,
          "register accesses in all",
          r.latched() + r.acked() + r.byLock() + r.byIrqOff() + r.byBusClaimed(),
          r.accesses());
      expect(problems, "register accesses with the bus asleep or interrupts on", 0, r.unsafe());
      expect(problems, "bus transfers in the device's share", config.interrupts(), deviceTransfers);
      expect(problems, "bus transfers in the worker's share", config.rounds(), workerTransfers);
      expect(
          problems, "bus transfers in all", deviceTransfers + workerTransfers, traffic.transfers());
      expect(problems, "bus traffic updates with the bus asleep", 0, traffic.asleep());
      expect(problems, "bus claims", expectedBusClaims(config), busClaims);
      expect(problems, "bus claims left open", 0, busUsersAtEnd);
      return problems;
    }

    /**
     * Claims of the bus a run makes: every lock() of either user lock and every lockWith of the
     * register lock under LocalInterruptDisabled (which takes it with BusSpinLockBackend) claims
     * it once, as does Bus.claim(); the two BusClaimed fast paths claim nothing. Per interrupt:
     * the device's two lock() calls and the handler's lockWith. Per round: the worker's register
     * lock(), its lockWith(irqOff), and its Bus.claim().
     */
    static long expectedBusClaims(Config config) {
      return 3L * config.interrupts() + 3L * config.rounds();
    }

    private static void expect(List<String> problems, String what, long expected, long actual) {
      if (expected != actual) {
        problems.add(what + ": expected " + expected + ", got " + actual);
      }
    }
  }

  /** Runs the scenario on two new threads and returns what happened. */
  public static Result run(Config config) throws InterruptedException {
    SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());
    DeviceRegister<Registers> regs = new DeviceRegister<>("regs", new Registers());
    Lock<BusTraffic, BusSpinLockBackend> traffic =
        new Lock<>(BusSpinLockBackend.INSTANCE, "traffic", new BusTraffic());
    Queue<String> errors = new ConcurrentLinkedQueue<>();
    Thread.UncaughtExceptionHandler record =
        (thread, e) -> errors.add("uncaught on " + thread.getName() + ": " + e);

    Worker worker =
        new Worker(
            stats, regs, traffic, config.rounds(), config.interrupts(), config.idleEvery());
    Thread workerThread = new Thread(worker, "worker");
    Device device =
        new Device(
            stats,
            regs,
            traffic,
            workerThread,
            worker::onInterrupt,
            config.interrupts(),
            config.burst(),
            config.pauseNanos());
    Thread deviceThread = new Thread(device, "device");
    for (Thread t : List.of(workerThread, deviceThread)) {
      t.setDaemon(true); // a stuck run must not keep the JVM alive
      t.setUncaughtExceptionHandler(record);
    }

    long claimsBefore = Bus.claims();
    workerThread.start();
    deviceThread.start();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.timeoutMillis());
    for (Thread t : List.of(deviceThread, workerThread)) {
      long left = deadline - System.nanoTime();
      if (left > 0) {
        TimeUnit.NANOSECONDS.timedJoin(t, left);
      }
      if (t.isAlive()) {
        errors.add(t.getName() + " did not finish within " + config.timeoutMillis() + " ms");
        t.interrupt(); // wakes the worker if it idles (CondVar.await, awaitInterrupt)
        t.join(1_000);
      }
    }

    // Read before readTotals, whose tryLock() on the two user locks claims the bus too.
    long busClaims = Bus.claims() - claimsBefore;
    int busUsersAtEnd = Bus.users();
    Stats.Snapshot totals =
        readTotals(stats, g -> g.get().snapshot(), new Stats().snapshot(), errors);
    Registers.Snapshot registers =
        readTotals(regs, g -> g.get().snapshot(), new Registers().snapshot(), errors);
    // The totals and both shares under one acquisition of the bus traffic lock: the shares are
    // LockedBy values of that lock, readable only with its guard.
    TrafficTotals trafficTotals =
        readTotals(
            traffic,
            g ->
                new TrafficTotals(
                    g.get().snapshot(),
                    device.transfers().get(g).count(),
                    worker.transfers().get(g).count()),
            new TrafficTotals(new BusTraffic().snapshot(), 0, 0),
            errors);
    // join() made both threads' plain fields visible here.
    return new Result(
        config,
        totals,
        registers,
        trafficTotals.totals(),
        trafficTotals.device(),
        trafficTotals.worker(),
        busClaims,
        busUsersAtEnd,
        worker.condVarWaits(),
        worker.awaitInterruptIdles(),
        worker.handled(),
        device.refused(),
        List.copyOf(errors));
  }

  /** The bus traffic totals and both users' shares, read in one critical section. */
  private record TrafficTotals(BusTraffic.Snapshot totals, long device, long worker) {}

  /**
   * Reads totals under {@code lock}. With tryLock() rather than lock(): after a timeout a stuck
   * thread might still hold the lock, and the report must come out anyway.
   */
  private static <T, R> R readTotals(
      Lock<T, ?> lock, Function<Guard<T, ?>, R> snapshot, R whenBusy, Queue<String> errors)
      throws InterruptedException {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      try (Guard<T, ?> guard = lock.tryLock()) {
        if (guard != null) { // null: busy
          return snapshot.apply(guard);
        }
      }
      Thread.sleep(1);
    }
    errors.add("the " + lock.name() + " lock stayed busy after both threads were done");
    return whenBusy;
  }
}
