package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.CondVar;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A lock released and taken back inside its guard, uncontended, one thread: {@code runUnlocked}
 * with an empty action, and a {@code CondVar} wait that times out at once ({@link Duration#ZERO}),
 * against {@code ReentrantLock}'s {@code Condition.awaitNanos(0)}. What a window costs beyond its
 * release and retake: its checks, its stack proof ({@code StackProof.ofWindow}, see
 * docs/guarantees.md) and, for a wait, queueing and dequeueing the waiter. Each operation is one
 * acquisition, one window and one release.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class Windows {

  final SpinLock<long[]> spin = new SpinLock<>("spin", new long[1]);
  final Mutex<long[]> mutex = new Mutex<>("mutex", new long[1]);
  final CondVar cond = new CondVar("never signalled");
  final ReentrantLock reentrant = new ReentrantLock();
  final Condition reentrantCond = reentrant.newCondition();
  final long[] reentrantData = new long[1];

  /** The acquisition and release alone, for scale. */
  @Benchmark
  public void spinLock_lockOnly() {
    try (Guard<long[], SpinLockBackend> g = spin.lock()) {
      g.get()[0]++;
    }
  }

  @Benchmark
  public void spinLock_runUnlocked() {
    try (Guard<long[], SpinLockBackend> g = spin.lock()) {
      g.get()[0]++;
      g.runUnlocked(() -> {});
    }
  }

  @Benchmark
  public void mutex_runUnlocked() {
    try (Guard<long[], MutexBackend> g = mutex.lock()) {
      g.get()[0]++;
      g.runUnlocked(() -> {});
    }
  }

  @Benchmark
  public boolean mutex_awaitTimedOut() throws InterruptedException {
    try (Guard<long[], MutexBackend> g = mutex.lock()) {
      g.get()[0]++;
      return cond.await(g, Duration.ZERO);
    }
  }

  @Benchmark
  public long reentrantLock_awaitNanosZero() throws InterruptedException {
    reentrant.lock();
    try {
      reentrantData[0]++;
      return reentrantCond.awaitNanos(0);
    } finally {
      reentrant.unlock();
    }
  }
}
