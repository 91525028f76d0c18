package dev.ctxlock.sync;

import static dev.ctxlock.sync.UserBackends.IRQ_DELEGATE;
import static dev.ctxlock.sync.UserBackends.MUTEX;
import static dev.ctxlock.sync.UserBackends.OWN_SPIN;
import static dev.ctxlock.sync.UserBackends.SLEEP_DELEGATE;
import static dev.ctxlock.sync.UserBackends.SPIN_DELEGATE;
import static dev.ctxlock.sync.UserBackends.SPIN_LOCK;
import static dev.ctxlock.sync.UserBackends.UNDECLARED;
import static dev.ctxlock.sync.UserBackends.USER;
import static dev.ctxlock.sync.UserBackends.USER_SLEEP;
import static dev.ctxlock.sync.UserBackends.USER_SPIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.LockValidationException.Rule;
import dev.ctxlock.sync.UserBackends.Fixture;
import dev.ctxlock.sync.UserBackends.Form;
import dev.ctxlock.testing.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lock validator's rules for users' backends, which SPEC says read {@link Waits}: a user
 * backend that declares {@code SLEEP} is checked as a {@link Mutex} is, one that declares {@code
 * SPIN} makes atomic context as a {@link SpinLock} does, and one without {@link Waits} counts as
 * neither. The rules that do not depend on the wait type (cycles, same-class nesting, irq-unsafe
 * use) apply to every backend alike. Shipped backends taken through the same test lock class are
 * the controls. Runs only when the JVM has {@code -Dctxlock.validate} (runtime's pom runs the
 * suite once more with {@code throw}).
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserBackendValidatorTest {

  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
  private Thread.UncaughtExceptionHandler previous;

  @BeforeEach
  void onlyWithTheValidatorOn() {
    assumeTrue(LockValidator.isEnabled(), "run with -Dctxlock.validate=throw");
    ValidatorHooks.reset();
    ValidatorHooks.throwing(true);
    previous = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
  }

  @AfterEach
  void restore() {
    if (LockValidator.isEnabled()) {
      Thread.currentThread().setUncaughtExceptionHandler(previous);
      ValidatorHooks.reset();
      ValidatorHooks.throwing(true);
      assertFalse(LocalInterrupts.areDisabled(), "this test leaked an interrupt level");
    }
  }

  // ---- Helpers

  /** Asserts that another thread can take {@code lock} now: nothing was left held. */
  private static void assertFreeElsewhere(Lock<?, ?> lock) throws InterruptedException {
    assertNull(
        Threads.onOtherThread(
            () -> {
              try (Guard<?, ?> g = lock.tryLock()) {
                assertNotNull(g, lock.name() + " was left held");
              }
            }));
  }

  /** An acquisition (or wait) a test expects a report from. */
  @FunctionalInterface
  private interface Acquisition {
    @Nullable AutoCloseable run() throws Exception;
  }

  /**
   * Runs {@code acquisition}, which must throw a {@link LockValidationException} of {@code rule};
   * if it goes ahead instead, closes what it took and fails naming {@code what}.
   */
  private static LockValidationException expectReport(
      Rule rule, String what, Acquisition acquisition) throws Exception {
    AutoCloseable taken;
    try {
      taken = acquisition.run();
    } catch (LockValidationException e) {
      if (e.rule() != rule) {
        fail("no " + rule + " report: " + what + "; the validator reported " + e.rule()
            + " instead: " + e.getMessage(), e);
      }
      return e;
    }
    if (taken != null) {
      taken.close();
    }
    return fail("no " + rule + " report: " + what + " went ahead");
  }

  /**
   * An atomic context a test takes locks in: holding a lock of a {@code SPIN} backend ({@code
   * holder} non-null), or with interrupts disabled by a {@link LocalInterrupts#disable()} token.
   * Also used with an {@code Undeclared} holder, which is no atomic context.
   */
  private static final class Context {
    final @Nullable Fixture<?> holder;

    Context(@Nullable Fixture<?> holder) {
      this.holder = holder;
    }

    /** Whether a report should name the held lock (a spin lock that does not disable irqs). */
    boolean namesHolder() {
      return holder != null && holder != IRQ_DELEGATE;
    }

    @Override
    public String toString() {
      return holder == null ? "interrupts disabled" : "holding a lock of " + holder;
    }
  }

  /** Inside a {@link Context}: the held lock (or token), checked to be unchanged by a report. */
  // Keeps the token it opened in a field, on its own thread, until close(): confined, never shared.
  @SuppressWarnings("CtxlockTokenEscapes")
  private static final class Entered implements AutoCloseable {
    final @Nullable Lock<int[], ?> held;
    final @Nullable AutoCloseable resource;
    final boolean irqsDisabled;

    @SuppressWarnings("MustBeClosedChecker") // closed by close()
    Entered(Context context) throws Exception {
      if (context.holder == null) {
        held = null;
        resource = LocalInterrupts.disable();
      } else {
        held = context.holder.newLock("held-" + context.holder);
        resource = context.holder.take(Form.LOCK, held);
      }
      irqsDisabled = LocalInterrupts.areDisabled();
    }

    /** The held lock is still held here, with the same interrupt state as on entry. */
    void assertUnchanged() {
      if (held != null) {
        assertTrue(held.isHeldByCurrentThread(), held.name() + " was released by the report");
      }
      assertEquals(irqsDisabled, LocalInterrupts.areDisabled(), "the interrupt state changed");
    }

    @Override
    public void close() throws Exception {
      if (resource != null) {
        resource.close();
      }
    }
  }

  private static final List<Context> ATOMIC_CONTEXTS =
      List.of(
          new Context(SPIN_DELEGATE),
          new Context(IRQ_DELEGATE),
          new Context(OWN_SPIN),
          new Context(SPIN_LOCK),
          new Context(null));

  /** Every pair of the given lists. */
  private static Stream<Arguments> product(List<?> a, List<?> b) {
    List<Arguments> out = new ArrayList<>();
    for (Object x : a) {
      for (Object y : b) {
        out.add(Arguments.of(x, y));
      }
    }
    return out.stream();
  }

  /** Every combination of the given lists. */
  private static Stream<Arguments> product(List<?> a, List<?> b, List<?> c) {
    List<Arguments> out = new ArrayList<>();
    for (Object x : a) {
      for (Object y : b) {
        for (Object z : c) {
          out.add(Arguments.of(x, y, z));
        }
      }
    }
    return out.stream();
  }

  // ---- Sleeping in atomic context: the rule reads @Waits on both sides

  static Stream<Arguments> sleepersInAtomicContexts() {
    return product(List.of(SLEEP_DELEGATE, UserBackends.OWN_SLEEP, MUTEX), ATOMIC_CONTEXTS, Form.BLOCKING);
  }

  /**
   * A blocking acquisition of a {@code SLEEP} backend (user's, or the shipped mutex as control),
   * in every blocking form, while holding a lock of a {@code SPIN} backend (users', or the shipped
   * spin lock as control) or with interrupts disabled, is reported, with nothing taken and
   * nothing released.
   */
  @ParameterizedTest(name = "{0} taken by {2} while {1}")
  @MethodSource("sleepersInAtomicContexts")
  void aSleepingAcquisitionInAtomicContextIsReported(
      Fixture<?> sleeper, Context context, Form form) throws Exception {
    Lock<int[], ?> sleeping = sleeper.newLock("sleeping-" + sleeper);
    LockValidationException e;
    try (Entered entered = new Entered(context)) {
      e =
          expectReport(
              Rule.SLEEP_IN_ATOMIC,
              sleeper + " taken by " + form + " while " + context,
              () -> sleeper.take(form, sleeping));
      entered.assertUnchanged();
      assertFalse(sleeping.isHeldByCurrentThread(), "the report left " + sleeping + " held");
      if (context.namesHolder()) {
        assertTrue(e.getMessage().contains(entered.held.name()), e.getMessage());
      }
    }
    assertTrue(e.getMessage().contains(sleeping.name()), e.getMessage());
    assertFalse(LocalInterrupts.areDisabled(), "the report left an interrupt level behind");
    assertFreeElsewhere(sleeping);
  }

  static Stream<Arguments> sleepersInAtomicContextsByTry() {
    return product(
        List.of(SLEEP_DELEGATE, UserBackends.OWN_SLEEP, MUTEX), ATOMIC_CONTEXTS, Form.NON_BLOCKING);
  }

  /** A try that does not wait never sleeps: never reported, whatever the context. */
  @ParameterizedTest(name = "{0} taken by {2} while {1}")
  @MethodSource("sleepersInAtomicContextsByTry")
  void aTryOfASleepingBackendIsNeverReported(Fixture<?> sleeper, Context context, Form form)
      throws Exception {
    Lock<int[], ?> sleeping = sleeper.newLock("sleeping-" + sleeper);
    try (Entered entered = new Entered(context);
        Guard<int[], ?> g = sleeper.take(form, sleeping)) {
      assertNotNull(g);
      g.get()[0]++;
    }
    assertEquals(List.of(), reported);
  }

  /** A handler runs with interrupts disabled: a blocking acquisition of a SLEEP backend there. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("sleepersAndControl")
  void aSleepingAcquisitionInAnInterruptHandlerIsReported(Fixture<?> sleeper) throws Exception {
    Lock<int[], ?> sleeping = sleeper.newLock("in-handler-" + sleeper);
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          try (Guard<int[], ?> g = sleeper.take(Form.LOCK, sleeping)) {
            g.get()[0]++;
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
    assertEquals(1, reported.size(), "reports from the handler: " + reported);
    assertInstanceOf(LockValidationException.class, reported.get(0));
    assertEquals(Rule.SLEEP_IN_ATOMIC, ((LockValidationException) reported.get(0)).rule());
    assertFalse(sleeping.isHeldByCurrentThread(), "the report left " + sleeping + " held");
    assertFalse(LocalInterrupts.areDisabled());
    // Forget the handler's use first, so that another thread's tryLock (interrupts enabled) is
    // not an irq-unsafe use: the check is only that the lock is free.
    ValidatorHooks.reset();
    assertFreeElsewhere(sleeping);
  }

  static Stream<Fixture<?>> sleepersAndControl() {
    return Stream.of(SLEEP_DELEGATE, UserBackends.OWN_SLEEP, MUTEX);
  }

  static Stream<Arguments> spinnersInAtomicContexts() {
    return product(USER_SPIN, ATOMIC_CONTEXTS, Form.BLOCKING);
  }

  /** SPIN backends never count as sleeping, whatever their back-off (OwnSpin parks briefly). */
  @ParameterizedTest(name = "{0} taken by {2} while {1}")
  @MethodSource("spinnersInAtomicContexts")
  void aSpinningAcquisitionInAtomicContextIsNotReported(
      Fixture<?> spinner, Context context, Form form) throws Exception {
    Lock<int[], ?> spinning = spinner.newLock("spinning-" + spinner);
    try (Entered entered = new Entered(context);
        Guard<int[], ?> g = spinner.take(form, spinning)) {
      assertNotNull(g);
      g.get()[0]++;
    }
    assertEquals(List.of(), reported);
  }

  static Stream<Arguments> undeclaredTakenInAtomicContexts() {
    return product(List.of(UNDECLARED), ATOMIC_CONTEXTS, Form.BLOCKING);
  }

  /** A backend without @Waits is not sleeping: taken in atomic context, never reported. */
  @ParameterizedTest(name = "{0} taken by {2} while {1}")
  @MethodSource("undeclaredTakenInAtomicContexts")
  void anUndeclaredBackendIsNeverSleeping(Fixture<?> undeclared, Context context, Form form)
      throws Exception {
    Lock<int[], ?> lock = undeclared.newLock("undeclared");
    try (Entered entered = new Entered(context);
        Guard<int[], ?> g = undeclared.take(form, lock)) {
      assertNotNull(g, "the acquisition must succeed");
      g.get()[0]++;
    }
    assertEquals(List.of(), reported);
  }

  static Stream<Arguments> sleepersUnderAnUndeclaredLock() {
    return product(
        List.of(SLEEP_DELEGATE, UserBackends.OWN_SLEEP, MUTEX),
        List.of(new Context(UNDECLARED)),
        Form.BLOCKING);
  }

  /** A backend without @Waits is not atomic context: sleeping while holding it is no report. */
  @ParameterizedTest(name = "{0} taken by {2} while {1}")
  @MethodSource("sleepersUnderAnUndeclaredLock")
  void holdingAnUndeclaredBackendIsNotAtomicContext(
      Fixture<?> sleeper, Context context, Form form) throws Exception {
    Lock<int[], ?> sleeping = sleeper.newLock("sleeping-" + sleeper);
    try (Entered entered = new Entered(context);
        Guard<int[], ?> g = sleeper.take(form, sleeping)) {
      assertNotNull(g, "the acquisition must succeed");
      g.get()[0]++;
    }
    assertEquals(List.of(), reported);
  }

  // ---- CondVar waits: "still holds a SPIN lock" reads @Waits too

  static Stream<Arguments> waitsWhileHoldingASpinLock() {
    return product(List.of(MUTEX, SLEEP_DELEGATE), List.of(SPIN_DELEGATE, OWN_SPIN, SPIN_LOCK));
  }

  /**
   * A CondVar wait on a guard while the thread still holds a lock of a {@code SPIN} backend (a
   * user's, or the shipped spin lock as control) is reported, with nothing released. The guard's
   * own lock is taken first, as taking it under the spin lock would be reported already; a wait
   * that wrongly went ahead would relock it under the spin lock, an inversion the validator then
   * reports instead (the failure message says so).
   */
  @ParameterizedTest(name = "wait on a {0} guard holding a {1} lock")
  @MethodSource("waitsWhileHoldingASpinLock")
  void aCondVarWaitHoldingASpinLockIsReported(Fixture<?> waited, Fixture<?> holder)
      throws Exception {
    Lock<int[], ?> own = waited.newLock("waited-" + waited);
    Lock<int[], ?> spin = holder.newLock("held-" + holder);
    CondVar cv = new CondVar("cv-" + waited + "-" + holder);
    try (Guard<int[], ?> g = waited.take(Form.LOCK, own);
        Guard<int[], ?> h = holder.take(Form.LOCK, spin)) {
      LockValidationException e =
          expectReport(
              Rule.SLEEP_IN_ATOMIC,
              "a wait on a " + waited + " guard holding a " + holder + " lock went ahead (its"
                  + " relock under the spin lock then inverted the lock order)",
              () -> {
                boolean signalled = cv.await(g, Duration.ofMillis(1));
                assertFalse(signalled);
                return null;
              });
      assertTrue(e.getMessage().contains(spin.name()), e.getMessage());
      assertTrue(own.isHeldByCurrentThread(), "the report released the guard's lock");
      assertTrue(spin.isHeldByCurrentThread());
      g.get()[0]++;
      h.get()[0]++;
    }
    assertFreeElsewhere(own);
  }

  /**
   * Holding a lock of a backend without @Waits is no atomic context: a wait goes ahead. (The held
   * lock is taken first, so that the wait's relock repeats the order held-then-waited instead of
   * inverting it.)
   */
  @ParameterizedTest(name = "wait on a {0} guard holding an Undeclared lock")
  @MethodSource("sleepersAndControl")
  void aCondVarWaitHoldingAnUndeclaredLockIsNotReported(Fixture<?> waited) throws Exception {
    Lock<int[], ?> own = waited.newLock("waited-" + waited);
    Lock<int[], ?> undeclared = UNDECLARED.newLock("held-undeclared");
    CondVar cv = new CondVar("cv-undeclared-" + waited);
    try (Guard<int[], ?> h = UNDECLARED.take(Form.LOCK, undeclared);
        Guard<int[], ?> g = waited.take(Form.LOCK, own)) {
      assertFalse(cv.await(g, Duration.ofMillis(1)), "nobody signals");
      g.get()[0]++;
      h.get()[0]++;
    }
    assertEquals(List.of(), reported);
  }

  // ---- Irq-unsafe use: observed from the interrupt level, whatever the backend

  static Stream<Fixture<?>> irqUnsafeCandidates() {
    return Stream.of(SPIN_DELEGATE, OWN_SPIN, UNDECLARED);
  }

  /**
   * A lock taken inside an interrupt handler and, elsewhere, held with interrupts enabled, in
   * either order; the first order throws from the acquisition with nothing taken, the second
   * reports from the handler to the thread's uncaught-exception handler.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("irqUnsafeCandidates")
  void aUserLockTakenInAHandlerAndWithInterruptsEnabledIsIrqUnsafe(Fixture<?> fixture)
      throws Exception {
    Lock<int[], ?> first = fixture.newLock("handler-first-" + fixture);
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          try (Guard<int[], ?> g = first.lock()) {
            g.get()[0]++;
          }
        });
    assertEquals(List.of(), reported);
    LockValidationException e =
        expectReport(Rule.IRQ_UNSAFE, fixture + " lock() with interrupts enabled", first::lock);
    assertTrue(e.getMessage().contains(first.name()), e.getMessage());
    assertNotNull(e.getCause(), "first uses in the cause chain");
    assertFalse(first.isHeldByCurrentThread());
    assertFalse(LocalInterrupts.areDisabled());
    assertFreeElsewhere(first);

    Lock<int[], ?> second = fixture.newLock("enabled-first-" + fixture);
    try (Guard<int[], ?> g = second.lock()) {
      g.get()[0]++;
    }
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          try (Guard<int[], ?> g = second.lock()) {
            g.get()[0]++;
          }
        });
    assertEquals(1, reported.size(), reported.toString());
    assertEquals(Rule.IRQ_UNSAFE, ((LockValidationException) reported.get(0)).rule());
    assertFreeElsewhere(second);
  }

  /**
   * An IrqDelegate lock taken with lock() (and its other blocking forms) disables interrupts
   * itself, so taking it in handlers too is the kernel's way, not an irq-unsafe use; nor is
   * lockWith(token) with interrupts disabled.
   */
  @Test
  void anIrqDelegateLockTakenWithItsOwnFormsAndInHandlersIsNotIrqUnsafe() throws Exception {
    Lock<int[], ?> stats = IRQ_DELEGATE.newLock("irq-delegate-stats");
    for (int i = 0; i < 2; i++) {
      LocalInterrupts.raise(
          Thread.currentThread(),
          irqOff -> {
            try (Guard<int[], ?> g = IRQ_DELEGATE.lockWith(stats, irqOff)) {
              g.get()[0]++;
            }
            try (Guard<int[], ?> g = stats.lock()) {
              g.get()[0]++;
            }
          });
      for (Form form : List.of(Form.LOCK, Form.LOCK_INTERRUPTIBLY, Form.TRY_LOCK_TIMEOUT)) {
        try (Guard<int[], ?> g = IRQ_DELEGATE.take(form, stats)) {
          assertTrue(LocalInterrupts.areDisabled(), "an IrqDelegate guard disables interrupts");
          g.get()[0]++;
        }
      }
      try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
          Guard<int[], ?> g = IRQ_DELEGATE.lockWith(stats, irqOff)) {
        g.get()[0]++;
      }
    }
    assertEquals(List.of(), reported);
    try (Guard<int[], ?> g = stats.lock()) {
      assertEquals(12, g.get()[0]);
    }
  }

  // ---- Rules that do not depend on the wait type: every user backend, Undeclared included

  static Stream<Arguments> usersAndOrderForms() {
    return product(USER, List.of(Form.LOCK, Form.LOCK_INTERRUPTIBLY, Form.LOCK_WITH));
  }

  /** Takes {@code outer} then {@code inner} in {@code form}; the outer lock survives a report. */
  private static void phase(Fixture<?> f, Lock<int[], ?> outer, Lock<int[], ?> inner, Form form)
      throws Exception {
    try (Guard<int[], ?> o = f.take(form, outer)) {
      boolean irqsDisabled = LocalInterrupts.areDisabled();
      try (Guard<int[], ?> i = f.take(form, inner)) {
        assertTrue(inner.isHeldByCurrentThread());
      } finally {
        assertTrue(outer.isHeldByCurrentThread(), "the report released the outer lock");
        assertEquals(irqsDisabled, LocalInterrupts.areDisabled(), "the interrupt state changed");
      }
    }
  }

  /** A then B in one phase, B then A in another: a potential deadlock, reported once. */
  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("usersAndOrderForms")
  void anInversionOfUserLocksIsAPotentialDeadlock(Fixture<?> f, Form form)
      throws Exception {
    Lock<int[], ?> a = f.newLock("a-" + f);
    Lock<int[], ?> b = f.newLock("b-" + f);
    phase(f, a, b, form);
    LockValidationException e =
        expectReport(
            Rule.POTENTIAL_DEADLOCK,
            "b then a after a then b (" + f + ", " + form + ")",
            () -> {
              phase(f, b, a, form);
              return null;
            });
    assertTrue(
        e.getMessage().contains(a.name()) && e.getMessage().contains(b.name()), e.getMessage());
    assertInstanceOf(LockValidationException.FirstSeen.class, e.getCause());
    assertFalse(LocalInterrupts.areDisabled());
    assertFreeElsewhere(a);
    assertFreeElsewhere(b);
    phase(f, b, a, form); // reported once
  }

  /** Two locks of one class held together, undeclared: same-class nesting. */
  @ParameterizedTest(name = "{0} by {1}")
  @MethodSource("usersAndOrderForms")
  void nestingTwoUserLocksOfOneClassIsReported(Fixture<?> f, Form form)
      throws Exception {
    Lock<int[], ?> first = f.newLock("node-" + f);
    Lock<int[], ?> second = f.newLock("node-" + f); // the same class name: one class
    try (Guard<int[], ?> g = f.take(form, first)) {
      boolean irqsDisabled = LocalInterrupts.areDisabled();
      LockValidationException e =
          expectReport(
              Rule.SAME_CLASS_NESTING,
              "a second " + f + " lock of one class",
              () -> f.take(form, second));
      assertTrue(e.getMessage().contains("node-" + f), e.getMessage());
      assertTrue(first.isHeldByCurrentThread(), "the report released the outer lock");
      assertFalse(second.isHeldByCurrentThread());
      assertEquals(irqsDisabled, LocalInterrupts.areDisabled(), "the interrupt state changed");
      g.get()[0]++;
    }
    assertFalse(LocalInterrupts.areDisabled());
    assertFreeElsewhere(second);
  }
}
