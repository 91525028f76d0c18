package dev.ctxlock.sample;

import java.util.List;
import java.util.Locale;

/**
 * The sample app: runs the device/worker {@link Scenario}, prints what happened and checks that no
 * interrupt or update was lost (exit code 1 if one was), then prints the table of the kernel patch's benchmark
 * measured on this JVM by {@link QuickBench}. With {@code --lock-bugs}, runs {@link LockBugs}
 * instead.
 *
 * <pre>
 * mvn -B -q -DskipTests package &amp;&amp; java -jar sample-app/target/ctxlock-sample-app.jar
 * </pre>
 */
public final class Main {

  private static final int WARMUP_ROUNDS = 20_000;
  private static final long WARMUP_MILLIS = 1_500;
  private static final int ROUNDS = 5;
  private static final int SAMPLES = 1_000;

  private Main() {}

  /**
   * Runs the sample.
   *
   * @param args none for the scenario and the table; {@code --lock-bugs} for {@link LockBugs};
   *     {@code --explore} for {@link Explore}
   */
  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--explore")) {
      explore();
      return;
    }
    // Before any lock exists: without --explore, the schedule explorer on the class path stays
    // unloaded, so that the locks below run as they do in an application.
    if (System.getProperty("ctxlock.explorer") == null) {
      System.setProperty("ctxlock.explorer", "off");
    }
    if (List.of(args).contains("--lock-bugs")) {
      lockBugs();
      return;
    }
    Scenario.Config config = Scenario.Config.standard();
    System.out.println("ctxlock sample: a device thread interrupts a worker thread; both share");
    System.out.println("statistics in one SpinLockIrq<Stats>, the device's registers in a");
    System.out.println("DeviceRegister<Registers> and bus counters in a Lock<BusTraffic, BusSpinLockBackend>.");
    System.out.println();

    Scenario.Result result = Scenario.run(config);
    printScenario(result);
    List<String> problems = result.problems();
    if (!problems.isEmpty()) {
      System.err.println("FAILED: the totals do not add up, something was lost:");
      problems.forEach(p -> System.err.println("  - " + p));
      System.exit(1);
    }
    System.out.println("Check: OK, every interrupt raised was handled, acknowledged and its work"
        + " taken, no update was lost,");
    System.out.println("every register access had the bus awake and interrupts off, and no bus"
        + " claim leaked.");
    System.out.println();

    QuickBench.Result bench = QuickBench.measure(WARMUP_ROUNDS, WARMUP_MILLIS, ROUNDS, SAMPLES);
    printBench(bench);
  }

  /** The {@code --explore} mode: the sample's locking through the schedule explorer. */
  private static void explore() {
    System.out.println("ctxlock sample, --explore: the worker, its interrupt and the device thread,");
    System.out.println("over the sample's stats, device registers and bus traffic locks, under the");
    System.out.println("schedule explorer (every interleaving and interrupt arrival within 2 preemptions):");
    System.out.println();
    long start = System.nanoTime();
    dev.ctxlock.explorer.Report report = Explore.run();
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println(report);
    System.out.printf(Locale.ROOT, "%d schedules in %d ms%n", report.schedulesExplored(), millis);
    if (report.failed()) {
      System.exit(1);
    }
  }

  /** The {@code --lock-bugs} mode: the validator in warn mode over {@link LockBugs}. */
  private static void lockBugs() {
    // Before any lock exists: the validator reads its switch once, when ctxlock is first used.
    if (System.getProperty("ctxlock.validate") == null) {
      System.setProperty("ctxlock.validate", "warn");
    }
    System.out.println("ctxlock sample, --lock-bugs: two lock bugs that never bite in this run,");
    System.out.println("reported by the lock validator (-Dctxlock.validate=warn) the first time the");
    System.out.println("code makes them possible:");
    System.out.println();
    List<String> reports = LockBugs.run();
    reports.forEach(r -> System.out.println(r + System.lineSeparator()));
    System.out.println(reports.size() + " report(s).");
  }

  private static void printScenario(Scenario.Result res) {
    Stats.Snapshot t = res.totals();
    System.out.printf(Locale.ROOT, "Interrupts: %d raised by the device, %d handled on the worker;"
        + " the handler posted work%nthat the worker took (%d items) while it idled: %d waits on"
        + " a CondVar the handler signals,%n%d idles in awaitInterrupt() at the end%n",
        t.raised(), t.handled(), t.processed(), res.condVarWaits(), res.awaitInterruptIdles());
    System.out.println("Updates of the shared stats, by path:");
    row("worker: lock(), interrupts on (lock() turns them off)", t.byLock());
    row("worker: noirqWork(token) -> lockWith(token), interrupts off", t.byNoirqWork());
    row("worker: GenericHelpers -> lockWith(witness, token), interrupts off", t.byGeneric());
    row("handler on the worker: lockWith(its own token)", t.handled());
    row("device thread: lock()", t.raised());
    row("in all", t.updates());

    Registers.Snapshot r = res.registers();
    System.out.println();
    System.out.println("Device registers, in a DeviceRegister<Registers>: a user backend (bus claim +"
        + " interrupts off + spin)");
    System.out.println("with two contexts, generated in the inherent style. Accesses, by path:");
    row("device thread: lock() (claims the bus, disables interrupts)", r.latched());
    row("worker: lock()", r.byLock());
    row("worker: lockWith(LocalInterruptDisabled) -> BusSpinLockBackend", r.byIrqOff());
    row("worker: lockWith(BusClaimed) -> SpinLockIrqBackend", r.byBusClaimed());
    row("handler on the worker: lockWith(its own token), acknowledging", r.acked());
    row("in all", r.accesses());
    row("of them with the bus asleep or interrupts on", r.unsafe());
    BusTraffic.Snapshot b = res.traffic();
    System.out.println("Bus transfers, in a Lock<BusTraffic, BusSpinLockBackend>: a user backend in"
        + " the generic style");
    System.out.println("(no lock class generated, only the witness BusSpinLockBackendContexts.BUS_CLAIMED):");
    row("device thread: lock() (claims the bus)", res.deviceTransfers());
    row("worker: GenericHelpers -> lockWith(BUS_CLAIMED, bus)", res.workerTransfers());
    row("in all", b.transfers());
    System.out.println("(each user's share is a LockedBy<Transfers, BusTraffic>: its own counter,"
        + " protected by the bus lock)");
    System.out.printf(Locale.ROOT, "Bus: %d claims (%d expected: the BusClaimed fast paths claim"
        + " nothing), %d left open%n",
        res.busClaims(), Scenario.Result.expectedBusClaims(res.config()), res.busUsersAtEnd());
  }

  private static void row(String what, long count) {
    System.out.printf(Locale.ROOT, "  %-66s %7d%n", what, count);
  }

  private static void printBench(QuickBench.Result b) {
    System.out.printf(Locale.ROOT, "The kernel patch's benchmark on this JVM: %d uncontended lock+unlock"
        + " of a SpinLockIrq;%nafter at least %d warm-up rounds and %d ms, the lowest median of"
        + " %d rounds of %d samples:%n",
        QuickBench.TIMES, WARMUP_ROUNDS, WARMUP_MILLIS, ROUNDS, SAMPLES);
    System.out.printf(Locale.ROOT, "lock() when irq is disabled, 100 times cost %d ns%n",
        b.lockIrqDisabled());
    System.out.printf(Locale.ROOT, "lockWith() when irq is disabled, 100 times cost %d ns%n",
        b.lockWithIrqDisabled());
    System.out.printf(Locale.ROOT, "lock() when irq is enabled, 100 times cost %d ns%n",
        b.lockIrqEnabled());
    System.out.printf(Locale.ROOT, "lockWith()/lock() with irq disabled: %.2fx"
        + " (the kernel's own runs: 0.58x and 0.63x on aarch64, 0.73x and 1.28x on x86_64)%n",
        b.ratio());
    System.out.println("These are quick System.nanoTime numbers from one run; JMH numbers come"
        + " from the benchmarks module.");
  }
}
