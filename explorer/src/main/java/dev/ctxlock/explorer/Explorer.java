package dev.ctxlock.explorer;

import dev.ctxlock.explorer.internal.Execution;
import dev.ctxlock.explorer.internal.RandomSearch;
import dev.ctxlock.explorer.internal.ReplaySearch;
import dev.ctxlock.explorer.internal.Strategy;
import dev.ctxlock.explorer.internal.SystematicSearch;
import dev.ctxlock.internal.probe.LockProbes;
import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.sync.ThrowingRunnable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The schedule explorer: runs a small concurrent scenario written against ctxlock under a
 * deterministic scheduler, explores its interleavings (which thread runs at each ctxlock operation,
 * and where a declared interrupt arrives), and reports the first schedule that fails, with a trace
 * and a string that replays it exactly.
 *
 * <pre>{@code
 * @Test
 * void handlerAndThreadShareTheRing() {
 *   Report report = Explorer.explorer().explore(s -> {
 *     SpinLockIrq<Ring> ring = new SpinLockIrq<>("ring", new Ring());
 *     s.thread("driver", () -> {
 *       try (Guard<Ring, SpinLockIrqBackend> g = ring.lock()) {   // interrupts off while held
 *         g.get().push(1);
 *       }
 *     });
 *     s.interrupt("driver", irqOff -> {
 *       try (Guard<Ring, SpinLockBackend> g = ring.lockWith(irqOff)) {
 *         g.get().pop();
 *       }
 *     });
 *   });
 *   report.assertNoFailure();
 * }
 * }</pre>
 *
 * <h2>How it searches</h2>
 *
 * <p>Every ctxlock operation of a scenario thread is a scheduling point: acquisitions of every form
 * and backend, releases, {@code callUnlocked} windows, {@code CondVar} waits and signals, {@code
 * LocalInterrupts.disable} and the release of a token, {@code raise} and {@code deliverPending}.
 * Threads run one at a time, from one point to the next. First a systematic search (CHESS): every
 * schedule with at most {@link #preemptionBound} preemptions, depth first; interrupt arrivals and
 * timeouts are choices it explores without spending the bound. If that does not finish within half
 * of {@link #maxSchedules}, a randomised search (PCT, seeded by {@link #seed}) spends the rest.
 *
 * <p>An explorer is an immutable configuration; {@code explore} may be called any number of times.
 * Explorations run one at a time in a JVM (a second one waits for the first).
 */
public final class Explorer {

  /** One exploration at a time: the seam's probe serves one execution. */
  private static final Object ONE_AT_A_TIME = new Object();

  private final int maxSchedules;
  private final int preemptionBound;
  private final long seed;
  private final Duration timeout;

  private Explorer(int maxSchedules, int preemptionBound, long seed, Duration timeout) {
    this.maxSchedules = maxSchedules;
    this.preemptionBound = preemptionBound;
    this.seed = seed;
    this.timeout = timeout;
  }

  /**
   * An explorer with the defaults: at most 10,000 schedules, 2 preemptions per schedule, a fixed
   * seed, 60 s for a whole exploration.
   */
  public static Explorer explorer() {
    return new Explorer(10_000, 2, 0x5EED_C7C7_10CCL, Duration.ofSeconds(60));
  }

  /**
   * At most {@code max} schedules per exploration.
   *
   * @throws IllegalArgumentException if {@code max < 1}
   */
  public Explorer maxSchedules(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxSchedules " + max + " < 1");
    }
    return new Explorer(max, preemptionBound, seed, timeout);
  }

  /**
   * At most {@code bound} preemptions per schedule in the systematic search.
   *
   * @throws IllegalArgumentException if {@code bound < 0}
   */
  public Explorer preemptionBound(int bound) {
    if (bound < 0) {
      throw new IllegalArgumentException("preemptionBound " + bound + " < 0");
    }
    return new Explorer(maxSchedules, bound, seed, timeout);
  }

  /** The seed of the randomised search. */
  public Explorer seed(long seed) {
    return new Explorer(maxSchedules, preemptionBound, seed, timeout);
  }

  /**
   * At most {@code limit} for a whole exploration; when it runs out, the report says how many
   * schedules ran and is not exhaustive.
   *
   * @throws IllegalArgumentException if {@code limit} is not positive
   */
  public Explorer timeout(Duration limit) {
    Objects.requireNonNull(limit, "limit");
    if (limit.isNegative() || limit.isZero()) {
      throw new IllegalArgumentException("timeout " + limit + " is not positive");
    }
    return new Explorer(maxSchedules, preemptionBound, seed, limit);
  }

  /**
   * Explores {@code scenario}'s schedules until one fails or the bounds are reached. Never throws
   * for a failing schedule: the report says what failed.
   *
   * @throws IllegalArgumentException if the scenario function itself throws, or declares the
   *     scenario wrongly (two threads of one name, an interrupt for no thread)
   */
  public Report explore(Consumer<Scenario> scenario) {
    Objects.requireNonNull(scenario, "scenario");
    synchronized (ONE_AT_A_TIME) {
      LockProbes.activate(true);
      try {
        return exploreActive(scenario);
      } finally {
        LockProbes.activate(false);
      }
    }
  }

  private Report exploreActive(Consumer<Scenario> scenario) {
    long deadline = System.nanoTime() + toNanos(timeout);
    SystematicSearch systematic = new SystematicSearch(preemptionBound);
    RandomSearch random = new RandomSearch(seed, 3);
    int systematicBudget = Math.max(1, maxSchedules / 2);
    int explored = 0;
    while (explored < maxSchedules && System.nanoTime() - deadline < 0) {
      boolean systematicPhase = explored < systematicBudget;
      Execution execution =
          systematicPhase
              ? run(scenario, systematic, deadline, null)
              : run(scenario, random, deadline, random);
      explored++;
      Report failed = verdict(execution, explored);
      if (failed != null) {
        return failed;
      }
      if (execution.outcome() == Execution.Outcome.TIMED_OUT) {
        break;
      }
      if (systematicPhase && !systematic.advance()) {
        return new Report(Failure.NONE, explored, true, null, "", null, "");
      }
    }
    return new Report(Failure.NONE, explored, false, null, "", null, "");
  }

  /**
   * Runs exactly {@code schedule} (from {@link Report#schedule()}) and reports how it ended; the
   * same schedule fails the same way every time.
   *
   * @throws IllegalArgumentException if {@code schedule} is not a schedule string
   */
  public Report replay(Consumer<Scenario> scenario, String schedule) {
    Objects.requireNonNull(scenario, "scenario");
    ReplaySearch replay = new ReplaySearch(Objects.requireNonNull(schedule, "schedule"));
    synchronized (ONE_AT_A_TIME) {
      LockProbes.activate(true);
      try {
        long deadline = System.nanoTime() + toNanos(timeout);
        Execution execution = run(scenario, replay, deadline);
        Report failed = verdict(execution, 1);
        return failed != null ? failed : new Report(Failure.NONE, 1, false, null, "", null, "");
      } finally {
        LockProbes.activate(false);
      }
    }
  }

  private static Execution run(Consumer<Scenario> scenario, Strategy strategy, long deadline) {
    return run(scenario, strategy, deadline, null);
  }

  private static Execution run(
      Consumer<Scenario> scenario, Strategy strategy, long deadline, @Nullable RandomSearch random) {
    Execution execution = new Execution(strategy, deadline);
    try {
      scenario.accept(new ScenarioDeclaration(execution));
    } catch (RuntimeException | Error e) {
      throw new IllegalArgumentException("the scenario function threw: " + e, e);
    }
    if (random != null) {
      random.startSchedule(execution.threadCount());
    }
    execution.run();
    return execution;
  }

  /** The report of a failed execution, or null if it passed or ran out of time. */
  private static Report verdict(Execution execution, int explored) {
    Failure failure;
    switch (execution.outcome()) {
      case DEADLOCK:
        failure = Failure.DEADLOCK;
        break;
      case EXCEPTION:
        failure = Failure.EXCEPTION;
        break;
      case INVARIANT:
        failure = Failure.INVARIANT;
        break;
      case STUCK:
        failure = Failure.STUCK;
        break;
      default:
        return null;
    }
    return new Report(
        failure,
        explored,
        false,
        execution.schedule(),
        execution.trace(),
        execution.cause(),
        execution.summary());
  }

  private static long toNanos(Duration d) {
    return TimeUnit.NANOSECONDS.convert(d);
  }

  /** The {@link Scenario} a scenario function declares into. */
  private static final class ScenarioDeclaration implements Scenario {
    private final Execution execution;

    ScenarioDeclaration(Execution execution) {
      this.execution = execution;
    }

    @Override
    public void thread(String name, ThrowingRunnable<?> body) {
      execution.declareThread(name, body);
    }

    @Override
    public void interrupt(String threadName, InterruptHandler handler) {
      execution.declareInterrupt(threadName, handler);
    }

    @Override
    public void check(ThrowingRunnable<?> invariant) {
      execution.declareCheck(invariant);
    }
  }
}
