package dev.ctxlock.sample;

import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Wires a {@link Device} to a {@link Worker} over one {@code SpinLockIrq<Stats>}, runs both
 * threads to the end, and checks that nothing was lost.
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
   * @param idles how often the worker idled in {@code awaitInterrupt()}
   * @param workerHandled interrupts the worker counted on its own thread
   * @param refusedRaises raises that failed because the worker had ended
   * @param errors what went to the threads' uncaught-exception handlers (a handler's exception
   *     lands there too), plus a timeout if any
   */
  public record Result(
      Config config,
      Stats.Snapshot totals,
      int idles,
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
      return problems;
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
    Queue<String> errors = new ConcurrentLinkedQueue<>();
    Thread.UncaughtExceptionHandler record =
        (thread, e) -> errors.add("uncaught on " + thread.getName() + ": " + e);

    Worker worker =
        new Worker(stats, config.rounds(), config.interrupts(), config.idleEvery());
    Thread workerThread = new Thread(worker, "worker");
    Device device =
        new Device(
            stats,
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
        t.interrupt(); // wakes the worker if it idles in awaitInterrupt()
        t.join(1_000);
      }
    }

    Stats.Snapshot totals = readTotals(stats, errors);
    // join() made both threads' plain fields visible here.
    return new Result(
        config, totals, worker.idles(), worker.handled(), device.refused(), List.copyOf(errors));
  }

  /**
   * Reads the totals under the lock. With tryLock() rather than lock(): after a timeout a stuck
   * thread might still hold the lock, and the report must come out anyway.
   */
  private static Stats.Snapshot readTotals(SpinLockIrq<Stats> stats, Queue<String> errors)
      throws InterruptedException {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      try (Guard<Stats, SpinLockIrqBackend> guard = stats.tryLock()) {
        if (guard != null) { // null: busy
          return guard.get().snapshot();
        }
      }
      Thread.sleep(1);
    }
    errors.add("the stats lock stayed busy after both threads were done");
    return new Stats().snapshot();
  }
}
