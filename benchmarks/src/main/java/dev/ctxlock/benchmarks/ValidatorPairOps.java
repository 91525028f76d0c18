package dev.ctxlock.benchmarks;

import com.google.common.util.concurrent.CycleDetectingLockFactory;
import com.google.common.util.concurrent.CycleDetectingLockFactory.Policies;
import com.google.common.util.concurrent.CycleDetectingLockFactory.PotentialDeadlockException;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.LockValidationException;
import dev.ctxlock.sync.LockValidator;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of lock-order checking: one thread takes a nested pair of locks in a steady order
 * (outer, then inner; released inner first), uncontended, and increments a counter under both.
 * One operation is one pair: two acquisitions and two releases.
 *
 * <p>Rows: ctxlock's {@link SpinLock} and {@link Mutex} pairs, Guava's {@link
 * CycleDetectingLockFactory} ({@link Policies#THROW}) pair of {@code ReentrantLock}s, and a plain
 * {@link ReentrantLock} pair (no checking, the floor for Guava's row). {@link ValidatorOn} runs them
 * with {@code -Dctxlock.validate=throw}, {@link ValidatorOff} without: Guava's checking is on in
 * both, so its rows in the two classes measure the same code.
 *
 * <p>The setup proves that each checker is in the mode the row claims: in a trial's setup, taking
 * the pair once in the steady order and then in the opposite order must throw Guava's {@link
 * PotentialDeadlockException}, and ctxlock's {@link LockValidationException} exactly when the
 * validator is on. The measured loop then only ever repeats the validated order, which both
 * checkers answer from their caches (ctxlock's chain cache, Guava's per-lock allowed-prior map).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class ValidatorPairOps {

  // One field per line: the validator's lock classes are construction sites, so the outer and
  // inner locks of each pair must be two classes.
  final SpinLock<long[]> spinOuter = new SpinLock<>("spin outer", new long[1]);
  final SpinLock<long[]> spinInner = new SpinLock<>("spin inner", new long[1]);
  final Mutex<long[]> mutexOuter = new Mutex<>("mutex outer", new long[1]);
  final Mutex<long[]> mutexInner = new Mutex<>("mutex inner", new long[1]);

  final CycleDetectingLockFactory guava = CycleDetectingLockFactory.newInstance(Policies.THROW);
  final ReentrantLock guavaOuter = guava.newReentrantLock("guava outer");
  final ReentrantLock guavaInner = guava.newReentrantLock("guava inner");
  final long[] guavaData = new long[1];

  final ReentrantLock plainOuter = new ReentrantLock();
  final ReentrantLock plainInner = new ReentrantLock();
  final long[] plainData = new long[1];

  /** Whether this class's forks run with the ctxlock validator on. */
  abstract boolean validatorExpected();

  @Setup(Level.Trial)
  @SuppressWarnings("try") // a guard held only for its lock
  public void checkModes() {
    if (LockValidator.isEnabled() != validatorExpected()) {
      throw new IllegalStateException(
          "ctxlock validator is " + (LockValidator.isEnabled() ? "on" : "off") + " in "
              + getClass().getSimpleName() + "; check the fork's -Dctxlock.validate");
    }
    // The steady order once, so that both checkers have recorded outer -> inner.
    spinPair();
    mutexPair();
    guavaPair();
    boolean ctxlockThrew = false;
    try (Guard<long[], SpinLockBackend> in = spinInner.lock()) {
      try (Guard<long[], SpinLockBackend> out = spinOuter.lock()) {
        out.get()[0]++;
      }
    } catch (LockValidationException expected) {
      ctxlockThrew = true;
    }
    if (ctxlockThrew != validatorExpected()) {
      throw new IllegalStateException(
          "inverted ctxlock pair " + (ctxlockThrew ? "reported" : "not reported"));
    }
    boolean guavaThrew = false;
    guavaInner.lock();
    try {
      guavaOuter.lock();
      guavaOuter.unlock();
    } catch (PotentialDeadlockException expected) {
      guavaThrew = true;
    } finally {
      guavaInner.unlock();
    }
    if (!guavaThrew) {
      throw new IllegalStateException("inverted Guava pair not reported");
    }
  }

  /** ctxlock SpinLock, outer then inner. */
  @Benchmark
  @SuppressWarnings("try") // the outer guard is held only for its lock
  public long spinPair() {
    try (Guard<long[], SpinLockBackend> out = spinOuter.lock()) {
      try (Guard<long[], SpinLockBackend> in = spinInner.lock()) {
        return ++in.get()[0];
      }
    }
  }

  /** ctxlock Mutex (the sleeping lock, the peer of ReentrantLock), outer then inner. */
  @Benchmark
  @SuppressWarnings("try") // the outer guard is held only for its lock
  public long mutexPair() {
    try (Guard<long[], MutexBackend> out = mutexOuter.lock()) {
      try (Guard<long[], MutexBackend> in = mutexInner.lock()) {
        return ++in.get()[0];
      }
    }
  }

  /** Guava's cycle-detecting ReentrantLocks, Policies.THROW, outer then inner. */
  @Benchmark
  public long guavaPair() {
    guavaOuter.lock();
    try {
      guavaInner.lock();
      try {
        return ++guavaData[0];
      } finally {
        guavaInner.unlock();
      }
    } finally {
      guavaOuter.unlock();
    }
  }

  /** Plain ReentrantLocks, no checking: the floor under Guava's row. */
  @Benchmark
  public long reentrantPair() {
    plainOuter.lock();
    try {
      plainInner.lock();
      try {
        return ++plainData[0];
      } finally {
        plainInner.unlock();
      }
    } finally {
      plainOuter.unlock();
    }
  }
}
