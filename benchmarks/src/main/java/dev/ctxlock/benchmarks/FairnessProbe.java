package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockIrq;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Starvation probe: {@code threads} threads hammer one lock for {@code seconds}, with a critical
 * section of {@code work} {@code Blackhole.consumeCPU} tokens (as {@link Contended}'s parameter);
 * every second it samples each thread's progress and reports the worst second's ratio of the
 * slowest thread to the mean (the goal: at least 0.10), plus total throughput. It also times every
 * acquisition (from before {@code lock()} to the first instruction under the lock, with {@link
 * System#nanoTime}, whose two reads add some 50 ns to every iteration, one of them under the
 * lock) and reports the mean and the longest wait after the first second, and their ratio. Not a
 * JMH benchmark, because JMH reports aggregate throughput only; the throughput figures of record
 * come from {@link Contended}.
 *
 * <pre>
 * java -cp benchmarks/target/ctxlock-benchmarks.jar dev.ctxlock.benchmarks.FairnessProbe [seconds] [threads] [work] [lock names...]
 * </pre>
 */
public final class FairnessProbe {

  /** Cleared to stop the workers; volatile, read once per acquisition. */
  private static volatile boolean running;

  /** Per worker: when its current acquisition began, and when it got the lock. */
  private static final ThreadLocal<long[]> START = ThreadLocal.withInitial(() -> new long[1]);

  private static final ThreadLocal<long[]> ACQUIRED = ThreadLocal.withInitial(() -> new long[1]);

  private FairnessProbe() {}

  /** Blackhole.consumeCPU tokens under the lock. */
  private static int work;

  /** Set in a worker once the warm-up second has passed: waits before it are not counted. */
  private static volatile boolean measuring;

  private static void section(long[] data) {
    ACQUIRED.get()[0] = System.nanoTime();
    if (work != 0) {
      Blackhole.consumeCPU(work);
    }
    data[0]++;
  }

  /**
   * Runs the probe; arguments: seconds per lock (default 5), threads (default 8), work (default 0),
   * then optionally the names of the locks to probe (default all).
   */
  public static void main(String[] args) throws InterruptedException {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    work = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    Set<String> only = new HashSet<>(Arrays.asList(args).subList(Math.min(3, args.length), args.length));
    Map<String, Runnable> kinds = new LinkedHashMap<>();
    SpinLock<long[]> spin = new SpinLock<>(new long[1]);
    kinds.put("SpinLock", () -> {
      try (Guard<long[], ?> g = spin.lock()) {
        section(g.get());
      }
    });
    Mutex<long[]> mutex = new Mutex<>(new long[1]);
    kinds.put("Mutex", () -> {
      try (Guard<long[], ?> g = mutex.lock()) {
        section(g.get());
      }
    });
    SpinLockIrq<long[]> irq = new SpinLockIrq<>(new long[1]);
    kinds.put("SpinLockIrq", () -> {
      try (Guard<long[], ?> g = irq.lock()) {
        section(g.get());
      }
    });
    ReentrantLock reentrant = new ReentrantLock();
    long[] reentrantData = new long[1];
    kinds.put("ReentrantLock", () -> {
      reentrant.lock();
      try {
        section(reentrantData);
      } finally {
        reentrant.unlock();
      }
    });
    ReentrantLock fair = new ReentrantLock(true);
    long[] fairData = new long[1];
    kinds.put("ReentrantLock(fair)", () -> {
      fair.lock();
      try {
        section(fairData);
      } finally {
        fair.unlock();
      }
    });
    Object monitor = new Object();
    long[] monitorData = new long[1];
    kinds.put("synchronized", () -> {
      synchronized (monitor) {
        section(monitorData);
      }
    });
    System.out.printf(
        "%d threads on %d cores, %d s per lock (first second is warm-up), work %d%n",
        threads, Runtime.getRuntime().availableProcessors(), seconds, work);
    System.out.printf("%-20s %12s %10s %14s %14s %9s%n", "lock", "Mops/s (all)",
        "min/mean", "mean wait us", "max wait us", "max/mean");
    for (Map.Entry<String, Runnable> e : kinds.entrySet()) {
      if (only.isEmpty() || only.contains(e.getKey())) {
        probe(e.getKey(), e.getValue(), seconds, threads);
      }
    }
  }

  private static void probe(String name, Runnable critical, int seconds, int threads)
      throws InterruptedException {
    AtomicLongArray progress = new AtomicLongArray(threads * 16); // one slot per cache line
    long[] maxWait = new long[threads];
    long[] sumWait = new long[threads];
    long[] waits = new long[threads];
    CountDownLatch start = new CountDownLatch(1);
    Thread[] workers = new Thread[threads];
    running = true;
    for (int t = 0; t < threads; t++) {
      int slot = t * 16;
      int index = t;
      workers[t] = new Thread(() -> {
        long[] lastStart = START.get();
        long[] lastAcquired = ACQUIRED.get();
        try {
          start.await();
        } catch (InterruptedException ex) {
          return;
        }
        long n = 0;
        long max = 0;
        long sum = 0;
        long count = 0;
        while (running) {
          lastStart[0] = System.nanoTime();
          critical.run();
          if (measuring) {
            long w = lastAcquired[0] - lastStart[0];
            max = Math.max(max, w);
            sum += w;
            count++;
          }
          progress.lazySet(slot, ++n);
        }
        maxWait[index] = max;
        sumWait[index] = sum;
        waits[index] = count;
      }, name + "-" + t);
      workers[t].setDaemon(true);
      workers[t].start();
    }
    start.countDown();
    long[] last = new long[threads];
    double worst = Double.MAX_VALUE;
    long total = 0;
    for (int s = 0; s < seconds; s++) {
      Thread.sleep(1000);
      long[] now = new long[threads];
      long sum = 0;
      long min = Long.MAX_VALUE;
      for (int t = 0; t < threads; t++) {
        now[t] = progress.get(t * 16);
        long d = now[t] - last[t];
        sum += d;
        min = Math.min(min, d);
      }
      measuring = true;
      if (s > 0) { // the first second includes thread start-up and JIT warm-up
        double mean = (double) sum / threads;
        worst = Math.min(worst, mean == 0 ? 0 : min / mean);
        total += sum;
      }
      last = now;
    }
    running = false;
    measuring = false;
    for (Thread w : workers) {
      w.join(5000);
    }
    long max = 0;
    long sum = 0;
    long count = 0;
    for (int t = 0; t < threads; t++) {
      max = Math.max(max, maxWait[t]);
      sum += sumWait[t];
      count += waits[t];
    }
    double mean = count == 0 ? 0 : (double) sum / count;
    double mops = total / (seconds - 1.0) / 1e6;
    System.out.printf("%-20s %12.2f %10.3f %14.3f %14.1f %9.0f%n", name, mops, worst,
        mean / 1e3, max / 1e3, mean == 0 ? 0 : max / mean);
  }
}
