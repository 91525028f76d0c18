package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.testing.Threads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A user backend that throws from its own {@code tryLock}, {@code lock}, {@code unlock} or {@code
 * relock}: a {@link RuntimeException}, an {@link OutOfMemoryError} or a {@link
 * StackOverflowError}, before it did anything or after it did its work. SPEC's failure atomicity:
 * the runtime method that throws leaves every lock, guard, token and interrupt level as it found
 * it, as far as the backend let it, and never releases what this thread does not hold.
 *
 * <ul>
 *   <li>An acquisition whose backend throws before taking the lock throws that throwable, the
 *       same object, with nothing held, the token's guard count unchanged, and the level as it was.
 *   <li>A release whose backend throws before releasing leaves the guard open and counted on its
 *       token (nothing changed): closing it again releases. One that throws after releasing
 *       leaves the guard closed.
 *   <li>A {@code callUnlocked} retake whose backend throws before taking the lock ends with the
 *       guard closed; one whose backend throws an Error after taking it keeps the guard open, so
 *       that closing it releases.
 *   <li>A release decides by asking the backend whether this thread still holds the lock
 *       ({@link Backend#assertIsHeld}), whatever was thrown; a retake only for an Error.
 * </ul>
 *
 * <p>Each case runs with a backend of its own state (an owner word) and one that delegates to
 * {@link SpinLockIrqBackend} (so that interrupt levels are checked too). A second thread checks
 * whether the lock is free, so "not held" means free for everyone.
 */
@Timeout(60)
class UserBackendFaultTest {

  /** Where the next fault strikes. */
  enum Point {
    NONE,
    TRY_LOCK_BEFORE,
    UNLOCK_BEFORE,
    UNLOCK_AFTER,
    RELOCK_BEFORE,
    RELOCK_AFTER
  }

  static volatile Point point = Point.NONE;

  /** How many of the next ownership queries ({@code assertIsHeld}) overflow instead of answering. */
  static volatile int failingQueries;
  static volatile Supplier<Throwable> fault = () -> new IllegalStateException("unused");

  /** Throws the configured fault, once, if it strikes at {@code here}. */
  static void strike(Point here) {
    if (point == here) {
      point = Point.NONE;
      Throwable t = fault.get();
      if (t instanceof RuntimeException e) {
        throw e;
      }
      throw (Error) t;
    }
  }

  /** An owner word of its own, exact about which thread holds it. */
  @Waits(WaitType.SPIN)
  enum FaultyOwn implements Backend<AtomicReference<Thread>> {
    INSTANCE;

    @Override
    public AtomicReference<Thread> newState() {
      return new AtomicReference<>();
    }

    @Override
    public void lock(AtomicReference<Thread> state) {
      while (!tryLock(state)) {
        Thread.onSpinWait();
      }
    }

    @Override
    public boolean tryLock(AtomicReference<Thread> state) {
      strike(Point.TRY_LOCK_BEFORE);
      return state.compareAndSet(null, Thread.currentThread());
    }

    @Override
    public void unlock(AtomicReference<Thread> state) {
      strike(Point.UNLOCK_BEFORE);
      if (!state.compareAndSet(Thread.currentThread(), null)) {
        throw new IllegalStateException("not held by this thread");
      }
      strike(Point.UNLOCK_AFTER);
    }

    @Override
    public void relock(AtomicReference<Thread> state) {
      strike(Point.RELOCK_BEFORE);
      lock(state);
      strike(Point.RELOCK_AFTER);
    }

    @Override
    public void assertIsHeld(AtomicReference<Thread> state) {
      failQuery();
      if (state.get() != Thread.currentThread()) {
        throw new IllegalStateException("not held by this thread");
      }
    }
  }

  /** Delegates to {@link SpinLockIrqBackend}: one interrupt level with the lock. */
  @Waits(WaitType.SPIN)
  enum FaultyIrq implements Backend<SpinLockState> {
    INSTANCE;

    private static final SpinLockIrqBackend D = SpinLockIrqBackend.INSTANCE;

    @Override
    public SpinLockState newState() {
      return D.newState();
    }

    @Override
    public void lock(SpinLockState state) {
      D.lock(state);
    }

    @Override
    public boolean tryLock(SpinLockState state) {
      strike(Point.TRY_LOCK_BEFORE);
      return D.tryLock(state);
    }

    @Override
    public void unlock(SpinLockState state) {
      strike(Point.UNLOCK_BEFORE);
      D.unlock(state);
      strike(Point.UNLOCK_AFTER);
    }

    @Override
    public void relock(SpinLockState state) {
      strike(Point.RELOCK_BEFORE);
      D.relock(state);
      strike(Point.RELOCK_AFTER);
    }

    @Override
    public void assertIsHeld(SpinLockState state) {
      failQuery();
      D.assertIsHeld(state);
    }
  }

  /** The query of a failure path that runs out of stack, while {@link #failingQueries} says so. */
  static void failQuery() {
    if (failingQueries > 0) {
      failingQueries--;
      throw new StackOverflowError("query overflow");
    }
  }

  /** A witness that lets a LocalInterruptDisabled token take either backend (a test's shortcut). */
  private static <B extends Backend<?>> BackendWithContext<B, LocalInterruptDisabled, B> self(
      B backend) {
    return new UserBackends.Witness<>(backend, LocalInterruptDisabled.class, backend);
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    List<Backend<?>> backends = List.of(FaultyOwn.INSTANCE, FaultyIrq.INSTANCE);
    List<Supplier<Throwable>> faults =
        List.of(
            () -> new IllegalArgumentException("backend failure"),
            () -> new OutOfMemoryError("backend out of memory"),
            () -> new StackOverflowError("backend overflow"));
    for (Backend<?> b : backends) {
      for (Supplier<Throwable> f : faults) {
        out.add(Arguments.of(b, f));
      }
    }
    return out.stream();
  }

  @AfterEach
  void reset() {
    point = Point.NONE;
    failingQueries = 0;
    assertEquals(0, LocalCpu.current().depth(), "a level was left disabled");
  }

  /** Whether another thread finds the lock busy. */
  private static boolean busy(Lock<int[], ?> lock) throws InterruptedException {
    AtomicBoolean busy = new AtomicBoolean();
    assertNull(
        Threads.onOtherThread(
            () -> {
              Guard<int[], ?> g = lock.tryLock();
              busy.set(g == null);
              if (g != null) {
                g.close();
              }
            }));
    return busy.get();
  }

  private static Throwable arm(Point p, Supplier<Throwable> f) {
    Throwable expected = f.get();
    fault = () -> expected;
    point = p;
    return expected;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @SuppressWarnings({"try", "MustBeClosedChecker"}) // tokens held for their levels; see below
  <B extends Backend<?>> void anAcquisitionWhoseBackendThrowsFirstChangesNothing(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-acquire", new int[1]);
    // lock(), tryLock(), and lockWith(token): the first attempt is the backend's tryLock.
    Throwable expected = arm(Point.TRY_LOCK_BEFORE, f);
    assertSame(expected, assertThrows(Throwable.class, lock::lock));
    assertFalse(busy(lock), "lock() left the lock held");
    expected = arm(Point.TRY_LOCK_BEFORE, f);
    assertSame(expected, assertThrows(Throwable.class, lock::tryLock));
    assertFalse(busy(lock), "tryLock() left the lock held");
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      Throwable e = arm(Point.TRY_LOCK_BEFORE, f);
      assertSame(e, assertThrows(Throwable.class, () -> lock.lockWith(self(backend), irqOff)));
      assertEquals(1, LocalCpu.current().depth(), "the level changed");
    } // closes: no guard was counted on the token
    assertFalse(busy(lock), "lockWith left the lock held");
    try (Guard<int[], B> g = lock.lock()) {
      g.get()[0]++; // and the lock works
    }
    assertEquals(1, lock.data[0]);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @SuppressWarnings("MustBeClosedChecker") // closed by hand, twice: the point of the test
  <B extends Backend<?>> void aReleaseWhoseBackendThrowsFirstLeavesTheGuardOpen(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-release", new int[1]);
    int depth = LocalCpu.current().depth();
    Guard<int[], B> g = lock.lock();
    int held = LocalCpu.current().depth();
    Throwable expected = arm(Point.UNLOCK_BEFORE, f);
    assertSame(expected, assertThrows(Throwable.class, g::close));
    assertTrue(busy(lock), "the lock was released");
    assertEquals(held, LocalCpu.current().depth(), "the level changed");
    g.get()[0]++; // nothing changed: the guard is open
    g.close();
    assertFalse(busy(lock));
    assertEquals(depth, LocalCpu.current().depth());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @SuppressWarnings("MustBeClosedChecker") // closed by hand: the point of the test
  <B extends Backend<?>> void aReleaseWhoseBackendThrowsAfterReleasingClosesTheGuard(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-released", new int[1]);
    int depth = LocalCpu.current().depth();
    Guard<int[], B> g = lock.lock();
    Throwable expected = arm(Point.UNLOCK_AFTER, f);
    assertSame(expected, assertThrows(Throwable.class, g::close));
    assertFalse(busy(lock), "the lock is still held");
    assertEquals(depth, LocalCpu.current().depth(), "the level was not given back");
    assertThrows(IllegalStateException.class, g::get, "the guard is still open");
    g.close(); // a second close is a no-op
    assertFalse(busy(lock));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  <B extends Backend<?>> void aRetakeWhoseBackendThrowsBeforeTakingEndsWithTheGuardClosed(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-retake", new int[1]);
    int depth = LocalCpu.current().depth();
    try (Guard<int[], B> g = lock.lock()) {
      Throwable expected = arm(Point.RELOCK_BEFORE, f);
      Throwable thrown = assertThrows(Throwable.class, () -> g.runUnlocked(() -> {}));
      assertSame(expected, thrown);
      assertFalse(busy(lock), "the lock is held, though the retake failed before taking it");
      assertEquals(depth, LocalCpu.current().depth());
      assertThrows(IllegalStateException.class, g::get, "the guard is open on a free lock");
    } // closing a closed guard is a no-op
    assertFalse(busy(lock));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  <B extends Backend<?>> void aRetakeWhoseBackendThrowsAfterTakingKeepsTheGuardOpen(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-retaken", new int[1]);
    int depth = LocalCpu.current().depth();
    try (Guard<int[], B> g = lock.lock()) {
      int held = LocalCpu.current().depth();
      Throwable expected = arm(Point.RELOCK_AFTER, f);
      Throwable thrown = assertThrows(Throwable.class, () -> g.runUnlocked(() -> {}));
      assertSame(expected, thrown);
      if (thrown instanceof Error) {
        // An Error may strike after the lock was taken, and the backend says this thread holds
        // it: the guard stays open on the held lock, so that closing it releases.
        assertTrue(busy(lock), "the lock is not held");
        assertEquals(held, LocalCpu.current().depth());
        g.get()[0]++;
      } else {
        // An exception means "not taken" (the backend's contract): the guard closes. This
        // backend broke the contract, and the runtime does not second-guess it, since an
        // exception may also report a hold that is not this guard's (GuardTest's action that
        // keeps the lock): the lock stays held, and only the backend can give it back.
        assertThrows(IllegalStateException.class, g::get);
        assertTrue(busy(lock));
        @SuppressWarnings("unchecked") // the backend's own state
        Backend<Object> b = (Backend<Object>) backend;
        b.unlock(lock.state);
      }
    }
    assertFalse(busy(lock), "closing the guard did not release the lock");
    assertEquals(depth, LocalCpu.current().depth());
  }

  // ---- A failure path whose ownership query fails too (the second overflow of a release or
  // ---- relock cut short by a StackOverflowError): the guard is left undecided, and close(), made
  // ---- from a shallower frame by the caller's try-with-resources, asks again.

  static Stream<Arguments> errorCases() {
    return cases().filter(a -> ((Supplier<?>) a.get()[1]).get() instanceof Error);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @SuppressWarnings("MustBeClosedChecker") // closed by hand: the point of the test
  <B extends Backend<?>> void aWindowWhoseReleaseAndQueryFailLeavesTheDecisionToClose(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-undecided-release", new int[1]);
    int depth = LocalCpu.current().depth();
    Guard<int[], B> g = lock.lock();
    int held = LocalCpu.current().depth();
    Throwable expected = arm(Point.UNLOCK_BEFORE, f);
    failingQueries = 1;
    Throwable thrown =
        assertThrows(
            Throwable.class, () -> g.runUnlocked(() -> fail("the action ran unlocked")));
    assertSame(expected, thrown);
    assertEquals(0, failingQueries, "the failure path did not ask");
    assertTrue(busy(lock), "the lock was released");
    assertEquals(held, LocalCpu.current().depth(), "the level changed");
    assertTrue(g.toString().contains("undecided"), g::toString);
    IllegalStateException unusable = assertThrows(IllegalStateException.class, g::get);
    assertTrue(unusable.getMessage().contains("close it"), unusable::getMessage);
    g.close(); // asks again, finds the lock held, releases it
    assertFalse(busy(lock), "closing the undecided guard did not release the lock");
    assertEquals(depth, LocalCpu.current().depth());
    g.close(); // and is closed: a second close is a no-op
    assertFalse(busy(lock));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @SuppressWarnings("MustBeClosedChecker") // closed by hand: the point of the test
  <B extends Backend<?>> void aWaitWhoseReleaseAndQueryFailLeavesTheDecisionToClose(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-undecided-wait", new int[1]);
    CondVar cond = new CondVar("fault-undecided-wait");
    int depth = LocalCpu.current().depth();
    Guard<int[], B> g = lock.lock();
    try (Guard<int[], B> warm = g) {
      assertFalse(cond.await(warm, java.time.Duration.ZERO)); // this backend's levels, learnt
    }
    g = lock.lock();
    Guard<int[], B> guard = g;
    Throwable expected = arm(Point.UNLOCK_BEFORE, f);
    failingQueries = 1;
    assertSame(
        expected,
        assertThrows(Throwable.class, () -> cond.await(guard, java.time.Duration.ofSeconds(5))));
    assertTrue(busy(lock), "the lock was released");
    assertTrue(g.toString().contains("undecided"), g::toString);
    g.close();
    assertFalse(busy(lock), "closing the undecided guard did not release the lock");
    assertEquals(depth, LocalCpu.current().depth());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("errorCases")
  <B extends Backend<?>> void aRetakeWhoseBackendAndQueryFailAfterTakingLeavesTheDecisionToClose(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-undecided-retake", new int[1]);
    int depth = LocalCpu.current().depth();
    try (Guard<int[], B> g = lock.lock()) {
      int held = LocalCpu.current().depth();
      Throwable expected = arm(Point.RELOCK_AFTER, f);
      failingQueries = 1;
      assertSame(expected, assertThrows(Throwable.class, () -> g.runUnlocked(() -> {})));
      assertEquals(0, failingQueries, "the failure path did not ask");
      assertTrue(busy(lock), "the lock is not held");
      assertEquals(held, LocalCpu.current().depth());
      assertThrows(IllegalStateException.class, g::get);
    } // asks again, and releases
    assertFalse(busy(lock), "closing the undecided guard did not release the lock");
    assertEquals(depth, LocalCpu.current().depth());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("errorCases")
  <B extends Backend<?>> void aRetakeThatFailsBeforeTakingIsDecidedClosedByClose(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-undecided-free", new int[1]);
    int depth = LocalCpu.current().depth();
    try (Guard<int[], B> g = lock.lock()) {
      arm(Point.RELOCK_BEFORE, f);
      failingQueries = 1;
      assertThrows(Throwable.class, () -> g.runUnlocked(() -> {}));
      assertFalse(busy(lock), "the lock is held, though the retake failed before taking it");
      assertThrows(IllegalStateException.class, g::get);
    } // asks again, finds it free: ends the guard, releases nothing
    assertFalse(busy(lock));
    assertEquals(depth, LocalCpu.current().depth());
    try (Guard<int[], B> g = lock.lock()) {
      g.get()[0]++; // and the lock works
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  @SuppressWarnings("MustBeClosedChecker") // closed by hand: the point of the test
  <B extends Backend<?>> void anUndecidedGuardWhoseQueryFailsAgainEndsWithoutReleasing(
      B backend, Supplier<Throwable> f) throws Exception {
    Lock<int[], B> lock = new Lock<>(backend, "fault-undecided-twice", new int[1]);
    Guard<int[], B> g = lock.lock();
    int held = LocalCpu.current().depth();
    arm(Point.UNLOCK_BEFORE, f);
    failingQueries = 2;
    assertThrows(Throwable.class, () -> g.runUnlocked(() -> {}));
    g.close(); // cannot confirm the hold: never releases what it cannot confirm
    assertEquals(0, failingQueries);
    assertTrue(busy(lock), "a lock was released without confirming the hold");
    assertTrue(g.toString().contains("closed"), g::toString);
    assertEquals(held, LocalCpu.current().depth());
    @SuppressWarnings("unchecked") // the backend's own state
    Backend<Object> b = (Backend<Object>) backend;
    b.unlock(lock.state); // the documented limit: only the backend can give it back
    assertFalse(busy(lock));
  }

  /**
   * A hostile backend whose acquisition lowers the thread's interrupt level: it closes tokens it
   * keeps in its state (taken earlier, here by the test). The lock is taken all the same, so the
   * acquisition must return a guard, whatever level it observed.
   */
  @Waits(WaitType.SPIN)
  enum LevelLowering implements Backend<LevelLowering.State> {
    INSTANCE;

    static final class State {
      final AtomicReference<Thread> owner = new AtomicReference<>();
      final List<LocalInterruptDisabled> tokens = new ArrayList<>();
    }

    @Override
    public State newState() {
      return new State();
    }

    @Override
    public void lock(State state) {
      while (!tryLock(state)) {
        Thread.onSpinWait();
      }
    }

    @Override
    public boolean tryLock(State state) {
      if (!state.owner.compareAndSet(null, Thread.currentThread())) {
        return false;
      }
      for (int i = state.tokens.size() - 1; i >= 0; i--) {
        state.tokens.remove(i).close();
      }
      return true;
    }

    @Override
    public void unlock(State state) {
      if (!state.owner.compareAndSet(Thread.currentThread(), null)) {
        throw new IllegalStateException("not held by this thread");
      }
    }

    @Override
    public void assertIsHeld(State state) {
      if (state.owner.get() != Thread.currentThread()) {
        throw new IllegalStateException("not held by this thread");
      }
    }
  }

  @org.junit.jupiter.api.Test
  @SuppressWarnings("MustBeClosedChecker") // the tokens are closed by the backend, on purpose
  void anAcquisitionThatLowersTheLevelStillReturnsItsGuard() throws Exception {
    Lock<int[], LevelLowering> lock = new Lock<>(LevelLowering.INSTANCE, "lowering", new int[1]);
    LevelLowering.State state = (LevelLowering.State) lock.state;
    state.tokens.add(LocalInterrupts.disable());
    state.tokens.add(LocalInterrupts.disable());
    assertEquals(2, LocalCpu.current().depth());
    try (Guard<int[], LevelLowering> g = lock.lock()) {
      assertTrue(g != null, "lock() returned no guard for a lock it took");
      assertEquals(0, LocalCpu.current().depth());
      g.get()[0]++;
    }
    assertFalse(busy(lock));
  }
}
