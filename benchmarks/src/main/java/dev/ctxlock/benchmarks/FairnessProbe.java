package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockIrq;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Starvation probe: {@code threads} threads hammer one lock for {@code seconds}; every second it
 * samples each thread's progress and reports the worst second's ratio of the slowest thread to the
 * mean (the goal: at least 0.10), plus total throughput. Not a JMH benchmark, because
 * JMH reports aggregate throughput only; the throughput figures of record come from {@link
 * Contended}.
 *
 * <pre>
 * java -cp benchmarks/target/ctxlock-benchmarks.jar dev.ctxlock.benchmarks.FairnessProbe [seconds] [threads]
 * </pre>
 */
public final class FairnessProbe {

  /** Cleared to stop the workers; volatile, read once per acquisition. */
  private static volatile boolean running;

  private FairnessProbe() {}

  /** Runs the probe; arguments: seconds per lock (default 5), threads (default 8). */
  public static void main(String[] args) throws InterruptedException {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    Map<String, Runnable> kinds = new LinkedHashMap<>();
    SpinLock<long[]> spin = new SpinLock<>(new long[1]);
    kinds.put("SpinLock", () -> {
      try (Guard<long[], ?> g = spin.lock()) {
        g.get()[0]++;
      }
    });
    Mutex<long[]> mutex = new Mutex<>(new long[1]);
    kinds.put("Mutex", () -> {
      try (Guard<long[], ?> g = mutex.lock()) {
        g.get()[0]++;
      }
    });
    SpinLockIrq<long[]> irq = new SpinLockIrq<>(new long[1]);
    kinds.put("SpinLockIrq", () -> {
      try (Guard<long[], ?> g = irq.lock()) {
        g.get()[0]++;
      }
    });
    ReentrantLock reentrant = new ReentrantLock();
    long[] reentrantData = new long[1];
    kinds.put("ReentrantLock", () -> {
      reentrant.lock();
      try {
        reentrantData[0]++;
      } finally {
        reentrant.unlock();
      }
    });
    Object monitor = new Object();
    long[] monitorData = new long[1];
    kinds.put("synchronized", () -> {
      synchronized (monitor) {
        monitorData[0]++;
      }
    });
    System.out.printf("%d threads on %d cores, %d s per lock (first second is warm-up)%n",
        threads, Runtime.getRuntime().availableProcessors(), seconds);
    System.out.printf("%-14s %14s %22s%n", "lock", "Mops/s (all)", "worst min/mean per s");
    for (Map.Entry<String, Runnable> e : kinds.entrySet()) {
      probe(e.getKey(), e.getValue(), seconds, threads);
    }
  }

  private static void probe(String name, Runnable critical, int seconds, int threads)
      throws InterruptedException {
    AtomicLongArray progress = new AtomicLongArray(threads * 16); // one slot per cache line
    CountDownLatch start = new CountDownLatch(1);
    Thread[] workers = new Thread[threads];
    running = true;
    for (int t = 0; t < threads; t++) {
      int slot = t * 16;
      workers[t] = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException ex) {
          return;
        }
        long n = 0;
        while (running) {
          critical.run();
          progress.lazySet(slot, ++n);
        }
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
      if (s > 0) { // the first second includes thread start-up and JIT warm-up
        double mean = (double) sum / threads;
        worst = Math.min(worst, mean == 0 ? 0 : min / mean);
        total += sum;
      }
      last = now;
    }
    running = false;
    for (Thread w : workers) {
      w.join(5000);
    }
    double mops = total / (seconds - 1.0) / 1e6;
    System.out.printf("%-14s %14.2f %22.3f%n", name, mops, worst);
  }
}
