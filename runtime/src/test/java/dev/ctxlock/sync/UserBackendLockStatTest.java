package dev.ctxlock.sync;

import static dev.ctxlock.sync.LockStatScenarios.classOf;
import static dev.ctxlock.sync.LockStatScenarios.contendOnce;
import static dev.ctxlock.sync.LockStatScenarios.names;
import static dev.ctxlock.sync.LockStatScenarios.namesOnly;
import static dev.ctxlock.sync.LockStatScenarios.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctxlock.sync.UserBackends.Fixture;
import dev.ctxlock.sync.UserBackends.Form;
import dev.ctxlock.testing.Threads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lock statistics for users' backends, those that delegate to a shipped backend and those with
 * their own state, in every acquisition form: the same exact counts, times and call sites as the
 * shipped backends get ({@link LockStatTest}). Runs only with {@code -Dctxlock.stats=on}.
 */
// Guards held in try-with-resources only for the lock they hold.
@SuppressWarnings("try")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UserBackendLockStatTest {

  private static final long HOLD_MILLIS = 30;

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @BeforeEach
  void onlyWithStatisticsOn() {
    assumeTrue(LockStat.isEnabled(), "run with -Dctxlock.stats=on");
  }

  static Stream<Fixture<?>> userBackends() {
    return UserBackends.USER.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void everyWaitingFormIsCountedOnceContendedWithItsCallSites(Fixture<?> fixture)
      throws Exception {
    String name = "forms-" + fixture;
    Lock<int[], ?> lock = fixture.newLock(name);
    for (Form form : Form.BLOCKING) {
      assertTrue(contendOnce(lock, HOLD_MILLIS, l -> fixture.take(form, l)), form.toString());
    }
    int k = Form.BLOCKING.size();
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(2L * k, s.acquisitions(), "the waiter's and the holder's: " + s);
    assertEquals(k, s.contentions(), s.toString());
    assertTrue(s.waitTotalNanos() >= k * HOLD_MILLIS * MS, s.toString());
    assertTrue(s.holdMaxNanos() >= HOLD_MILLIS * MS, s.toString());
    // The first frame outside ctxlock: the fixture's take (the user lock class is skipped), one
    // line per form there, of which the table keeps four.
    assertEquals(4, s.contentionPoints().size(), s.toString());
    assertTrue(
        s.contentionPoints().stream().allMatch(site -> names(site, Fixture.class, "take")),
        s.toString());
    assertTrue(
        namesOnly(s.contendingPoints(), LockStatScenarios.class, "holdWhileWaited"), s.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void formsThatNeverWaitCountNothingWhenTheLockIsBusy(Fixture<?> fixture) throws Exception {
    String name = "busy-" + fixture;
    Lock<int[], ?> lock = fixture.newLock(name);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch tried = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                held.countDown();
                assertTrue(tried.await(10, TimeUnit.SECONDS));
              }
            },
            () -> {
              assertTrue(held.await(10, TimeUnit.SECONDS));
              for (Form form : Form.NON_BLOCKING) {
                try (Guard<int[], ?> g = fixture.take(form, lock)) {
                  assertNull(g, form.toString());
                }
              }
              tried.countDown();
            });
    assertNull(failure);
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(1, s.acquisitions(), s.toString());
    assertEquals(0, s.contentions(), s.toString());
  }

  /**
   * A {@code CondVar} wait ends a hold and its re-acquisition is counted. Its contention is seen
   * when the backend keeps {@link Backend#relock}'s default (its {@code lock}), as the backends
   * with their own state here do; the delegating ones override {@code relock}, which is called
   * as it is, so their re-acquisitions are counted but never seen contended.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void aCondVarReacquisitionIsCounted(Fixture<?> fixture) throws Exception {
    String name = "condvar-" + fixture;
    Lock<int[], ?> lock = fixture.newLock(name);
    CondVar cv = new CondVar("ready");
    Thread waiter = Thread.currentThread();
    boolean[] waiting = new boolean[1];
    boolean[] signalled = new boolean[1];
    boolean relockIsLock = Backends.relocksWithLock(fixture.backend);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              LockStatScenarios.awaitParkedIn(waiter, waiting, null);
              try (Guard<int[], ?> g = lock.lock()) {
                g.get()[0] = 1;
                cv.signal();
                synchronized (signalled) {
                  signalled[0] = true;
                }
                if (relockIsLock) {
                  LockStatScenarios.awaitParkedIn(waiter, signalled, cv);
                }
                Thread.sleep(HOLD_MILLIS);
              }
            },
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                synchronized (waiting) {
                  waiting[0] = true;
                }
                while (g.get()[0] == 0) {
                  cv.await(g, Duration.ofSeconds(10));
                }
              }
            });
    assertNull(failure);
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(3, s.acquisitions(), s.toString());
    assertEquals(relockIsLock ? 1 : 0, s.contentions(), s.toString());
    if (relockIsLock) {
      assertTrue(s.waitTotalNanos() >= HOLD_MILLIS * MS, s.toString());
    }
    assertEquals(relockIsLock ? 1 : 0, s.contentionPoints().size(), s.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void resetForgetsAUserBackendsClassToo(Fixture<?> fixture) throws Exception {
    String name = "reset-" + fixture;
    Lock<int[], ?> lock = fixture.newLock(name);
    contendOnce(lock, 5, l -> fixture.take(Form.LOCK, l));
    assertNotNull(row(classOf(name, name)));
    LockStat.reset();
    assertNull(row(classOf(name, name)));
    try (Guard<int[], ?> g = fixture.take(Form.TRY_LOCK, lock)) {
      assertNotNull(g);
    }
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s);
    assertEquals(1, s.acquisitions(), s.toString());
    assertEquals(List.of(), s.contentionPoints());
  }
}
