package dev.ctxlock.benchmarks;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import dev.ctxlock.sync.SpinLockState;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 * One uncontended thread; each operation is 100 acquisitions and releases, like the kernel patch's
 * benchmark ("lock() when irq is disabled, 100 times cost ..."). The critical section is
 * one increment of the protected counter, so the lock cannot be elided.
 *
 * <p>The "irq disabled" rows run with interrupts disabled for the whole iteration ({@link IrqOff}):
 * the caller is already in an irq-disabled region and holds its token, as in the kernel's
 * benchmark, so they measure the acquisitions alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(3)
public abstract class UncontendedOps {

  static final int N = 100;

  final SpinLockIrq<long[]> irq = new SpinLockIrq<>("irq", new long[1]);
  final Lock<long[], SpinLockIrqBackend> genericIrq =
      new Lock<>(SpinLockIrqBackend.INSTANCE, "generic irq", new long[1]);
  final SpinLock<long[]> spin = new SpinLock<>("spin", new long[1]);
  final Lock<long[], SpinLockBackend> plainSpin =
      new Lock<>(SpinLockBackend.INSTANCE, "plain spin", new long[1]);
  final Mutex<long[]> mutex = new Mutex<>("mutex", new long[1]);
  final SpinLockState spinState = SpinLockBackend.INSTANCE.newState();
  final long[] spinData = new long[1];
  final CasSpinLock cas = new CasSpinLock();
  final long[] casData = new long[1];
  final AtomicReference<Thread> refLock = new AtomicReference<>();
  final IdWordSpinLock idLock = new IdWordSpinLock();
  final ReentrantLock reentrant = new ReentrantLock();
  final long[] reentrantData = new long[1];
  final Object monitor = new Object();
  final long[] monitorData = new long[1];

  /** The kernel patch's first row: lock() on a SpinLockIrq while interrupts are already disabled. */
  @Benchmark
  public void irqLock_irqDisabled(IrqOff irqOff) {
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockIrqBackend> g = irq.lock()) {
        g.get()[0]++;
      }
    }
  }

  /** The kernel patch's second row: the lockWith() fast path with the token of the enclosing region. */
  @Benchmark
  public void irqLockWith_irqDisabled(IrqOff irqOff) {
    LocalInterruptDisabled off = irqOff.token;
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockBackend> g = irq.lockWith(off)) {
        g.get()[0]++;
      }
    }
  }

  /** The kernel patch's third row: lock() with interrupts enabled, toggled on every acquisition. */
  @Benchmark
  public void irqLock_irqEnabled() {
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockIrqBackend> g = irq.lock()) {
        g.get()[0]++;
      }
    }
  }

  /**
   * The third row's work written out: a token from LocalInterrupts.disable() each time, and
   * lockWith(token). The token's disable() pays for the proof of its close's stack
   * (docs/performance.md, "The token's stack proof").
   */
  @Benchmark
  public void irqDisableLockWith_irqEnabled() {
    for (int i = 0; i < N; i++) {
      try (LocalInterruptDisabled off = LocalInterrupts.disable();
          Guard<long[], SpinLockBackend> g = irq.lockWith(off)) {
        g.get()[0]++;
      }
    }
  }

  /** tryLock() on a free SpinLockIrq, interrupts enabled. */
  @Benchmark
  public void irqTryLock_irqEnabled() {
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockIrqBackend> g = irq.tryLock()) {
        if (g != null) {
          g.get()[0]++;
        }
      }
    }
  }

  /** tryLockWith() with the token of the enclosing region. */
  @Benchmark
  public void irqTryLockWith_irqDisabled(IrqOff irqOff) {
    LocalInterruptDisabled off = irqOff.token;
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockBackend> g = irq.tryLockWith(off)) {
        if (g != null) {
          g.get()[0]++;
        }
      }
    }
  }

  /** The generic (trait-style) path: Lock.lockWith(witness, token). */
  @Benchmark
  public void genericLockWith_irqDisabled(IrqOff irqOff) {
    LocalInterruptDisabled off = irqOff.token;
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockBackend> g =
          genericIrq.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
        g.get()[0]++;
      }
    }
  }

  /** The generic path's try form. */
  @Benchmark
  public void genericTryLockWith_irqDisabled(IrqOff irqOff) {
    LocalInterruptDisabled off = irqOff.token;
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockBackend> g =
          genericIrq.tryLockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
        if (g != null) {
          g.get()[0]++;
        }
      }
    }
  }

  /** Plain SpinLock through Lock and Guard. */
  @Benchmark
  public void spinLock() {
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockBackend> g = spin.lock()) {
        g.get()[0]++;
      }
    }
  }

  /**
   * A plain {@code Lock<T, SpinLockBackend>} (not the final SpinLock class): its backend is read
   * from a field, so only the profile tells the JIT which backend it is.
   */
  @Benchmark
  public void plainLockSpin() {
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockBackend> g = plainSpin.lock()) {
        g.get()[0]++;
      }
    }
  }

  /** SpinLockBackend called directly, no Lock or Guard: separates the backend from the guard. */
  @Benchmark
  public void spinBackendDirect() {
    for (int i = 0; i < N; i++) {
      SpinLockBackend.INSTANCE.lock(spinState);
      try {
        spinData[0]++;
      } finally {
        SpinLockBackend.INSTANCE.unlock(spinState);
      }
    }
  }

  /** Plain SpinLock tryLock. */
  @Benchmark
  public void spinTryLock() {
    for (int i = 0; i < N; i++) {
      try (Guard<long[], SpinLockBackend> g = spin.tryLock()) {
        if (g != null) {
          g.get()[0]++;
        }
      }
    }
  }

  /** The floor: a hand-written CAS spin lock, same memory ordering, no bookkeeping. */
  @Benchmark
  public void casSpinLockFloor() {
    for (int i = 0; i < N; i++) {
      cas.lock();
      try {
        casData[0]++;
      } finally {
        cas.unlock();
      }
    }
  }

  /**
   * A reference lock word (the owner thread, CAS from null): what recording the owner costs when
   * the word is a reference, whose CAS and stores carry the collector's barriers.
   */
  @Benchmark
  public void casOwnerWordFloor() {
    for (int i = 0; i < N; i++) {
      Thread me = Thread.currentThread();
      while (!refLock.compareAndSet(null, me)) {
        Thread.onSpinWait();
      }
      try {
        casData[0]++;
      } finally {
        refLock.lazySet(null);
      }
    }
  }

  /**
   * The floor for a lock that knows its owner: a {@code long} lock word naming the owner by thread
   * id, checked on unlock, as {@code SpinLockBackend}'s; no guard, no back-off.
   */
  @Benchmark
  public void casIdWordFloor() {
    for (int i = 0; i < N; i++) {
      idLock.lock();
      try {
        casData[0]++;
      } finally {
        idLock.unlock();
      }
    }
  }

  /** The sleeping Mutex, uncontended. */
  @Benchmark
  public void mutex() {
    for (int i = 0; i < N; i++) {
      try (Guard<long[], MutexBackend> g = mutex.lock()) {
        g.get()[0]++;
      }
    }
  }

  /** java.util.concurrent's ReentrantLock, for reference. */
  @Benchmark
  public void reentrantLock() {
    for (int i = 0; i < N; i++) {
      reentrant.lock();
      try {
        reentrantData[0]++;
      } finally {
        reentrant.unlock();
      }
    }
  }

  /** An intrinsic monitor, for reference. */
  @Benchmark
  public void synchronizedBlock() {
    for (int i = 0; i < N; i++) {
      synchronized (monitor) {
        monitorData[0]++;
      }
    }
  }
}
