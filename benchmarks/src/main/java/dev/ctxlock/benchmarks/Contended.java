package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Several threads on one lock, throughput (acquisitions per microsecond, all threads together).
 * The critical section is one increment, so this measures the hand-over cost: with 8 threads on a
 * 2-core machine most waiters are descheduled, which is where back-off matters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class Contended {

  final SpinLock<long[]> spin = new SpinLock<>(new long[1]);
  final Mutex<long[]> mutex = new Mutex<>(new long[1]);
  final SpinLockIrq<long[]> irq = new SpinLockIrq<>(new long[1]);
  final ReentrantLock reentrant = new ReentrantLock();
  final long[] reentrantData = new long[1];
  final Object monitor = new Object();
  final long[] monitorData = new long[1];

  void spinOnce() {
    try (Guard<long[], SpinLockBackend> g = spin.lock()) {
      g.get()[0]++;
    }
  }

  void mutexOnce() {
    try (Guard<long[], MutexBackend> g = mutex.lock()) {
      g.get()[0]++;
    }
  }

  void irqOnce() {
    try (Guard<long[], SpinLockIrqBackend> g = irq.lock()) {
      g.get()[0]++;
    }
  }

  void reentrantOnce() {
    reentrant.lock();
    try {
      reentrantData[0]++;
    } finally {
      reentrant.unlock();
    }
  }

  void monitorOnce() {
    synchronized (monitor) {
      monitorData[0]++;
    }
  }

  /**
   * About 0.3 us of work under the lock, longer than SpinLockBackend's spin: what its waiters pay
   * for giving up early (they park), next to ReentrantLock doing the same.
   */
  void spinLongOnce() {
    try (Guard<long[], SpinLockBackend> g = spin.lock()) {
      Blackhole.consumeCPU(LONG_TOKENS);
      g.get()[0]++;
    }
  }

  void reentrantLongOnce() {
    reentrant.lock();
    try {
      Blackhole.consumeCPU(LONG_TOKENS);
      reentrantData[0]++;
    } finally {
      reentrant.unlock();
    }
  }

  /** Blackhole.consumeCPU tokens for the longer critical section. */
  static final long LONG_TOKENS = 100;

  @Benchmark @Threads(2) public void spinLock_2t() { spinOnce(); }
  @Benchmark @Threads(8) public void spinLock_8t() { spinOnce(); }
  @Benchmark @Threads(2) public void mutex_2t() { mutexOnce(); }
  @Benchmark @Threads(8) public void mutex_8t() { mutexOnce(); }
  @Benchmark @Threads(2) public void spinLockIrq_2t() { irqOnce(); }
  @Benchmark @Threads(8) public void spinLockIrq_8t() { irqOnce(); }
  @Benchmark @Threads(2) public void reentrantLock_2t() { reentrantOnce(); }
  @Benchmark @Threads(8) public void reentrantLock_8t() { reentrantOnce(); }
  @Benchmark @Threads(2) public void synchronized_2t() { monitorOnce(); }
  @Benchmark @Threads(8) public void synchronized_8t() { monitorOnce(); }
  @Benchmark @Threads(2) public void spinLockLongSection_2t() { spinLongOnce(); }
  @Benchmark @Threads(8) public void spinLockLongSection_8t() { spinLongOnce(); }
  @Benchmark @Threads(2) public void reentrantLockLongSection_2t() { reentrantLongOnce(); }
  @Benchmark @Threads(8) public void reentrantLockLongSection_8t() { reentrantLongOnce(); }
}
