package dev.ctxlock.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sample.bus.Bus;
import dev.ctxlock.sample.bus.BusClaimed;
import dev.ctxlock.sample.bus.BusSpinLockBackend;
import dev.ctxlock.sample.bus.BusSpinLockBackendContexts;
import dev.ctxlock.sample.bus.DeviceRegister;
import dev.ctxlock.sample.bus.DeviceRegisterBackend;
import dev.ctxlock.sample.bus.DeviceRegisterBackendContexts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the sample's scenario (not its timing) and checks the totals exactly; then the user
 * backends of {@code dev.ctxlock.sample.bus} on their own: mutual exclusion across every path, the
 * generated witnesses, and refused tokens.
 */
class ScenarioTest {

  /** Every test leaves the bus as it found it: asleep, and this thread's interrupts on. */
  @AfterEach
  void nothingLeaks() {
    assertEquals(0, Bus.users(), "bus claims left open");
    assertFalse(LocalInterrupts.areDisabled(), "interrupts left disabled");
  }

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
    assertEquals(n, t.processed(), "work posted by the handler and taken by the worker");
    assertEquals(0, t.inbox());
    assertEquals(0, result.refusedRaises());

    Registers.Snapshot r = result.registers();
    assertEquals(new Registers.Snapshot(n, n, rounds, rounds, rounds, 2 * n + 3 * rounds, 0), r);
    assertEquals(new BusTraffic.Snapshot(n + rounds, 0), result.traffic());
    assertEquals(n, result.deviceTransfers());
    assertEquals(rounds, result.workerTransfers());
    assertEquals(3 * n + 3 * rounds, result.busClaims());
    assertEquals(0, result.busUsersAtEnd());
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
    Stats.Snapshot lost = new Stats.Snapshot(3, 3, 2, 1, 2, 11, 0, 3);
    Registers.Snapshot regs = new Registers.Snapshot(3, 3, 2, 2, 2, 12, 0);
    BusTraffic.Snapshot traffic = new BusTraffic.Snapshot(5, 0);
    long claims = 3 * 3 + 3 * 2;
    Scenario.Result result =
        new Scenario.Result(config, lost, regs, traffic, 3, 2, claims, 0, 0, 0, 3, 0, List.of());
    assertEquals(
        List.of("updates by noirqWork (lockWith): expected 2, got 1"), result.problems());

    Stats.Snapshot ok = new Stats.Snapshot(3, 3, 2, 2, 2, 12, 0, 3);
    assertEquals(
        List.of(),
        new Scenario.Result(config, ok, regs, traffic, 3, 2, claims, 0, 0, 0, 3, 0, List.of())
            .problems());
  }

  @Test
  void theCheckNoticesRegisterAndBusTrouble() {
    Scenario.Config config = new Scenario.Config(3, 2, 1, 1, 0, 1_000);
    Stats.Snapshot ok = new Stats.Snapshot(3, 3, 2, 2, 2, 12, 0, 3);
    // One acknowledgement lost, one access with the bus asleep, a claim too many and one leaked.
    Registers.Snapshot regs = new Registers.Snapshot(3, 2, 2, 2, 2, 11, 1);
    BusTraffic.Snapshot traffic = new BusTraffic.Snapshot(5, 0);
    Scenario.Result result =
        new Scenario.Result(config, ok, regs, traffic, 3, 2, 16, 1, 0, 0, 3, 0, List.of());
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

  @Test
  void genericHelperTakesTheBusLockWithoutClaimingTheBusAgain() {
    Lock<BusTraffic, BusSpinLockBackend> traffic =
        new Lock<>(BusSpinLockBackend.INSTANCE, "traffic", new BusTraffic());
    try (BusClaimed bus = Bus.claim()) {
      long claims = Bus.claims();
      GenericHelpers.update(
          traffic,
          BusSpinLockBackendContexts.BUS_CLAIMED,
          bus,
          BusTraffic::transfer);
      assertEquals(claims, Bus.claims(), "the BusClaimed fast path must not claim the bus");
      assertEquals(1, Bus.users());
      assertFalse(LocalInterrupts.areDisabled());
    }
    try (Guard<BusTraffic, BusSpinLockBackend> guard = traffic.lock()) {
      assertEquals(new BusTraffic.Snapshot(1, 0), guard.get().snapshot());
    }
  }

  // ---- The worker's CondVar and the LockedBy shares on their own.

  /**
   * The worker, with its own work done, idles on its CondVar; only then does the device raise the
   * one interrupt. The handler runs inside the worker's await (a delivery point), posts the work
   * under lockWith(its token) and signals: the worker takes it and ends. Exactly one wait.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void theWorkerWaitsOnItsCondVarUntilItsOwnHandlerSignals() throws InterruptedException {
    SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());
    DeviceRegister<Registers> regs = new DeviceRegister<>("regs", new Registers());
    Lock<BusTraffic, BusSpinLockBackend> traffic =
        new Lock<>(BusSpinLockBackend.INSTANCE, "traffic", new BusTraffic());
    // One round, then idle (idleEvery = 1) with the only interrupt still to come.
    Worker worker = new Worker(stats, regs, traffic, 1, 1, 1);
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    Thread thread = new Thread(worker, "worker");
    thread.setDaemon(true);
    thread.setUncaughtExceptionHandler((t, e) -> errors.add(e));
    thread.start();
    // The round takes only free locks: the first park is the CondVar wait.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (thread.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertEquals(Thread.State.WAITING, thread.getState(), "the worker never waited");
    try (Guard<Stats, SpinLockIrqBackend> g = stats.lock()) {
      assertEquals(0, g.get().handled, "nothing raised yet");
      assertEquals(1, g.get().byLock, "the round is done");
    }

    assertTrue(LocalInterrupts.raise(thread, worker::onInterrupt));
    thread.join(TimeUnit.SECONDS.toMillis(20));
    assertFalse(thread.isAlive(), "the handler's signal did not wake the worker");
    assertEquals(List.of(), List.copyOf(errors));
    assertEquals(1, worker.handled());
    assertEquals(1, worker.condVarWaits());
    assertEquals(0, worker.awaitInterruptIdles(), "woken by the CondVar, not awaitInterrupt");
    try (Guard<Stats, SpinLockIrqBackend> g = stats.lock()) {
      Stats.Snapshot t = g.get().snapshot();
      assertEquals(1, t.handled());
      assertEquals(1, t.processed());
      assertEquals(0, t.inbox());
    }
  }

  /** The shares are readable with the bus traffic lock's guard only, whichever way it was taken. */
  @Test
  void aShareIsReachableOnlyThroughTheBusTrafficLock() {
    SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());
    DeviceRegister<Registers> regs = new DeviceRegister<>("regs", new Registers());
    Lock<BusTraffic, BusSpinLockBackend> traffic =
        new Lock<>(BusSpinLockBackend.INSTANCE, "traffic", new BusTraffic());
    Lock<BusTraffic, BusSpinLockBackend> otherBus =
        new Lock<>(BusSpinLockBackend.INSTANCE, "other bus", new BusTraffic());
    Worker worker = new Worker(stats, regs, traffic, 1, 0, 1);

    try (Guard<BusTraffic, BusSpinLockBackend> g = traffic.lock()) {
      worker.transfers().get(g).count += 2;
    }
    try (BusClaimed bus = Bus.claim()) {
      GenericHelpers.withGuard(
          traffic,
          BusSpinLockBackendContexts.BUS_CLAIMED,
          bus,
          g -> worker.transfers().get(g).count++);
    }
    Guard<BusTraffic, BusSpinLockBackend> closed = traffic.lock();
    closed.close();
    assertThrows(IllegalStateException.class, () -> worker.transfers().get(closed));
    try (Guard<BusTraffic, BusSpinLockBackend> other = otherBus.lock()) {
      assertThrows(IllegalStateException.class, () -> worker.transfers().get(other));
      assertThrows(
          IllegalStateException.class, () -> worker.transfers().set(other, new Transfers()));
    }
    try (Guard<BusTraffic, BusSpinLockBackend> g = traffic.lock()) {
      assertEquals(3, worker.transfers().get(g).count());
    }
  }

  // ---- The user backends on their own.

  /** A value with a deliberately racy read-modify-write: lost updates show mutual exclusion gaps. */
  private static final class Tally {
    final long[] byPath = new long[PATHS];
    long total;
    int inside;
    long overlaps;
    long unsafe;

    void bump(int path) {
      if (inside++ != 0) {
        overlaps++;
      }
      if (!Bus.isAwake() || !LocalInterrupts.areDisabled()) {
        unsafe++;
      }
      long t = total;
      Thread.onSpinWait();
      total = t + 1;
      byPath[path]++;
      inside--;
    }
  }

  private static final int PATHS = 6;

  /** Takes {@code regs} by path {@code path} and bumps the tally: every way into the lock. */
  private static void bumpBy(DeviceRegister<Tally> regs, int path) {
    switch (path) {
      case 0 -> {
        try (Guard<Tally, DeviceRegisterBackend> g = regs.lock()) {
          g.get().bump(path);
        }
      }
      case 1 -> {
        try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
            Guard<Tally, BusSpinLockBackend> g = regs.lockWith(irqOff)) {
          g.get().bump(path);
        }
      }
      case 2 -> {
        try (BusClaimed bus = Bus.claim();
            Guard<Tally, SpinLockIrqBackend> g = regs.lockWith(bus)) {
          g.get().bump(path);
        }
      }
      case 3 -> {
        try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
            Guard<Tally, BusSpinLockBackend> g =
                regs.lockWith(DeviceRegisterBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)) {
          g.get().bump(path);
        }
      }
      case 4 -> {
        try (BusClaimed bus = Bus.claim();
            Guard<Tally, SpinLockIrqBackend> g =
                regs.lockWith(DeviceRegisterBackendContexts.BUS_CLAIMED, bus)) {
          g.get().bump(path);
        }
      }
      case 5 -> {
        // tryLock / tryLockWith until taken, alternating between the three.
        while (true) {
          try (BusClaimed bus = Bus.claim();
              LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            try (Guard<Tally, SpinLockIrqBackend> g = regs.tryLockWith(bus)) {
              if (g != null) {
                g.get().bump(path);
                return;
              }
            }
            try (Guard<Tally, BusSpinLockBackend> g = regs.tryLockWith(irqOff)) {
              if (g != null) {
                g.get().bump(path);
                return;
              }
            }
          }
          try (Guard<Tally, DeviceRegisterBackend> g = regs.tryLock()) {
            if (g != null) {
              g.get().bump(path);
              return;
            }
          }
          Thread.yield();
        }
      }
      default -> throw new AssertionError(path);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void lockAndBothLockWithFormsExcludeEachOtherAcrossThreads() throws InterruptedException {
    int threads = 4;
    int perPath = 3_000;
    DeviceRegister<Tally> regs = new DeviceRegister<>("regs", new Tally());
    CountDownLatch start = new CountDownLatch(1);
    Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      int offset = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int k = 0; k < perPath * PATHS; k++) {
                    bumpBy(regs, (k + offset) % PATHS); // threads on different paths at once
                  }
                  if (LocalInterrupts.areDisabled()) {
                    throw new AssertionError("interrupts left disabled on " + offset);
                  }
                } catch (Throwable e) {
                  errors.add(e);
                }
              },
              "register-user-" + i);
      t.setDaemon(true);
      all.add(t);
      t.start();
    }
    start.countDown();
    for (Thread t : all) {
      t.join(TimeUnit.SECONDS.toMillis(50));
      assertFalse(t.isAlive(), t.getName() + " did not finish");
    }
    assertEquals(List.of(), List.copyOf(errors));

    try (Guard<Tally, DeviceRegisterBackend> g = regs.lock()) {
      Tally tally = g.get();
      assertEquals((long) threads * perPath * PATHS, tally.total);
      for (int p = 0; p < PATHS; p++) {
        assertEquals((long) threads * perPath, tally.byPath[p], "path " + p);
      }
      assertEquals(0, tally.overlaps);
      assertEquals(0, tally.unsafe);
    }
  }

  @Test
  void theWitnessesNameTheirBackendsAndContexts() {
    var irqOff = DeviceRegisterBackendContexts.LOCAL_INTERRUPT_DISABLED;
    assertSame(DeviceRegisterBackend.INSTANCE, irqOff.backend());
    assertSame(BusSpinLockBackend.INSTANCE, irqOff.contextual());
    assertSame(LocalInterruptDisabled.class, irqOff.contextType());

    var bus = DeviceRegisterBackendContexts.BUS_CLAIMED;
    assertSame(DeviceRegisterBackend.INSTANCE, bus.backend());
    assertSame(SpinLockIrqBackend.INSTANCE, bus.contextual());
    assertSame(BusClaimed.class, bus.contextType());

    var generic = BusSpinLockBackendContexts.BUS_CLAIMED;
    assertSame(BusSpinLockBackend.INSTANCE, generic.backend());
    assertSame(SpinLockBackend.INSTANCE, generic.contextual());
    assertSame(BusClaimed.class, generic.contextType());

    // Inherent style generated a lock class; generic style did not.
    assertSame(Lock.class, DeviceRegister.class.getSuperclass());
    assertThrows(
        ClassNotFoundException.class,
        () -> Class.forName("dev.ctxlock.sample.bus.BusSpinLock"));
  }

  @Test
  void aWitnessOfAnotherBackendIsRefusedWithNothingTaken() {
    // A witness of another backend does not compile; through a raw cast, as code that lost the
    // types might do, the runtime check still refuses it.
    DeviceRegister<Tally> regs = new DeviceRegister<>("regs", new Tally());
    @SuppressWarnings({"unchecked", "rawtypes"})
    Lock<Tally, BusSpinLockBackend> wrong = (Lock) regs;
    try (BusClaimed bus = Bus.claim()) {
      assertThrows(
          IllegalArgumentException.class,
          () -> wrong.lockWith(BusSpinLockBackendContexts.BUS_CLAIMED, bus).close());
      assertEquals(1, Bus.users());
    }
    assertLockFree(regs);
  }

  @Test
  void closedTokensAreRefusedWithNothingTaken() {
    DeviceRegister<Tally> regs = new DeviceRegister<>("regs", new Tally());
    Lock<Tally, BusSpinLockBackend> traffic =
        new Lock<>(BusSpinLockBackend.INSTANCE, "traffic", new Tally());

    BusClaimed bus = Bus.claim();
    bus.close();
    assertEquals(0, Bus.users());
    assertThrows(IllegalStateException.class, () -> regs.lockWith(bus).close());
    assertThrows(IllegalStateException.class, () -> closeIfTaken(regs.tryLockWith(bus)));
    assertThrows(
        IllegalStateException.class,
        () -> regs.lockWith(DeviceRegisterBackendContexts.BUS_CLAIMED, bus).close());
    assertThrows(
        IllegalStateException.class,
        () -> traffic.lockWith(BusSpinLockBackendContexts.BUS_CLAIMED, bus).close());
    assertThrows(
        IllegalStateException.class,
        () -> GenericHelpers.update(traffic, BusSpinLockBackendContexts.BUS_CLAIMED, bus, t -> {}));

    LocalInterruptDisabled irqOff = LocalInterrupts.disable();
    irqOff.close();
    assertThrows(IllegalStateException.class, () -> regs.lockWith(irqOff).close());
    assertThrows(IllegalStateException.class, () -> closeIfTaken(regs.tryLockWith(irqOff)));
    assertThrows(
        IllegalStateException.class,
        () -> regs.lockWith(DeviceRegisterBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff).close());

    assertThrows(NullPointerException.class, () -> regs.lockWith((BusClaimed) null).close());
    assertThrows(
        NullPointerException.class,
        () -> regs.lockWith((LocalInterruptDisabled) null).close());

    // Nothing taken: no bus claim, interrupts on, both locks free.
    assertEquals(0, Bus.users());
    assertFalse(LocalInterrupts.areDisabled());
    assertLockFree(regs);
    assertLockFree(traffic);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void anotherThreadsTokenIsRefusedWithNothingTaken() throws InterruptedException {
    DeviceRegister<Tally> regs = new DeviceRegister<>("regs", new Tally());
    SynchronousQueue<BusClaimed> handOver = new SynchronousQueue<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread owner =
        new Thread(
            () -> {
              try (BusClaimed bus = Bus.claim()) {
                handOver.put(bus);
                done.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bus-owner");
    owner.setDaemon(true);
    owner.start();
    BusClaimed foreign = handOver.take();
    try {
      assertThrows(IllegalStateException.class, () -> regs.lockWith(foreign).close());
      assertThrows(IllegalStateException.class, () -> closeIfTaken(regs.tryLockWith(foreign)));
      assertThrows(IllegalStateException.class, foreign::close); // only its owner closes it
      assertEquals(1, Bus.users()); // the owner's claim, nothing more
      assertFalse(LocalInterrupts.areDisabled());
      assertLockFree(regs);
    } finally {
      done.countDown();
      owner.join();
    }
  }

  @Test
  void aTokenCannotBeClosedUnderItsGuard() {
    DeviceRegister<Tally> regs = new DeviceRegister<>("regs", new Tally());
    try (BusClaimed bus = Bus.claim()) {
      try (Guard<Tally, SpinLockIrqBackend> g = regs.lockWith(bus)) {
        assertThrows(IllegalStateException.class, bus::close);
        assertTrue(Bus.isAwake(), "the bus must stay awake under the guard");
        g.get().bump(0);
      }
    }
  }

  private static void closeIfTaken(Guard<?, ?> guard) {
    if (guard != null) {
      guard.close();
    }
  }

  private static void assertLockFree(Lock<Tally, ?> lock) {
    Guard<Tally, ?> guard = lock.tryLock();
    assertNotNull(guard, lock.name() + " must be free");
    guard.close();
  }
}
