package dev.ctxlock.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CtxlockSleepInAtomicTest {

  private final CompilationTestHelper compilation =
      Fixtures.withBackendPair(
          CompilationTestHelper.newInstance(CtxlockSleepInAtomic.class, getClass()));

  @Test
  void flagsSleepingAcquisitionsInAtomicContext() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.MutexBackend;
            import dev.ctxlock.sync.SpinLock;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.time.Duration;

            class Test {
              static final Mutex<int[]> MUTEX = new Mutex<>(new int[1]);

              void tokenOpen(Mutex<int[]> mutex) throws InterruptedException {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep, but local interrupts are disabled here (irqOff is open): sleeping in atomic context
                  try (Guard<int[], MutexBackend> g = mutex.lock()) {
                    g.get()[0]++;
                  }
                  // BUG: Diagnostic contains: lockInterruptibly() on a MutexBackend lock may sleep
                  try (var g = mutex.lockInterruptibly()) {
                    g.get()[0]++;
                  }
                  // BUG: Diagnostic contains: tryLock() on a MutexBackend lock may sleep
                  try (var g = mutex.tryLock(Duration.ofMillis(1))) {
                    if (g != null) {
                      g.get()[0]++;
                    }
                  }
                }
              }

              <T> void spinGuardOpen(SpinLock<T> spin, Lock<T, MutexBackend> mutex) {
                try (var s = spin.lock();
                    // BUG: Diagnostic contains: but the spin lock guard s is open here
                    var m = mutex.lock()) {
                  m.set(s.get());
                }
              }

              void irqGuardOpen(SpinLockIrq<int[]> irq) {
                try (var s = irq.lock()) {
                  // BUG: Diagnostic contains: but the spin lock guard s is open here
                  try (var m = MUTEX.lock()) {
                    m.get()[0] += s.get()[0];
                  }
                }
              }

              final InterruptHandler handler =
                  irq -> {
                    // BUG: Diagnostic contains: this is an interrupt handler
                    try (var m = MUTEX.lock()) {
                      m.get()[0]++;
                    }
                  };

              static void onTick(LocalInterruptDisabled tick) {
                // BUG: Diagnostic contains: this is an interrupt handler
                try (var m = MUTEX.lock()) {
                  m.get()[0]++;
                }
              }

              void raise() {
                LocalInterrupts.raise(Thread.currentThread(), Test::onTick);
              }
            }
            """)
        .doTest();
  }

  @Test
  void flagsCondVarWaitsThatLeaveTheThreadAtomic() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.CondVar;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.time.Duration;

            class Test {
              final CondVar ready = new CondVar("ready");

              void tokenStillOpen(SpinLockIrq<Boolean> lock) throws InterruptedException {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var g = lock.lockWith(irqOff)) {
                  while (!g.get()) {
                    // BUG: Diagnostic contains: CondVar.await sleeps, but local interrupts are disabled here (irqOff is open): sleeping in atomic context (nothing that would wake this thread may run on its CPU); the wait releases only g's lock
                    ready.await(g);
                  }
                }
              }

              void otherSpinLockStillHeld(SpinLock<int[]> spin, Mutex<Boolean> mutex) {
                try (var s = spin.lock();
                    // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep
                    var m = mutex.lock()) {
                  // BUG: Diagnostic contains: CondVar.awaitUninterruptibly sleeps, but the spin lock guard s is open here
                  ready.awaitUninterruptibly(m);
                }
              }

              void timed(SpinLockIrq<Boolean> lock) throws InterruptedException {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var g = lock.lockWith(irqOff)) {
                  // BUG: Diagnostic contains: CondVar.await sleeps
                  boolean signalled = ready.await(g, Duration.ofMillis(1));
                }
              }

              final InterruptHandler handler =
                  irq -> {
                    // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep
                    try (var g = new Mutex<>(true).lock()) {
                      // BUG: Diagnostic contains: this is an interrupt handler
                      ready.awaitUninterruptibly(g);
                    }
                  };
            }
            """)
        .doTest();
  }

  @Test
  void leavesAloneWaitsOutsideAtomicContext() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.CondVar;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.time.Duration;
            import p.Loud;
            import p.Quiet;

            class Test {
              final CondVar ready = new CondVar();

              void waitsReleaseTheirOwnSpinLock(SpinLockIrq<Boolean> irq, SpinLock<Boolean> spin)
                  throws InterruptedException {
                try (var g = irq.lock()) {
                  while (!g.get()) {
                    ready.await(g);
                  }
                }
                try (var g = spin.lock()) {
                  ready.await(g, Duration.ofMillis(1));
                }
              }

              void mutexOutsideAtomicContext(Mutex<int[]> mutex) throws InterruptedException {
                try (var m = mutex.lock()) {
                  ready.awaitUninterruptibly(m);
                }
                try (var m = mutex.lockInterruptibly()) {
                  m.get()[0]++;
                }
              }

              void nonSleepingFormsInAtomicContext(
                  Mutex<int[]> mutex, SpinLock<int[]> spin, Loud<int[]> loud) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Quiet quiet = Quiet.enter();
                    var s = spin.lock();
                    var l = loud.lockWith(quiet);
                    var m = mutex.tryLock()) {
                  if (m != null) {
                    m.get()[0]++;
                  }
                }
              }

              void tokenClosedBeforeTheWait(Mutex<int[]> mutex) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  irqOff.hashCode();
                }
                try (var m = mutex.lock()) {
                  m.get()[0]++;
                }
              }

              Runnable laterOutsideTheToken(Mutex<int[]> mutex) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  return () -> {
                    try (var m = mutex.lock()) {
                      m.get()[0]++;
                    }
                  };
                }
              }

              final InterruptHandler signalsAreFine = irq -> ready.signalAll();

              @SuppressWarnings("CtxlockSleepInAtomic")
              void suppressed(Mutex<int[]> mutex) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var m = mutex.lock()) {
                  m.get()[0]++;
                }
              }
            }
            """)
        .doTest();
  }

  // ---- Users' backends: the check reads @Waits, never a name, nor what a backend delegates to.

  /** A user's lock state. */
  private static final String CELL =
      """
      package u;

      import java.util.concurrent.atomic.AtomicBoolean;

      public final class Cell {
        public final AtomicBoolean held = new AtomicBoolean();
      }
      """;

  /** A user's spinning backend, declared so. */
  private static final String RING_BACKEND =
      """
      package u;

      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      @Waits(WaitType.SPIN)
      public enum RingBackend implements Backend<Cell> {
        INSTANCE;

        @Override public Cell newState() { return new Cell(); }
        @Override public void lock(Cell c) { while (!tryLock(c)) { Thread.onSpinWait(); } }
        @Override public boolean tryLock(Cell c) { return c.held.compareAndSet(false, true); }
        @Override public void unlock(Cell c) { c.held.set(false); }
        @Override public void assertIsHeld(Cell c) {}
      }
      """;

  /** A user's sleeping, timed backend, declared so. */
  private static final String NAP_BACKEND =
      """
      package u;

      import dev.ctxlock.sync.TimedBackend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;
      import java.util.concurrent.locks.LockSupport;

      @Waits(WaitType.SLEEP)
      public enum NapBackend implements TimedBackend<Cell> {
        INSTANCE;

        @Override public Cell newState() { return new Cell(); }
        @Override public void lock(Cell c) { while (!tryLock(c)) { LockSupport.parkNanos(1000); } }
        @Override public boolean tryLock(Cell c) { return c.held.compareAndSet(false, true); }
        @Override public boolean tryLock(Cell c, long nanos) { return tryLock(c); }
        @Override public void lockInterruptibly(Cell c) { lock(c); }
        @Override public void unlock(Cell c) { c.held.set(false); }
        @Override public void assertIsHeld(Cell c) {}
      }
      """;

  /** A backend that sleeps but declares nothing: of unknown wait type. */
  private static final String PLAIN_BACKEND =
      """
      package u;

      import dev.ctxlock.sync.Backend;
      import java.util.concurrent.locks.LockSupport;

      public enum PlainBackend implements Backend<Cell> {
        INSTANCE;

        @Override public Cell newState() { return new Cell(); }
        @Override public void lock(Cell c) { while (!tryLock(c)) { LockSupport.parkNanos(1000); } }
        @Override public boolean tryLock(Cell c) { return c.held.compareAndSet(false, true); }
        @Override public void unlock(Cell c) { c.held.set(false); }
        @Override public void assertIsHeld(Cell c) {}
      }
      """;

  /** A sleeping backend class that can be extended; its subclass declares nothing. */
  private static final String NAP_BASE =
      """
      package u;

      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      @Waits(WaitType.SLEEP)
      public class NapBase implements Backend<Cell> {
        @Override public Cell newState() { return new Cell(); }
        @Override public void lock(Cell c) { NapBackend.INSTANCE.lock(c); }
        @Override public boolean tryLock(Cell c) { return NapBackend.INSTANCE.tryLock(c); }
        @Override public void unlock(Cell c) { NapBackend.INSTANCE.unlock(c); }
        @Override public void assertIsHeld(Cell c) {}
      }
      """;

  private static final String NAP_CHILD =
      """
      package u;

      public final class NapChild extends NapBase {}
      """;

  /** Delegates every operation to MutexBackend, yet declares SPIN: the declaration decides. */
  private static final String MUTEX_RELAY_BACKEND =
      """
      package u;

      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.MutexBackend;
      import dev.ctxlock.sync.MutexState;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      @Waits(WaitType.SPIN)
      public enum MutexRelayBackend implements Backend<MutexState> {
        INSTANCE;

        @Override public MutexState newState() { return MutexBackend.INSTANCE.newState(); }
        @Override public void lock(MutexState s) { MutexBackend.INSTANCE.lock(s); }
        @Override public boolean tryLock(MutexState s) { return MutexBackend.INSTANCE.tryLock(s); }
        @Override public void unlock(MutexState s) { MutexBackend.INSTANCE.unlock(s); }
        @Override public void assertIsHeld(MutexState s) { MutexBackend.INSTANCE.assertIsHeld(s); }
      }
      """;

  /**
   * A generated-shape lock of the sleeping backend, with the timed forms and a lockWith(Quiet)
   * whose contextual backend spins.
   */
  private static final String NAP =
      """
      package u;

      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.Lock;
      import java.time.Duration;
      import p.Quiet;

      public final class Nap<T> extends Lock<T, NapBackend> {
        public Nap(T data) { super(NapBackend.INSTANCE, data); }
        public Guard<T, NapBackend> lockInterruptibly() throws InterruptedException {
          return interruptibleLock();
        }
        public Guard<T, NapBackend> tryLock(Duration timeout) throws InterruptedException {
          return timedTryLock(timeout);
        }
        public Guard<T, RingBackend> lockWith(Quiet context) {
          return lockContextual(RingBackend.INSTANCE, context);
        }
      }
      """;

  /**
   * A generated-shape lock of the spinning backend whose contextual backend sleeps, in both the
   * inherent and the generic (witness) form: a lockWith takes the lock with the contextual backend.
   */
  private static final String RING =
      """
      package u;

      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.Lock;
      import java.time.Duration;
      import p.Quiet;

      public final class Ring<T> extends Lock<T, RingBackend> {
        public Ring(T data) { super(RingBackend.INSTANCE, data); }
        public Guard<T, NapBackend> lockWith(Quiet context) {
          return lockContextual(NapBackend.INSTANCE, context);
        }
        public Guard<T, NapBackend> tryLockWith(Quiet context) {
          return tryLockContextual(NapBackend.INSTANCE, context);
        }
        public Guard<T, NapBackend> tryLockWith(Quiet context, Duration timeout)
            throws InterruptedException {
          return tryLockContextual(NapBackend.INSTANCE, context, timeout);
        }
      }
      """;

  private static final String RING_BACKEND_CONTEXTS =
      """
      package u;

      import dev.ctxlock.sync.BackendWithContext;
      import p.Quiet;

      public final class RingBackendContexts {
        public static final BackendWithContext<RingBackend, Quiet, NapBackend> QUIET =
            new BackendWithContext<>() {
              @Override public RingBackend backend() { return RingBackend.INSTANCE; }
              @Override public NapBackend contextual() { return NapBackend.INSTANCE; }
              @Override public Class<Quiet> contextType() { return Quiet.class; }
            };
        private RingBackendContexts() {}
      }
      """;

  private CompilationTestHelper withUserBackends() {
    return compilation
        .addSourceLines("u/Cell.java", CELL)
        .addSourceLines("u/RingBackend.java", RING_BACKEND)
        .addSourceLines("u/NapBackend.java", NAP_BACKEND)
        .addSourceLines("u/PlainBackend.java", PLAIN_BACKEND)
        .addSourceLines("u/NapBase.java", NAP_BASE)
        .addSourceLines("u/NapChild.java", NAP_CHILD)
        .addSourceLines("u/MutexRelayBackend.java", MUTEX_RELAY_BACKEND)
        .addSourceLines("u/Nap.java", NAP)
        .addSourceLines("u/Ring.java", RING)
        .addSourceLines("u/RingBackendContexts.java", RING_BACKEND_CONTEXTS);
  }

  @Test
  void flagsAUserSleepBackendTakenInAtomicContext() {
    withUserBackends()
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.SpinLock;
            import java.time.Duration;
            import u.Nap;
            import u.NapBackend;
            import u.NapBase;
            import u.RingBackend;

            class Test {
              void underAUserSpinGuard(Lock<int[], RingBackend> ring, Lock<int[], NapBackend> nap) {
                try (var r = ring.lock();
                    // BUG: Diagnostic contains: lock() on a NapBackend lock may sleep, but the spin lock guard r is open here: sleeping in atomic context
                    var n = nap.lock()) {
                  n.get()[0] += r.get()[0];
                }
              }

              void timedFormsUnderAUserSpinGuard(Lock<int[], RingBackend> ring, Nap<int[]> nap)
                  throws InterruptedException {
                try (var r = ring.lock()) {
                  // BUG: Diagnostic contains: lockInterruptibly() on a NapBackend lock may sleep, but the spin lock guard r is open here
                  try (var n = nap.lockInterruptibly()) {
                    n.get()[0] += r.get()[0];
                  }
                  // BUG: Diagnostic contains: tryLock() on a NapBackend lock may sleep, but the spin lock guard r is open here
                  try (var n = nap.tryLock(Duration.ofMillis(1))) {
                    if (n != null) {
                      n.get()[0]++;
                    }
                  }
                }
              }

              void underAToken(Nap<int[]> nap, Lock<int[], NapBase> base) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: lock() on a NapBackend lock may sleep, but local interrupts are disabled here (irqOff is open)
                  try (var n = nap.lock()) {
                    n.get()[0]++;
                  }
                  // BUG: Diagnostic contains: lock() on a NapBase lock may sleep, but local interrupts are disabled here (irqOff is open)
                  try (var b = base.lock()) {
                    b.get()[0]++;
                  }
                }
              }

              void underAShippedSpinGuard(SpinLock<int[]> spin, Nap<int[]> nap) {
                try (var s = spin.lock();
                    // BUG: Diagnostic contains: lock() on a NapBackend lock may sleep, but the spin lock guard s is open here
                    var n = nap.lock()) {
                  n.get()[0] += s.get()[0];
                }
              }

              final Nap<int[]> shared = new Nap<>(new int[1]);

              final InterruptHandler handler =
                  irq -> {
                    // BUG: Diagnostic contains: lock() on a NapBackend lock may sleep, but this is an interrupt handler
                    try (var n = shared.lock()) {
                      n.get()[0]++;
                    }
                  };
            }
            """)
        .doTest();
  }

  @Test
  void flagsSleepsUnderAUserSpinGuard() {
    withUserBackends()
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.sync.CondVar;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.Mutex;
            import u.RingBackend;

            class Test {
              final CondVar ready = new CondVar();

              void mutexUnderAUserSpinGuard(Lock<int[], RingBackend> ring, Mutex<int[]> mutex) {
                try (var r = ring.lock();
                    // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep, but the spin lock guard r is open here
                    var m = mutex.lock()) {
                  m.get()[0] += r.get()[0];
                }
              }

              void waitUnderAUserSpinGuard(Lock<int[], RingBackend> ring, Mutex<Boolean> mutex) {
                try (var r = ring.lock()) {
                  // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep
                  try (var m = mutex.lock()) {
                    // BUG: Diagnostic contains: CondVar.awaitUninterruptibly sleeps, but the spin lock guard r is open here
                    ready.awaitUninterruptibly(m);
                  }
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void lockWithIsTakenWithTheContextualBackend() {
    withUserBackends()
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import java.time.Duration;
            import p.Quiet;
            import u.Nap;
            import u.Ring;
            import u.RingBackendContexts;

            class Test {
              void inherent(Ring<int[]> ring, Nap<int[]> nap) throws InterruptedException {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Quiet quiet = Quiet.enter()) {
                  // BUG: Diagnostic contains: lockWith() on a NapBackend lock may sleep, but local interrupts are disabled here
                  try (var r = ring.lockWith(quiet)) {
                    r.get()[0]++;
                  }
                  // BUG: Diagnostic contains: tryLockWith() on a NapBackend lock may sleep
                  try (var r = ring.tryLockWith(quiet, Duration.ofMillis(1))) {
                    r.get()[0]++;
                  }
                  try (var r = ring.tryLockWith(quiet)) {
                    r.get()[0]++;
                  }
                  // Nap sleeps, but its lockWith takes it with the spinning RingBackend.
                  try (var n = nap.lockWith(quiet)) {
                    n.get()[0]++;
                  }
                }
              }

              void generic(Ring<int[]> ring) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Quiet quiet = Quiet.enter();
                    // BUG: Diagnostic contains: lockWith() on a NapBackend lock may sleep, but local interrupts are disabled here
                    var r = ring.lockWith(RingBackendContexts.QUIET, quiet)) {
                  r.get()[0]++;
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void aBackendWithoutWaitsIsNeitherSleepingNorSpin() {
    withUserBackends()
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Backend;
            import dev.ctxlock.sync.CondVar;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;
            import u.Cell;
            import u.Nap;
            import u.NapChild;
            import u.PlainBackend;

            class Test {
              final CondVar ready = new CondVar();

              void takenInAtomicContext(
                  Lock<int[], PlainBackend> plain, Lock<int[], NapChild> child, SpinLock<int[]> spin) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var p = plain.lock();
                    var c = child.lock()) {
                  p.get()[0] += c.get()[0];
                }
                try (var s = spin.lock();
                    var p = plain.lock()) {
                  p.get()[0] += s.get()[0];
                }
              }

              <B extends Backend<Cell>> void ofAnUnknownBackend(Lock<int[], B> any) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var a = any.lock()) {
                  a.get()[0]++;
                }
              }

              void heldAroundASleep(Lock<int[], PlainBackend> plain, Mutex<Boolean> mutex, Nap<int[]> nap) {
                try (var p = plain.lock();
                    var m = mutex.lock();
                    var n = nap.lock()) {
                  ready.awaitUninterruptibly(m);
                }
              }

              final Lock<int[], PlainBackend> shared = new Lock<>(PlainBackend.INSTANCE, new int[1]);

              final InterruptHandler handler =
                  irq -> {
                    try (var p = shared.lock()) {
                      p.get()[0]++;
                    }
                  };
            }
            """)
        .doTest();
  }

  @Test
  void theDeclarationWinsOverDelegation() {
    withUserBackends()
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.CondVar;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.Mutex;
            import u.MutexRelayBackend;

            class Test {
              final CondVar ready = new CondVar();

              void takingItDoesNotSleep(Lock<int[], MutexRelayBackend> relay) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var r = relay.lock()) {
                  r.get()[0]++;
                }
              }

              void holdingItIsAtomic(Lock<int[], MutexRelayBackend> relay, Mutex<int[]> mutex) {
                try (var r = relay.lock();
                    // BUG: Diagnostic contains: lock() on a MutexBackend lock may sleep, but the spin lock guard r is open here
                    var m = mutex.lock()) {
                  m.get()[0] += r.get()[0];
                }
              }

              void aWaitReleasesItsOwnGuard(Lock<Boolean, MutexRelayBackend> relay) {
                try (var r = relay.lock()) {
                  ready.awaitUninterruptibly(r);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void readsASpinGuardsBackendFromItsInitializer() {
    CompilationTestHelper.newInstance(CtxlockSleepInAtomic.class, getClass())
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;

            class Test {
              <T> void wildcard(SpinLock<T> spin, Mutex<int[]> mutex) {
                try (Guard<T, ?> g = spin.lock()) {
                  // BUG: Diagnostic contains: the spin lock guard g is open here
                  try (var m = mutex.lock()) {
                    m.get()[0]++;
                  }
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void countsLambdasThatRunInPlace() {
    CompilationTestHelper.newInstance(CtxlockSleepInAtomic.class, getClass())
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Mutex;
            import java.util.List;
            import java.util.concurrent.ExecutorService;

            class Test {
              void forEach(List<Mutex<int[]>> locks, ExecutorService executor) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  locks.forEach(
                      m -> {
                        // BUG: Diagnostic contains: local interrupts are disabled here
                        try (var g = m.lock()) {
                          g.get()[0]++;
                        }
                      });
                  executor.execute(
                      () -> {
                        try (var g = locks.get(0).lock()) {
                          g.get()[0]++;
                        }
                      });
                  Runnable later =
                      () -> {
                        try (var g = locks.get(0).lock()) {
                          g.get()[0]++;
                        }
                      };
                  executor.execute(later);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void noWarningWhereTheSpinTryLockFailed() {
    CompilationTestHelper.newInstance(CtxlockSleepInAtomic.class, getClass())
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.SpinLock;

            class Test {
              void fallback(SpinLock<int[]> spin, Mutex<int[]> mutex) {
                try (var fast = spin.tryLock()) {
                  if (fast == null) {
                    try (var slow = mutex.lock()) {
                      slow.get()[0]++;
                    }
                  } else {
                    fast.get()[0]++;
                  }
                  if (fast != null) {
                    fast.get()[0]++;
                  } else {
                    try (var slow = mutex.lock()) {
                      slow.get()[0]++;
                    }
                  }
                  if (fast != null) {
                    // BUG: Diagnostic contains: the spin lock guard fast is open here
                    try (var slow = mutex.lock()) {
                      slow.get()[0]++;
                    }
                  }
                }
              }
            }
            """)
        .doTest();
  }
}
