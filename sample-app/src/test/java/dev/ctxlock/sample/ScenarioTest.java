package dev.ctxlock.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Runs the sample's scenario (not its timing) and checks the totals exactly. */
class ScenarioTest {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void standardScenarioLosesNothing() throws InterruptedException {
    Scenario.Config config = Scenario.Config.standard();
    Scenario.Result result = Scenario.run(config);

    assertEquals(List.of(), result.problems());
    Stats.Snapshot t = result.totals();
    long n = config.interrupts();
    long rounds = config.rounds();
    assertEquals(n, t.raised());
    assertEquals(n, t.handled());
    assertEquals(n, result.workerHandled());
    assertEquals(rounds, t.byLock());
    assertEquals(rounds, t.byNoirqWork());
    assertEquals(rounds, t.byGeneric());
    assertEquals(2 * n + 3 * rounds, t.updates());
    assertEquals(0, result.refusedRaises());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void manySmallRunsLoseNothing() throws InterruptedException {
    // Short runs with varied pacing: the worker idles in different places relative to the raises.
    for (int i = 0; i < 50; i++) {
      Scenario.Config config = new Scenario.Config(200 + i, 150, 1 + i % 7, 1 + i % 5, 1_000, 30_000);
      Scenario.Result result = Scenario.run(config);
      assertEquals(List.of(), result.problems(), "run " + i + " with " + config);
    }
  }

  @Test
  void theCheckNoticesALostUpdate() {
    Scenario.Config config = new Scenario.Config(3, 2, 1, 1, 0, 1_000);
    // One noirqWork update missing, and the sum off by one accordingly.
    Stats.Snapshot lost = new Stats.Snapshot(3, 3, 2, 1, 2, 11);
    Registers.Snapshot regs = new Registers.Snapshot(3, 3, 2, 2, 2, 12, 0);
    BusTraffic.Snapshot traffic = new BusTraffic.Snapshot(3, 2, 0);
    long claims = 3 * 3 + 3 * 2;
    Scenario.Result result =
        new Scenario.Result(config, lost, regs, traffic, claims, 0, 0, 3, 0, List.of());
    assertEquals(
        List.of("updates by noirqWork (lockWith): expected 2, got 1"), result.problems());

    Stats.Snapshot ok = new Stats.Snapshot(3, 3, 2, 2, 2, 12);
    assertEquals(
        List.of(),
        new Scenario.Result(config, ok, regs, traffic, claims, 0, 0, 3, 0, List.of()).problems());
  }

  @Test
  void theCheckNoticesRegisterAndBusTrouble() {
    Scenario.Config config = new Scenario.Config(3, 2, 1, 1, 0, 1_000);
    Stats.Snapshot ok = new Stats.Snapshot(3, 3, 2, 2, 2, 12);
    // One acknowledgement lost, one access with the bus asleep, a claim too many and one leaked.
    Registers.Snapshot regs = new Registers.Snapshot(3, 2, 2, 2, 2, 11, 1);
    BusTraffic.Snapshot traffic = new BusTraffic.Snapshot(3, 2, 0);
    Scenario.Result result =
        new Scenario.Result(config, ok, regs, traffic, 16, 1, 0, 3, 0, List.of());
    assertEquals(
        List.of(
            "interrupts acknowledged in the registers: expected 3, got 2",
            "register accesses with the bus asleep or interrupts on: expected 0, got 1",
            "bus claims: expected 15, got 16",
            "bus claims left open: expected 0, got 1"),
        result.problems());
  }

  @Test
  void genericHelperTakesTheLockWithoutTouchingInterrupts() {
    SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      GenericHelpers.update(
          stats, SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff, s -> s.byGeneric++);
      assertTrue(LocalInterrupts.areDisabled());
    }
    assertFalse(LocalInterrupts.areDisabled());
    try (Guard<Stats, SpinLockIrqBackend> guard = stats.lock()) {
      assertEquals(1, guard.get().byGeneric);
    }
  }
}
