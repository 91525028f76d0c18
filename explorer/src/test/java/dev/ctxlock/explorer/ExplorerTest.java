package dev.ctxlock.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.internal.probe.LockProbes;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The explorer's contract beyond the corpus: stalls, threads, bounds, replay, bad input. */
// Guards held in try-with-resources only for the lock they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExplorerTest {

  @Test
  void aThreadBlockedOnALatchIsStuckNamedAndStopped() throws Exception {
    List<Thread> seen = new ArrayList<>();
    CountDownLatch never = new CountDownLatch(1);
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  SpinLock<int[]> a = new SpinLock<>("a", new int[1]);
                  s.thread("waiter", () -> {
                    synchronized (seen) {
                      seen.add(Thread.currentThread());
                    }
                    try (Guard<int[], SpinLockBackend> g = a.lock()) {
                      never.await(); // outside ctxlock's control
                    }
                  });
                });
    assertEquals(Failure.STUCK, report.failure(), report::toString);
    assertTrue(report.trace().contains("waiter"), report::toString);
    assertTrue(report.trace().contains("CountDownLatch"), report::toString);
    for (Thread t : seen) {
      t.join(5_000);
      assertFalse(t.isAlive(), "a scenario thread outlived the exploration");
    }
  }

  @Test
  void noScenarioThreadOutlivesAnExploration() throws Exception {
    List<Thread> seen = new ArrayList<>();
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  Corpus.abba(s);
                  s.thread("observer", () -> {
                    synchronized (seen) {
                      seen.add(Thread.currentThread());
                    }
                  });
                });
    assertEquals(Failure.DEADLOCK, report.failure());
    for (Thread t : seen) {
      t.join(5_000);
      assertFalse(t.isAlive(), t + " outlived the exploration");
    }
  }

  @Test
  void aSchedulesCountIsBoundedAndReportedHonestly() {
    Report capped = Explorer.explorer().maxSchedules(3).explore(Corpus::sameOrder);
    assertFalse(capped.failed());
    assertEquals(3, capped.schedulesExplored());
    assertFalse(capped.exhaustive(), "three schedules cannot be all of them");
    Report none = Explorer.explorer().preemptionBound(0).explore(Corpus::abba);
    // Without a preemption, a thread runs until it blocks or ends: ABBA needs one preemption.
    assertFalse(none.failed(), none::toString);
    assertTrue(none.exhaustive());
    assertTrue(Explorer.explorer().preemptionBound(1).explore(Corpus::abba).failed());
  }

  @Test
  void aPassingScenarioHasNoScheduleOrTrace() {
    Report report = Explorer.explorer().explore(Corpus::sameOrder);
    assertFalse(report.failed());
    assertEquals(Failure.NONE, report.failure());
    assertNull(report.schedule());
    assertEquals("", report.trace());
    report.assertNoFailure();
  }

  @Test
  void assertNoFailureCarriesTheTraceAndTheSchedule() {
    Report report = Explorer.explorer().explore(Corpus::abba);
    AssertionError e = assertThrows(AssertionError.class, report::assertNoFailure);
    assertTrue(e.getMessage().contains("DEADLOCK"), e.getMessage());
    assertTrue(e.getMessage().contains(report.schedule()), e.getMessage());
    assertTrue(e.getMessage().contains("*** DEADLOCK ***"), e.getMessage());
  }

  @Test
  void theScenarioFunctionRunsAfreshForEverySchedule() {
    AtomicInteger runs = new AtomicInteger();
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  runs.incrementAndGet();
                  Corpus.sameOrder(s);
                });
    assertEquals(report.schedulesExplored(), runs.get());
  }

  @Test
  void awaitInterruptIdlesUntilTheDeclaredInterruptArrives() {
    Report served =
        Explorer.explorer()
            .explore(
                s -> {
                  AtomicInteger handled = new AtomicInteger();
                  s.thread("cpu", LocalInterrupts::awaitInterrupt);
                  s.interrupt("cpu", irqOff -> handled.incrementAndGet());
                  s.check(() -> {
                    if (handled.get() != 1) {
                      throw new AssertionError("handled " + handled.get());
                    }
                  });
                });
    served.assertNoFailure();
    assertTrue(served.exhaustive());
    Report forgotten =
        Explorer.explorer().explore(s -> s.thread("cpu", LocalInterrupts::awaitInterrupt));
    assertEquals(Failure.DEADLOCK, forgotten.failure(), forgotten::toString);
    assertTrue(forgotten.trace().contains("awaitInterrupt"), forgotten::toString);
  }

  /** Outside an exploration, locks run untracked: the explorer's presence costs a field check. */
  @Test
  void locksAreTrackedOnlyDuringAnExploration() {
    assertFalse(LockProbes.tracking(), "tracking outside an exploration");
    AtomicInteger trackedInside = new AtomicInteger();
    Explorer.explorer()
        .explore(
            s -> {
              if (LockProbes.tracking()) {
                trackedInside.incrementAndGet();
              }
              Corpus.sameOrder(s);
            })
        .assertNoFailure();
    assertTrue(trackedInside.get() > 0, "not tracking while the scenario function runs");
    assertFalse(LockProbes.tracking(), "still tracking after the exploration");
  }

  @Test
  void badInputIsRefusedWithNothingRun() {
    assertThrows(IllegalArgumentException.class, () -> Explorer.explorer().maxSchedules(0));
    assertThrows(IllegalArgumentException.class, () -> Explorer.explorer().preemptionBound(-1));
    assertThrows(IllegalArgumentException.class, () -> Explorer.explorer().timeout(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> Explorer.explorer().explore(s -> {
          s.thread("t", () -> { });
          s.thread("t", () -> { });
        }));
    assertThrows(
        IllegalArgumentException.class,
        () -> Explorer.explorer().explore(s -> s.interrupt("nobody", irqOff -> { })));
    assertThrows(
        IllegalArgumentException.class,
        () -> Explorer.explorer().replay(Corpus::abba, "a3?"));
    Report misfit = Explorer.explorer().replay(Corpus::abba, "c");
    assertEquals(Failure.EXCEPTION, misfit.failure(), "a schedule that does not fit is reported");
  }
}
