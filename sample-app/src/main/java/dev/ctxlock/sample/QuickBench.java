package dev.ctxlock.sample;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import java.util.Arrays;

/**
 * The kernel patch's little benchmark, redone on this JVM: how long 100 uncontended acquisitions
 * and releases of a {@code SpinLockIrq} take with {@code lock()} while interrupts are disabled,
 * with {@code lockWith(token)} while interrupts are disabled, and with {@code lock()} while they
 * are enabled.
 *
 * <p>Quick numbers: medians of many {@link System#nanoTime()} samples after a warm-up, in one
 * JVM, with the three kinds interleaved so that drift hits them alike. Careful numbers (forks,
 * error bars, allocation) come from JMH.
 */
public final class QuickBench {

  /** Acquisitions per sample, as in the kernel's table. */
  public static final int TIMES = 100;

  private final SpinLockIrq<long[]> lock = new SpinLockIrq<>("bench", new long[1]);

  private QuickBench() {}

  /**
   * Medians, in nanoseconds per {@value #TIMES} acquisitions.
   *
   * @param lockIrqDisabled {@code lock()} inside a {@code LocalInterrupts.disable()} block
   * @param lockWithIrqDisabled {@code lockWith(token)} inside the same kind of block
   * @param lockIrqEnabled {@code lock()} with interrupts enabled
   */
  public record Result(long lockIrqDisabled, long lockWithIrqDisabled, long lockIrqEnabled) {

    /** lockWith's cost relative to lock()'s, both with interrupts disabled. */
    public double ratio() {
      return (double) lockWithIrqDisabled / lockIrqDisabled;
    }
  }

  /**
   * Warms up with at least {@code warmups} rounds of each kind and for at least {@code
   * minWarmupMillis}, then takes {@code rounds} rounds of {@code samples} samples of each kind,
   * and reports for each kind the lowest of its round medians.
   *
   * <p>Why the time floor and the rounds: the JIT compiles in the background, and on a busy
   * machine its optimized code can arrive late, or be replaced in the middle of a measurement.
   * A single median then shows one kind several times slower than in the next run. The lowest
   * round median is the steady state once the code is in place; a round that caught the JIT at
   * work does not win.
   *
   * @return the medians
   */
  public static Result measure(int warmups, long minWarmupMillis, int rounds, int samples) {
    QuickBench bench = new QuickBench();
    long warmupEnd = System.nanoTime() + minWarmupMillis * 1_000_000L;
    long warmed = 0;
    while (warmed < warmups || System.nanoTime() - warmupEnd < 0) {
      bench.lockIrqDisabled();
      bench.lockWithIrqDisabled();
      bench.lockIrqEnabled();
      warmed++;
    }
    long bestA = Long.MAX_VALUE;
    long bestB = Long.MAX_VALUE;
    long bestC = Long.MAX_VALUE;
    long[] a = new long[samples];
    long[] b = new long[samples];
    long[] c = new long[samples];
    for (int round = 0; round < rounds; round++) {
      // Interleaved, so that whatever else the machine does hits the three kinds alike.
      for (int i = 0; i < samples; i++) {
        a[i] = bench.lockIrqDisabled();
        b[i] = bench.lockWithIrqDisabled();
        c[i] = bench.lockIrqEnabled();
      }
      bestA = Math.min(bestA, median(a));
      bestB = Math.min(bestB, median(b));
      bestC = Math.min(bestC, median(c));
    }
    if (bench.count() != TIMES * 3 * (warmed + (long) rounds * samples)) {
      throw new AssertionError("lost an increment: " + bench.count());
    }
    return new Result(bestA, bestB, bestC);
  }

  // The token of the "irq disabled" kinds is not used in the body of the first one: -Xlint:try
  // would flag it, yet the block is the point.
  @SuppressWarnings("try")
  private long lockIrqDisabled() {
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      long start = System.nanoTime();
      for (int i = 0; i < TIMES; i++) {
        try (Guard<long[], SpinLockIrqBackend> guard = lock.lock()) {
          guard.get()[0]++;
        }
      }
      return System.nanoTime() - start;
    }
  }

  private long lockWithIrqDisabled() {
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      long start = System.nanoTime();
      for (int i = 0; i < TIMES; i++) {
        try (Guard<long[], SpinLockBackend> guard = lock.lockWith(irqOff)) {
          guard.get()[0]++;
        }
      }
      return System.nanoTime() - start;
    }
  }

  private long lockIrqEnabled() {
    long start = System.nanoTime();
    for (int i = 0; i < TIMES; i++) {
      try (Guard<long[], SpinLockIrqBackend> guard = lock.lock()) {
        guard.get()[0]++;
      }
    }
    return System.nanoTime() - start;
  }

  private long count() {
    try (Guard<long[], SpinLockIrqBackend> guard = lock.lock()) {
      return guard.get()[0];
    }
  }

  private static long median(long[] samples) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
