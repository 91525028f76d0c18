package dev.ctxlock.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The randomised phase, and interrupts raised by the scenario itself. */
// Guards held in try-with-resources only for the lock they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SearchTest {

  /**
   * The three-lock cycle needs 156 systematic schedules; with a budget of 100, the systematic
   * phase stops at 50 and the randomised one (PCT) finds it, deterministically for a seed.
   */
  @Test
  void theRandomisedPhaseFindsWhatTheSystematicBudgetMisses() {
    Report report = null;
    for (long seed = 1; report == null && seed <= 5; seed++) {
      Report r = Explorer.explorer().maxSchedules(100).seed(seed).explore(Corpus::threeCycle);
      if (r.failed()) {
        report = r;
      }
    }
    assertTrue(report != null, "PCT found the three-lock cycle with none of 5 seeds");
    assertEquals(Failure.DEADLOCK, report.failure());
    assertTrue(report.schedulesExplored() > 50, "found in the systematic phase after all");
    assertFalse(report.exhaustive());
    Report replayed = Explorer.explorer().replay(Corpus::threeCycle, report.schedule());
    assertEquals(report.trace(), replayed.trace());
  }

  /**
   * An interrupt raised by one scenario thread on another is delivered by the explorer at any
   * point of its target where interrupts are on, as hardware would, not only at delivery points:
   * here, while the target holds a lock the handler takes.
   */
  @Test
  void aRaisedInterruptArrivesWhereverItsTargetHasInterruptsOn() {
    AtomicReference<Thread> target = new AtomicReference<>();
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  SpinLock<int[]> stats = new SpinLock<>("stats", new int[1]);
                  s.thread("cpu", () -> {
                    target.set(Thread.currentThread());
                    try (Guard<int[], SpinLockBackend> g = stats.lock()) {
                      g.get()[0]++;
                    }
                  });
                  s.thread("device", () -> {
                    Thread t = target.get();
                    if (t != null) {
                      LocalInterrupts.raise(t, irqOff -> {
                        try (Guard<int[], SpinLockBackend> g = stats.lock()) {
                          g.get()[0]++;
                        }
                      });
                    }
                  });
                });
    assertEquals(Failure.DEADLOCK, report.failure(), report::toString);
    assertTrue(report.trace().contains("raised"), report::toString);
    assertTrue(report.trace().contains("<Interrupt>"), report::toString);
  }
}
