package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.CondVar;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockIrq;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * CondVar throughput: one producer and one consumer over a bounded buffer of {@link #CAPACITY}
 * items, with a "not full" and a "not empty" condition, as {@code ArrayBlockingQueue} has. Both
 * sides signal on every operation. The group's score counts puts and takes together: items per
 * microsecond are half of it (JMH prints each side's own rate below the group's).
 *
 * <p>The ctxlock groups wait with {@code CondVar.await(guard, timeout)} on a guard from {@code
 * lock()} and signal after closing the guard; the reference group uses {@code ReentrantLock} with
 * two {@code Condition}s and signals under the lock, as {@code Condition} requires (and as {@code
 * ArrayBlockingQueue} does). Waits are timed and give up when JMH stops the measurement, as in
 * {@link CondVarPingPong}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class CondVarProducerConsumer {

  static final int CAPACITY = 16;

  static final Duration PATIENCE = CondVarPingPong.PATIENCE;

  /** A ring buffer of longs. Plain fields: only used under its lock. */
  static final class Ring {
    final long[] items = new long[CAPACITY];
    int head;
    int count;
    long nextItem;

    boolean isFull() {
      return count == CAPACITY;
    }

    boolean isEmpty() {
      return count == 0;
    }

    void put() {
      items[(head + count) % CAPACITY] = nextItem++;
      count++;
    }

    long take() {
      long item = items[head];
      head = (head + 1) % CAPACITY;
      count--;
      return item;
    }
  }

  final Mutex<Ring> mutex = new Mutex<>("ring", new Ring());
  final SpinLock<Ring> spin = new SpinLock<>("ring", new Ring());
  final SpinLockIrq<Ring> irq = new SpinLockIrq<>("ring", new Ring());
  final CondVar notFull = new CondVar("notFull");
  final CondVar notEmpty = new CondVar("notEmpty");

  final ReentrantLock reentrant = new ReentrantLock();
  final Condition reentrantNotFull = reentrant.newCondition();
  final Condition reentrantNotEmpty = reentrant.newCondition();
  final Ring reentrantRing = new Ring();

  /** Puts one item into the ring of a ctxlock lock, waiting while it is full. */
  static <B extends Backend<?>> void put(
      Lock<Ring, B> lock, CondVar notFull, CondVar notEmpty, Control control)
      throws InterruptedException {
    try (Guard<Ring, B> g = lock.lock()) {
      Ring r = g.get();
      while (r.isFull()) {
        if (control.stopMeasurement) {
          return;
        }
        notFull.await(g, PATIENCE);
      }
      r.put();
    }
    notEmpty.signal();
  }

  /** Takes one item from the ring of a ctxlock lock, waiting while it is empty; -1 if stopped. */
  static <B extends Backend<?>> long take(
      Lock<Ring, B> lock, CondVar notFull, CondVar notEmpty, Control control)
      throws InterruptedException {
    long item;
    try (Guard<Ring, B> g = lock.lock()) {
      Ring r = g.get();
      while (r.isEmpty()) {
        if (control.stopMeasurement) {
          return -1;
        }
        notEmpty.await(g, PATIENCE);
      }
      item = r.take();
    }
    notFull.signal();
    return item;
  }

  @Benchmark
  @Group("mutex")
  @GroupThreads(1)
  public void mutexPut(Control control) throws InterruptedException {
    put(mutex, notFull, notEmpty, control);
  }

  @Benchmark
  @Group("mutex")
  @GroupThreads(1)
  public long mutexTake(Control control) throws InterruptedException {
    return take(mutex, notFull, notEmpty, control);
  }

  @Benchmark
  @Group("spinLock")
  @GroupThreads(1)
  public void spinPut(Control control) throws InterruptedException {
    put(spin, notFull, notEmpty, control);
  }

  @Benchmark
  @Group("spinLock")
  @GroupThreads(1)
  public long spinTake(Control control) throws InterruptedException {
    return take(spin, notFull, notEmpty, control);
  }

  @Benchmark
  @Group("spinLockIrq")
  @GroupThreads(1)
  public void irqPut(Control control) throws InterruptedException {
    put(irq, notFull, notEmpty, control);
  }

  @Benchmark
  @Group("spinLockIrq")
  @GroupThreads(1)
  public long irqTake(Control control) throws InterruptedException {
    return take(irq, notFull, notEmpty, control);
  }

  @Benchmark
  @Group("reentrantLock")
  @GroupThreads(1)
  public void reentrantPut(Control control) throws InterruptedException {
    reentrant.lock();
    try {
      Ring r = reentrantRing;
      while (r.isFull()) {
        if (control.stopMeasurement) {
          return;
        }
        reentrantNotFull.awaitNanos(CondVarPingPong.PATIENCE_NANOS);
      }
      r.put();
      reentrantNotEmpty.signal();
    } finally {
      reentrant.unlock();
    }
  }

  @Benchmark
  @Group("reentrantLock")
  @GroupThreads(1)
  public long reentrantTake(Control control) throws InterruptedException {
    reentrant.lock();
    try {
      Ring r = reentrantRing;
      while (r.isEmpty()) {
        if (control.stopMeasurement) {
          return -1;
        }
        reentrantNotEmpty.awaitNanos(CondVarPingPong.PATIENCE_NANOS);
      }
      long item = r.take();
      reentrantNotFull.signal();
      return item;
    } finally {
      reentrant.unlock();
    }
  }
}
