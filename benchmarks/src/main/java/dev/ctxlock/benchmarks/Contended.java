package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.MutexState;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Several threads on one lock, throughput (acquisitions per microsecond, all threads together),
 * with a critical section of {@link #work} {@code Blackhole.consumeCPU} tokens around one
 * increment: 0 measures the hand-over cost alone, 10 a short section (tens of nanoseconds), 100 a
 * longer one (a few hundred nanoseconds). With 8 threads on a 2-core machine most waiters are
 * descheduled, which is where spinning, back-off and wake-ups matter. Every lock of one {@code
 * work} runs in the same JMH run, so their ratios are what to read; {@code ReentrantLock} both
 * non-fair (its default) and fair, and {@code synchronized}, are the references.
 *
 * <p>The one-thread rows ({@code mutex_1t}, {@code reentrantLock_1t}) are each lock's ceiling
 * here: the critical section is serial, so 8 threads on one lock can at best match one thread's
 * throughput (only the loop around the lock can overlap on the other core).
 *
 * <p>{@code mutexBackend_8t} takes a {@link MutexState} through {@link MutexBackend} directly,
 * without a {@link Mutex} around it (no guard, no acquisition core, no contention hooks): set
 * beside {@code mutex_8t}, it tells what the backend costs under contention from what the lock
 * class adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class Contended {

  /** Blackhole.consumeCPU tokens inside the critical section. */
  @Param({"0", "10", "100"})
  public int work;

  final SpinLock<long[]> spin = new SpinLock<>(new long[1]);
  final Mutex<long[]> mutex = new Mutex<>(new long[1]);
  final SpinLockIrq<long[]> irq = new SpinLockIrq<>(new long[1]);
  final ReentrantLock reentrant = new ReentrantLock();
  final long[] reentrantData = new long[1];
  final ReentrantLock fair = new ReentrantLock(true);
  final long[] fairData = new long[1];
  final MutexState rawMutex = MutexBackend.INSTANCE.newState();
  final long[] rawMutexData = new long[1];
  final Object monitor = new Object();
  final long[] monitorData = new long[1];

  void section(long[] data) {
    if (work != 0) {
      Blackhole.consumeCPU(work);
    }
    data[0]++;
  }

  void spinOnce() {
    try (Guard<long[], SpinLockBackend> g = spin.lock()) {
      section(g.get());
    }
  }

  void mutexOnce() {
    try (Guard<long[], MutexBackend> g = mutex.lock()) {
      section(g.get());
    }
  }

  void irqOnce() {
    try (Guard<long[], SpinLockIrqBackend> g = irq.lock()) {
      section(g.get());
    }
  }

  void reentrantOnce() {
    reentrant.lock();
    try {
      section(reentrantData);
    } finally {
      reentrant.unlock();
    }
  }

  void fairOnce() {
    fair.lock();
    try {
      section(fairData);
    } finally {
      fair.unlock();
    }
  }

  void rawMutexOnce() {
    MutexBackend.INSTANCE.lock(rawMutex);
    try {
      section(rawMutexData);
    } finally {
      MutexBackend.INSTANCE.unlock(rawMutex);
    }
  }

  void monitorOnce() {
    synchronized (monitor) {
      section(monitorData);
    }
  }

  @Benchmark @Threads(2) public void spinLock_2t() { spinOnce(); }
  @Benchmark @Threads(8) public void spinLock_8t() { spinOnce(); }
  @Benchmark @Threads(1) public void mutex_1t() { mutexOnce(); }
  @Benchmark @Threads(2) public void mutex_2t() { mutexOnce(); }
  @Benchmark @Threads(8) public void mutex_8t() { mutexOnce(); }
  @Benchmark @Threads(8) public void mutexBackend_8t() { rawMutexOnce(); }
  @Benchmark @Threads(2) public void spinLockIrq_2t() { irqOnce(); }
  @Benchmark @Threads(8) public void spinLockIrq_8t() { irqOnce(); }
  @Benchmark @Threads(1) public void reentrantLock_1t() { reentrantOnce(); }
  @Benchmark @Threads(2) public void reentrantLock_2t() { reentrantOnce(); }
  @Benchmark @Threads(8) public void reentrantLock_8t() { reentrantOnce(); }
  @Benchmark @Threads(2) public void reentrantLockFair_2t() { fairOnce(); }
  @Benchmark @Threads(8) public void reentrantLockFair_8t() { fairOnce(); }
  @Benchmark @Threads(2) public void synchronized_2t() { monitorOnce(); }
  @Benchmark @Threads(8) public void synchronized_8t() { monitorOnce(); }
}
