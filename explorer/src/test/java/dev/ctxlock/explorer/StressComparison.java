package dev.ctxlock.explorer;

import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.ThrowingRunnable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The corpus bugs run as plain threads (a stress test) for a fixed wall time, beside the explorer:
 * how many runs each needs, and how often stress finds the bug at all. Not a unit test: run it as
 * docs/explorer.md says, with {@code -Dctxlock.explorer=off} so that the plain runs do not pay for
 * the explorer's tracking.
 *
 * <p>A plain run starts the scenario's threads together, raises each declared interrupt on its
 * thread from another thread after a random short delay, and fails when a thread or check throws,
 * or when the threads do not end within 200 ms (a deadlock; its threads are left parked, as daemons,
 * and that bug's stress stops there).
 */
public final class StressComparison {

  private StressComparison() {}

  /** A scenario run once with real threads. */
  private static final class PlainRun implements Scenario {
    final List<Thread> threads = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    final List<Object[]> interrupts = new ArrayList<>();
    final List<ThrowingRunnable<?>> checks = new ArrayList<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();

    @Override
    public void thread(String name, ThrowingRunnable<?> body) {
      Thread t = new Thread(() -> {
        try {
          body.run();
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
        }
      }, name);
      t.setDaemon(true);
      t.setUncaughtExceptionHandler((th, e) -> failure.compareAndSet(null, e));
      threads.add(t);
      names.add(name);
    }

    @Override
    public void interrupt(String threadName, InterruptHandler handler) {
      interrupts.add(new Object[] {threads.get(names.indexOf(threadName)), handler});
    }

    @Override
    public void check(ThrowingRunnable<?> invariant) {
      checks.add(invariant);
    }

    /** "ok", "hang", or the failure. */
    String run() throws InterruptedException {
      for (Thread t : threads) {
        t.start();
      }
      for (Object[] i : interrupts) {
        long delay = ThreadLocalRandom.current().nextLong(20_000);
        long end = System.nanoTime() + delay;
        while (System.nanoTime() < end) {
          Thread.onSpinWait();
        }
        LocalInterrupts.raise((Thread) i[0], (InterruptHandler) i[1]);
      }
      long deadline = System.nanoTime() + 200_000_000L;
      for (Thread t : threads) {
        t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        if (t.isAlive()) {
          return "hang";
        }
      }
      if (failure.get() != null) {
        return failure.get().toString();
      }
      for (ThrowingRunnable<?> c : checks) {
        try {
          c.run();
        } catch (Throwable e) {
          return e.toString();
        }
      }
      return "ok";
    }
  }

  /**
   * Runs each corpus bug under stress for {@code args[0]} ms (default 1000) and prints a row per
   * bug: the explorer's schedules and time to the bug, stress runs and how many failed.
   */
  public static void main(String[] args) throws Exception {
    long millis = args.length > 0 ? Long.parseLong(args[0]) : 1000;
    System.out.println("| bug | explorer: schedules to find it | explorer: ms | stress: runs in "
        + millis + " ms | stress: runs that failed |");
    System.out.println("|---|---:|---:|---:|---:|");
    for (Corpus.Case c : Corpus.all()) {
      long t0 = System.nanoTime();
      Report r = Explorer.explorer().explore(c.bug());
      long exploreMs = (System.nanoTime() - t0) / 1_000_000;
      long end = System.nanoTime() + millis * 1_000_000;
      int runs = 0;
      int failed = 0;
      while (System.nanoTime() < end) {
        PlainRun run = new PlainRun();
        c.bug().accept(run);
        String outcome = run.run();
        runs++;
        if (!outcome.equals("ok")) {
          failed++;
          if (outcome.equals("hang")) {
            break; // its threads stay blocked; do not pile up more
          }
        }
      }
      System.out.printf(
          Locale.ROOT, "| %s | %d | %d | %d | %d |%n", c, r.schedulesExplored(), exploreMs, runs,
          failed);
    }
  }
}
