package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctxlock.internal.lockdep.Lockdep;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.LockValidationException.Rule;
import dev.ctxlock.testing.Threads;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lock validator's rules, each found on a program that never actually deadlocks (two phases
 * on one thread, handlers that never collided), for every backend and form; deduplicated; with
 * nothing taken when a report throws. Runs only when the JVM has {@code -Dctxlock.validate}
 * (runtime's pom runs the whole suite once more with {@code throw}).
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockValidatorTest {

  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
  private Thread.UncaughtExceptionHandler previous;

  @BeforeEach
  void onlyWithTheValidatorOn() {
    assumeTrue(LockValidator.isEnabled(), "run with -Dctxlock.validate=throw");
    Lockdep.resetForTests();
    Lockdep.setThrowing(true);
    previous = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
  }

  @AfterEach
  void restore() {
    if (LockValidator.isEnabled()) {
      Thread.currentThread().setUncaughtExceptionHandler(previous);
      Lockdep.resetForTests();
      Lockdep.setThrowing(true);
      assertFalse(LocalInterrupts.areDisabled());
    }
  }

  // Locks of distinct classes: each factory call site below is its own construction site.

  private static <T> Lock<T, ?> spin(String name, T value) {
    return LockValidator.setClass(new SpinLock<>(name, value), name);
  }

  private static <T> Lock<T, ?> mutex(String name, T value) {
    return LockValidator.setClass(new Mutex<>(name, value), name);
  }

  private static <T> SpinLockIrq<T> irq(String name, T value) {
    return LockValidator.setClass(new SpinLockIrq<>(name, value), name);
  }

  private static void assertFreeElsewhere(Lock<?, ?> lock) throws InterruptedException {
    assertNull(
        Threads.onOtherThread(
            () -> {
              try (Guard<?, ?> g = lock.tryLock()) {
                assertNotNull(g, lock.name() + " was left held");
              }
            }));
  }

  /** Ways to take a lock while some other is held; each must add order edges. */
  private interface Form {
    Guard<?, ?> take(Lock<int[], ?> lock, LocalInterruptDisabled irqOff) throws Exception;
  }

  private static final List<Form> BLOCKING_FORMS =
      List.of(
          (lock, irqOff) -> lock.lock(),
          (lock, irqOff) -> lock.interruptibleLock(),
          (lock, irqOff) ->
              lock instanceof SpinLockIrq
                  ? ((SpinLockIrq<?>) lock).lockWith(irqOff)
                  : lock.lock(),
          (lock, irqOff) ->
              lock instanceof SpinLockIrq
                  ? ((SpinLockIrq<?>) lock)
                      .lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)
                  : lock.lock());

  @Test
  void inversionOnOneThreadIsAPotentialDeadlockForEveryBackendAndForm() throws Exception {
    List<Supplier<Lock<int[], ?>>> makers = new ArrayList<>();
    int[] n = {0};
    makers.add(() -> LockValidator.setClass(new SpinLock<>(new int[1]), "spin" + n[0]++));
    makers.add(() -> LockValidator.setClass(new Mutex<>(new int[1]), "mutex" + n[0]++));
    makers.add(() -> LockValidator.setClass(new SpinLockIrq<>(new int[1]), "irq" + n[0]++));
    for (Supplier<Lock<int[], ?>> maker : makers) {
      for (Form form : BLOCKING_FORMS) {
        Lock<int[], ?> a = maker.get();
        Lock<int[], ?> b = maker.get();
        Form f = form;
        phase(a, b, f, null);
        LockValidationException e =
            assertThrows(LockValidationException.class, () -> phase(b, a, f, null));
        assertDeadlockReport(e, a, b);
        assertFreeElsewhere(a);
        assertFreeElsewhere(b);
        // Reported once: the same inversion again goes on.
        phase(b, a, f, null);
      }
    }
  }

  /** Takes {@code outer} then {@code inner} with {@code form} (with a token for irq locks). */
  private static void phase(Lock<int[], ?> outer, Lock<int[], ?> inner, Form form, Object unused)
      throws Exception {
    boolean irqLocks = outer instanceof SpinLockIrq;
    LocalInterruptDisabled irqOff = irqLocks ? LocalInterrupts.disable() : null;
    try (Guard<?, ?> o = form.take(outer, irqOff)) {
      try (Guard<?, ?> i = form.take(inner, irqOff)) {
        assertTrue(inner.isHeldByCurrentThread());
      } finally {
        assertTrue(outer.isHeldByCurrentThread(), "the report released the outer lock");
      }
    } finally {
      if (irqOff != null) {
        irqOff.close();
      }
    }
  }

  private static void assertDeadlockReport(LockValidationException e, Lock<?, ?> a, Lock<?, ?> b) {
    assertEquals(Rule.POTENTIAL_DEADLOCK, e.rule());
    assertTrue(e.getMessage().contains(a.name()) && e.getMessage().contains(b.name()), e.getMessage());
    assertTrue(e.getMessage().startsWith("potential deadlock"), e.getMessage());
    // The cause chain: this order now, then where the opposite order was first seen.
    assertInstanceOf(LockValidationException.FirstSeen.class, e.getCause());
    assertInstanceOf(LockValidationException.FirstSeen.class, e.getCause().getCause());
    assertTrue(e.getCause().getCause().getStackTrace().length > 0);
    assertTrue(
        e.getCause().getCause().getMessage().contains(a.name() + " (")
            && e.getCause().getCause().getMessage().contains(" then " + b.name()),
        e.getCause().getCause().getMessage());
  }

  @Test
  void longerCyclesAreFoundWithEveryEdgeInTheCauseChain() throws Exception {
    Lock<int[], ?> a = spin("a", new int[1]);
    Lock<int[], ?> b = spin("b", new int[1]);
    Lock<int[], ?> c = spin("c", new int[1]);
    Form lock = (l, t) -> l.lock();
    phase(a, b, lock, null);
    phase(b, c, lock, null);
    LockValidationException e =
        assertThrows(LockValidationException.class, () -> phase(c, a, lock, null));
    assertEquals(Rule.POTENTIAL_DEADLOCK, e.rule());
    int links = 0;
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      links++;
    }
    assertEquals(3, links, "one FirstSeen per edge of c -> a -> b -> c");
  }

  @Test
  void aTryNeverReportsButAddsItsEdges() throws Exception {
    Lock<int[], ?> a = spin("a", new int[1]);
    Lock<int[], ?> b = spin("b", new int[1]);
    try (Guard<int[], ?> ga = a.lock();
        Guard<int[], ?> gb = b.tryLock()) {
      assertNotNull(gb);
    }
    // The opposite order with a try: no report (a try cannot deadlock).
    try (Guard<int[], ?> gb = b.lock();
        Guard<int[], ?> ga = a.timedTryLock(Duration.ofSeconds(1))) {
      assertNotNull(ga);
    }
    // But a blocking b-then-a closes the cycle the first try made.
    Form lock = (l, t) -> l.lock();
    assertThrows(LockValidationException.class, () -> phase(b, a, lock, null));
  }

  @Test
  void callUnlockedAndCondVarWaitsTakeTheLockOffTheHeldStack() throws Exception {
    Lock<int[], ?> a = spin("a", new int[1]);
    Lock<int[], ?> b = spin("b", new int[1]);
    try (Guard<int[], ?> ga = a.lock()) {
      ga.runUnlocked(
          () -> {
            try (Guard<int[], ?> gb = b.lock()) {
              gb.get()[0]++;
            }
          });
    }
    Lock<int[], ?> m = mutex("m", new int[1]);
    CondVar cv = new CondVar();
    try (Guard<int[], ?> gm = m.lock()) {
      assertFalse(cv.await(gm, Duration.ofMillis(1)));
    }
    // No a -> b edge was recorded, so b then a is no inversion.
    try (Guard<int[], ?> gb = b.lock();
        Guard<int[], ?> ga = a.lock()) {
      ga.get()[0]++;
    }
  }

  @Test
  void aSpinLockTakenInAHandlerAndWithInterruptsEnabledIsIrqUnsafe() throws Exception {
    Lock<int[], ?> plain = spin("plain", new int[1]);
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          try (Guard<int[], ?> g = plain.lock()) {
            g.get()[0]++;
          }
        });
    assertEquals(List.of(), reported);
    LockValidationException e = assertThrows(LockValidationException.class, plain::lock);
    assertEquals(Rule.IRQ_UNSAFE, e.rule());
    assertTrue(e.getMessage().contains("plain"), e.getMessage());
    assertNotNull(e.getCause(), "first uses in the cause chain");
    assertFreeElsewhere(plain);

    // The other order: held with interrupts enabled first, then in a handler, where the report
    // reaches the thread's uncaught-exception handler.
    Lock<int[], ?> other = spin("other", new int[1]);
    try (Guard<int[], ?> g = other.lock()) {
      g.get()[0]++;
    }
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          try (Guard<int[], ?> g = other.lock()) {
            g.get()[0]++;
          }
        });
    assertEquals(1, reported.size(), reported.toString());
    assertEquals(Rule.IRQ_UNSAFE, ((LockValidationException) reported.get(0)).rule());
    assertFreeElsewhere(other);
  }

  @Test
  void irqLocksTakenAsTheKernelDoesAreNotReported() throws Exception {
    SpinLockIrq<int[]> stats = irq("stats", new int[1]);
    for (int i = 0; i < 2; i++) {
      LocalInterrupts.raise(
          Thread.currentThread(),
          irqOff -> {
            try (Guard<int[], SpinLockBackend> g = stats.lockWith(irqOff)) {
              g.get()[0]++;
            }
            try (Guard<int[], SpinLockBackend> g =
                stats.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)) {
              g.get()[0]++;
            }
          });
      try (Guard<int[], SpinLockIrqBackend> g = stats.lock()) {
        g.get()[0]++;
      }
      try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
          Guard<int[], SpinLockBackend> g = stats.lockWith(irqOff)) {
        g.get()[0]++;
      }
    }
    assertEquals(List.of(), reported);
  }

  /** A user backend that disables interrupts itself while held, as SpinLockIrqBackend does. */
  enum IrqOffBackend implements Backend<Object[]> {
    INSTANCE;

    @Override
    public Object[] newState() {
      return new Object[1];
    }

    @Override
    public void lock(Object[] s) {
      LocalInterruptDisabled irqOff = LocalInterrupts.disable();
      synchronized (s) {
        while (s[0] != null) {
          throw new IllegalStateException("busy (this test never contends)");
        }
        s[0] = irqOff;
      }
    }

    @Override
    public boolean tryLock(Object[] s) {
      lock(s);
      return true;
    }

    @Override
    public void unlock(Object[] s) {
      LocalInterruptDisabled irqOff;
      synchronized (s) {
        irqOff = (LocalInterruptDisabled) s[0];
        s[0] = null;
      }
      irqOff.close();
    }

    @Override
    public void assertIsHeld(Object[] s) {
      if (s[0] == null) {
        throw new IllegalStateException("not held");
      }
    }
  }

  @Test
  void aUserBackendThatDisablesInterruptsItselfIsNotIrqUnsafe() {
    Lock<int[], IrqOffBackend> lock = new Lock<>(IrqOffBackend.INSTANCE, "irq-off", new int[1]);
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          try (Guard<int[], IrqOffBackend> g = lock.lock()) {
            g.get()[0]++;
          }
        });
    try (Guard<int[], IrqOffBackend> g = lock.lock()) { // interrupts enabled before, not while held
      g.get()[0]++;
    }
    assertEquals(List.of(), reported);
  }

  @Test
  void sleepingAcquisitionsInAtomicContextAreReported() throws Exception {
    Lock<int[], ?> m = mutex("m", new int[1]);
    Lock<int[], ?> s = spin("s", new int[1]);
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      LockValidationException e = assertThrows(LockValidationException.class, m::lock);
      assertEquals(Rule.SLEEP_IN_ATOMIC, e.rule());
      assertTrue(e.getMessage().contains("interrupts disabled"), e.getMessage());
    }
    assertFreeElsewhere(m);
    try (Guard<int[], ?> gs = s.lock()) {
      // A plain try does not sleep: no report.
      try (Guard<int[], ?> gm = m.tryLock()) {
        assertNotNull(gm);
      }
      LockValidationException e =
          assertThrows(LockValidationException.class, () -> m.timedTryLock(Duration.ofSeconds(1)));
      assertEquals(Rule.SLEEP_IN_ATOMIC, e.rule());
      assertTrue(e.getMessage().contains("s ("), e.getMessage());
    }
    assertFreeElsewhere(m);
    // A handler that sleeps.
    Lock<int[], ?> m2 = mutex("m2", new int[1]);
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          try (Guard<int[], ?> g = m2.lock()) {
            g.get()[0]++;
          }
        });
    assertEquals(1, reported.size());
    assertEquals(Rule.SLEEP_IN_ATOMIC, ((LockValidationException) reported.get(0)).rule());
    // Spin locks never count, whatever their back-off.
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
        Guard<int[], ?> g = s.timedTryLock(Duration.ofSeconds(1))) {
      assertNotNull(g);
    }
  }

  /**
   * A report that comes as a wait or a callUnlocked window takes its lock back (the relock closes a
   * cycle) leaves the lock held and the guard usable, as every failed wait does: SPEC's "takes the
   * lock again before it returns or throws".
   */
  @Test
  void aReportAtAReacquisitionLeavesTheLockHeldAndTheGuardOpen() throws Exception {
    Lock<int[], ?> a = mutex("a", new int[1]);
    Lock<int[], ?> b = mutex("b", new int[1]);
    try (Guard<int[], ?> ga = a.lock();
        Guard<int[], ?> gb = b.lock()) {
      gb.get()[0]++; // a then b
    }
    CondVar cv = new CondVar("cv");
    try (Guard<int[], ?> ga = a.lock();
        Guard<int[], ?> gb = b.lock()) {
      // The wait releases a while b is held, and takes a again: b then a closes the cycle.
      LockValidationException e =
          assertThrows(LockValidationException.class, () -> cv.await(ga, Duration.ofMillis(1)));
      assertEquals(Rule.POTENTIAL_DEADLOCK, e.rule());
      assertTrue(a.isHeldByCurrentThread(), "the report left a released");
      ga.get()[0]++; // the guard is still usable
      assertTrue(b.isHeldByCurrentThread());
    }
    assertFreeElsewhere(a);
    assertFreeElsewhere(b);
    // The validator still knows what is held: a fresh chain in the validated order is fine.
    try (Guard<int[], ?> ga = a.lock();
        Guard<int[], ?> gb = b.lock()) {
      gb.get()[0]++;
    }
    Lock<int[], ?> c = mutex("c", new int[1]);
    Lock<int[], ?> d = mutex("d", new int[1]);
    try (Guard<int[], ?> gc = c.lock();
        Guard<int[], ?> gd = d.lock()) {
      gd.get()[0]++; // c then d
    }
    try (Guard<int[], ?> gc = c.lock();
        Guard<int[], ?> gd = d.lock()) {
      LockValidationException e =
          assertThrows(
              LockValidationException.class, () -> gc.runUnlocked(() -> gd.get()[0]++));
      assertEquals(Rule.POTENTIAL_DEADLOCK, e.rule());
      assertTrue(c.isHeldByCurrentThread(), "the report left c released");
      gc.get()[0]++;
    }
    assertFreeElsewhere(c);
  }

  @Test
  void aCondVarWaitHoldingASpinLockIsReportedWithNothingReleased() throws Exception {
    Lock<int[], ?> m = mutex("m", new int[1]);
    Lock<int[], ?> s = spin("s", new int[1]);
    CondVar cv = new CondVar("cv");
    try (Guard<int[], ?> gm = m.lock();
        Guard<int[], ?> gs = s.lock()) {
      LockValidationException e =
          assertThrows(LockValidationException.class, () -> cv.await(gm, Duration.ofMillis(1)));
      assertEquals(Rule.SLEEP_IN_ATOMIC, e.rule());
      assertTrue(e.getMessage().contains("waits on CondVar[cv]"), e.getMessage());
      assertTrue(m.isHeldByCurrentThread());
      gm.get()[0]++;
    }
    // Waiting on the spin lock's own guard is fine: it is released for the wait.
    try (Guard<int[], ?> gs = s.lock()) {
      assertFalse(cv.await(gs, Duration.ofMillis(1)));
    }
  }

  @Test
  void sameClassNestingIsReportedUnlessDeclared() throws Exception {
    List<Lock<int[], ?>> nodes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      nodes.add(new SpinLock<>("node" + i, new int[1])); // one construction site: one class
    }
    try (Guard<int[], ?> g0 = nodes.get(0).lock()) {
      LockValidationException e =
          assertThrows(LockValidationException.class, () -> nodes.get(1).lock());
      assertEquals(Rule.SAME_CLASS_NESTING, e.rule());
      assertTrue(e.getMessage().contains("node1") && e.getMessage().contains("node0"));
      assertTrue(e.getMessage().contains("LockValidatorTest.java:"), e.getMessage());
    }
    assertFreeElsewhere(nodes.get(1));
    // Declared: a parent in subclass 0, children in subclass 1.
    Lockdep.resetForTests();
    LockValidator.setSubclass(nodes.get(2), 1);
    try (Guard<int[], ?> parent = nodes.get(0).lock();
        Guard<int[], ?> child = nodes.get(2).lock()) {
      child.get()[0]++;
    }
    // And the declared order is validated: child then parent is an inversion.
    Form lock = (l, t) -> l.lock();
    assertThrows(LockValidationException.class, () -> phase(nodes.get(2), nodes.get(0), lock, null));
    assertThrows(IllegalArgumentException.class, () -> LockValidator.setSubclass(nodes.get(0), -1));
    try (Guard<int[], ?> g = nodes.get(0).lock()) {
      assertThrows(IllegalStateException.class, () -> LockValidator.setSubclass(nodes.get(0), 2));
    }
  }

  @Test
  void warnModeLogsOnceAndGoesOn() throws Exception {
    Lockdep.setThrowing(false);
    List<LockValidationException> records = Collections.synchronizedList(new ArrayList<>());
    java.util.function.Consumer<LockValidationException> previousSink =
        Lockdep.setWarningsForTests(records::add);
    try {
      Lock<int[], ?> a = spin("a", new int[1]);
      Lock<int[], ?> b = spin("b", new int[1]);
      Form lock = (l, t) -> l.lock();
      phase(a, b, lock, null);
      phase(b, a, lock, null); // reported, and taken anyway
      phase(b, a, lock, null); // not again
      assertEquals(1, records.size());
      assertEquals(Rule.POTENTIAL_DEADLOCK, records.get(0).rule());
    } finally {
      Lockdep.setWarningsForTests(previousSink);
    }
  }

  @Test
  void locksAndThreadsLeaveNoValidatorStateBehind() throws Exception {
    List<WeakReference<Object>> refs = useALockOnAThreadThatEnds();
    for (int i = 0; i < 50 && refs.stream().anyMatch(r -> r.get() != null); i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(refs.get(0).get(), "the validator keeps a released lock reachable");
    assertNull(refs.get(1).get(), "the validator keeps an ended thread reachable");
  }

  /** Weak references to a lock and to the thread that used it, both unreachable on return. */
  private static List<WeakReference<Object>> useALockOnAThreadThatEnds() throws Exception {
    List<WeakReference<Object>> refs = new ArrayList<>();
    Thread t =
        new Thread(
            () -> {
              Lock<int[], ?> l = new SpinLock<>("short-lived", new int[1]);
              Lock<int[], ?> m = new Mutex<>("short-lived-mutex", new int[1]);
              try (Guard<int[], ?> gm = m.lock();
                  Guard<int[], ?> g = l.lock()) {
                g.get()[0]++;
              }
              refs.add(new WeakReference<>(l));
            });
    t.start();
    t.join(10_000);
    assertFalse(t.isAlive());
    refs.add(new WeakReference<>(t));
    return refs;
  }

  @Test
  void classesAreConstructionSites() {
    Lock<int[], ?> first = new SpinLock<>(new int[1]);
    Lock<int[], ?> second = new SpinLock<>(new int[1]);
    assertTrue(first.map.lockClass().site().contains("LockValidatorTest.classesAreConstructionSites"));
    assertFalse(first.map.lockClass() == second.map.lockClass(), "two sites, two classes");
    List<Lock<int[], ?>> loop = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      loop.add(new Mutex<>(new int[1]));
    }
    assertSame(loop.get(0).map.lockClass(), loop.get(1).map.lockClass());
    SpinLockIrq<int[]> generated = new SpinLockIrq<>(new int[1]); // a generated subclass
    assertTrue(generated.map.lockClass().site().contains("LockValidatorTest"), generated.map.lockClass().site());
  }
}
