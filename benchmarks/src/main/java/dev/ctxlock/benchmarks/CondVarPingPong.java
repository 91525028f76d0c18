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
 * CondVar wake-up latency: two threads hand a turn back and forth, each waiting on its own
 * condition until the other gives it the turn. One operation of a side is one turn of that side:
 * wait until woken, take the turn, pass it on and wake the other side, so the average time of an
 * operation is one round trip, two wake-ups of a parked thread.
 *
 * <p>The ctxlock groups wait with {@code CondVar.await(guard, timeout)} on a guard from {@code
 * lock()} of a {@code Mutex}, a {@code SpinLock} and a {@code SpinLockIrq}, and signal after
 * closing the guard (the idiom the CondVar Javadoc shows: the woken thread finds the lock free).
 * The reference group does the same with {@code ReentrantLock} and {@code
 * Condition.awaitNanos}, signalling under the lock as {@code Condition} requires.
 *
 * <p>Every wait is timed ({@link #PATIENCE}) on both sides, and gives up when JMH stops the
 * measurement ({@link Control#stopMeasurement}): at the end of an iteration one side stops
 * taking turns, and the other must not wait for it forever. The timeout never elapses while both
 * sides play.
 *
 * <p>Each group runs in a JVM of its own (JMH forks per benchmark), so every call site sees one
 * backend.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public class CondVarPingPong {

  /** How long one wait lasts at most before it checks whether the measurement stopped. */
  static final Duration PATIENCE = Duration.ofMillis(10);

  static final long PATIENCE_NANOS = PATIENCE.toNanos();

  /** Whose turn it is: 0 or 1. Plain: only read and written under the lock. */
  static final class Turn {
    int next;
  }

  final Mutex<Turn> mutex = new Mutex<>("turn", new Turn());
  final SpinLock<Turn> spin = new SpinLock<>("turn", new Turn());
  final SpinLockIrq<Turn> irq = new SpinLockIrq<>("turn", new Turn());
  final CondVar[] yourTurn = {new CondVar("side 0's turn"), new CondVar("side 1's turn")};

  final ReentrantLock reentrant = new ReentrantLock();
  final Condition[] reentrantTurn = {reentrant.newCondition(), reentrant.newCondition()};
  int reentrantNext;

  /** One turn of side {@code me} on a ctxlock lock. */
  static <B extends Backend<?>> void play(
      Lock<Turn, B> lock, CondVar[] yourTurn, int me, Control control)
      throws InterruptedException {
    try (Guard<Turn, B> g = lock.lock()) {
      Turn t = g.get();
      while (t.next != me) {
        if (control.stopMeasurement) {
          return;
        }
        yourTurn[me].await(g, PATIENCE);
      }
      t.next = 1 - me;
    }
    yourTurn[1 - me].signal();
  }

  /** One turn of side {@code me} on the ReentrantLock. */
  void playReentrant(int me, Control control) throws InterruptedException {
    reentrant.lock();
    try {
      while (reentrantNext != me) {
        if (control.stopMeasurement) {
          return;
        }
        reentrantTurn[me].awaitNanos(PATIENCE_NANOS);
      }
      reentrantNext = 1 - me;
      reentrantTurn[1 - me].signal();
    } finally {
      reentrant.unlock();
    }
  }

  @Benchmark
  @Group("mutex")
  @GroupThreads(1)
  public void mutexPing(Control control) throws InterruptedException {
    play(mutex, yourTurn, 0, control);
  }

  @Benchmark
  @Group("mutex")
  @GroupThreads(1)
  public void mutexPong(Control control) throws InterruptedException {
    play(mutex, yourTurn, 1, control);
  }

  @Benchmark
  @Group("spinLock")
  @GroupThreads(1)
  public void spinPing(Control control) throws InterruptedException {
    play(spin, yourTurn, 0, control);
  }

  @Benchmark
  @Group("spinLock")
  @GroupThreads(1)
  public void spinPong(Control control) throws InterruptedException {
    play(spin, yourTurn, 1, control);
  }

  @Benchmark
  @Group("spinLockIrq")
  @GroupThreads(1)
  public void irqPing(Control control) throws InterruptedException {
    play(irq, yourTurn, 0, control);
  }

  @Benchmark
  @Group("spinLockIrq")
  @GroupThreads(1)
  public void irqPong(Control control) throws InterruptedException {
    play(irq, yourTurn, 1, control);
  }

  @Benchmark
  @Group("reentrantLock")
  @GroupThreads(1)
  public void reentrantPing(Control control) throws InterruptedException {
    playReentrant(0, control);
  }

  @Benchmark
  @Group("reentrantLock")
  @GroupThreads(1)
  public void reentrantPong(Control control) throws InterruptedException {
    playReentrant(1, control);
  }
}
