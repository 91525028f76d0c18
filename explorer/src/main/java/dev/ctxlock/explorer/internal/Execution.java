package dev.ctxlock.explorer.internal;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.ThrowingRunnable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One execution of a scenario under one schedule: its threads run one at a time, each until its
 * next scheduling point (a ctxlock operation, seen through the instrumentation seam), where the
 * {@link Strategy} chooses what happens next. A thread that must wait (a busy lock, a condition
 * wait) is blocked in the scheduler, not spinning, until what it waits for happens or a timeout is
 * chosen.
 *
 * <p>Threading: every field is guarded by this object's monitor. Exactly one scenario thread (the
 * {@link #current} one) runs scenario code at a time; the others wait on the monitor at their
 * scheduling points, and the controlling thread waits for the end or a stall.
 */
public final class Execution {

  /** How long the running thread may go without reaching a scheduling point: then it is stuck. */
  static final long STUCK_NANOS = 1_000_000_000L;

  /** The outcome of an execution. */
  public enum Outcome {
    PASSED,
    DEADLOCK,
    EXCEPTION,
    INVARIANT,
    STUCK,
    /** The exploration's time ran out during this execution: no verdict. */
    TIMED_OUT
  }

  /** Thrown inside scenario threads to unwind them when the execution is over. */
  static final class Abort extends Error {
    private static final long serialVersionUID = 1L;

    Abort() {
      super("exploration over", null, false, false);
    }
  }

  private final Strategy strategy;
  private final long deadlineNanos;
  private final List<Participant> threads = new ArrayList<>();
  private final Map<String, Participant> byName = new LinkedHashMap<>();
  private final List<ThrowingRunnable<?>> checks = new ArrayList<>();
  private final IdentityHashMap<LockMap, Participant> holders = new IdentityHashMap<>();
  /** The step that took each held lock: its acquisition in the trace. */
  private final IdentityHashMap<LockMap, Integer> holdSteps = new IdentityHashMap<>();
  private final IdentityHashMap<LockMap, String> lockNames = new IdentityHashMap<>();
  private final List<Step> steps = new ArrayList<>();
  private final List<String> tokens = new ArrayList<>();

  private @Nullable Participant current;
  private boolean over;
  private Outcome outcome = Outcome.PASSED;
  private String summary = "";
  private String details = "";
  private @Nullable Throwable cause;
  private long lastProgress;

  /** One line of the trace. */
  record Step(
      int number,
      Participant thread,
      String operation,
      @Nullable String subject,
      @Nullable LockMap lock,
      boolean irqsDisabled,
      boolean inHandler) {}

  public Execution(Strategy strategy, long deadlineNanos) {
    this.strategy = strategy;
    this.deadlineNanos = deadlineNanos;
  }

  // ---- Declaring the scenario (on the controlling thread, before run)

  /** See {@code Scenario.thread}. */
  public void declareThread(String name, ThrowingRunnable<?> body) {
    if (name == null || body == null) {
      throw new NullPointerException(name == null ? "name" : "body");
    }
    if (byName.containsKey(name)) {
      throw new IllegalArgumentException("the scenario declares two threads named " + name);
    }
    if (threads.size() == 26) {
      throw new IllegalArgumentException("a scenario has at most 26 threads");
    }
    Participant p = new Participant(threads.size(), name, body);
    threads.add(p);
    byName.put(name, p);
  }

  /** See {@code Scenario.interrupt}. */
  public void declareInterrupt(String threadName, InterruptHandler handler) {
    Participant p = byName.get(threadName);
    if (p == null) {
      throw new IllegalArgumentException(
          "no thread named " + threadName + " (declare the thread before its interrupt)");
    }
    if (handler == null) {
      throw new NullPointerException("handler");
    }
    if (p.declaredInterrupt != null) {
      throw new IllegalArgumentException("thread " + threadName + " already has an interrupt");
    }
    p.declaredInterrupt = handler;
  }

  /** See {@code Scenario.check}. */
  public void declareCheck(ThrowingRunnable<?> check) {
    if (check == null) {
      throw new NullPointerException("invariant");
    }
    checks.add(check);
  }

  public int threadCount() {
    return threads.size();
  }

  // ---- Running

  /**
   * Runs the declared threads under the strategy until they end, fail, stall or the deadline
   * passes, then the checks. Leaves no scenario thread running that can be stopped.
   */
  public Outcome run() {
    if (threads.isEmpty()) {
      return runChecks();
    }
    ExplorerProbe.begin(this);
    try {
      for (Participant p : threads) {
        Thread t = new Thread(() -> body(p), p.name);
        t.setDaemon(true);
        t.setUncaughtExceptionHandler((thread, e) -> handlerFailure(p, e));
        p.thread = t;
      }
      synchronized (this) {
        lastProgress = System.nanoTime();
        chooseNext(null);
      }
      for (Participant p : threads) {
        p.thread.start();
      }
      awaitEnd();
    } finally {
      stopThreads();
      ExplorerProbe.end(this);
    }
    return outcome == Outcome.PASSED ? runChecks() : outcome;
  }

  private Outcome runChecks() {
    for (ThrowingRunnable<?> check : checks) {
      try {
        check.run();
      } catch (Throwable t) {
        outcome = Outcome.INVARIANT;
        cause = t;
        summary = "a check failed after every thread ended: " + t;
        return outcome;
      }
    }
    return outcome;
  }

  private synchronized void awaitEnd() {
    boolean interrupted = false;
    while (!over) {
      long now = System.nanoTime();
      if (now - deadlineNanos >= 0) {
        finish(Outcome.TIMED_OUT, "the exploration's time ran out", null);
        break;
      }
      if (now - lastProgress > STUCK_NANOS) {
        stuck();
        break;
      }
      try {
        wait(20);
      } catch (InterruptedException e) {
        interrupted = true;
        finish(Outcome.TIMED_OUT, "the exploring thread was interrupted", null);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The running thread has not reached a scheduling point for too long. */
  private void stuck() {
    Participant p = current;
    String where = "";
    if (p != null && p.thread != null) {
      StackTraceElement[] stack = p.thread.getStackTrace();
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < Math.min(stack.length, 8); i++) {
        s.append("\n        at ").append(stack[i]);
      }
      where = " (state " + p.thread.getState() + ")" + s;
    }
    finish(
        Outcome.STUCK,
        "thread " + p + " blocked or looped outside ctxlock's control for more than "
            + STUCK_NANOS / 1_000_000 + " ms",
        null);
    details = "thread " + p + " is stuck" + where;
  }

  /** Ends the execution; the first verdict stands. Called with the monitor held. */
  private void finish(Outcome o, String why, @Nullable Throwable t) {
    if (!over) {
      over = true;
      outcome = o;
      summary = why;
      cause = t;
      notifyAll();
    }
  }

  /** Unwinds the scenario threads that are still alive and waits a bounded time for them. */
  private void stopThreads() {
    synchronized (this) {
      over = true;
      notifyAll();
    }
    for (Participant p : threads) {
      Thread t = p.thread;
      if (t != null && t.isAlive()) {
        t.interrupt();
      }
    }
    for (Participant p : threads) {
      Thread t = p.thread;
      if (t != null) {
        try {
          t.join(1_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** A scenario thread's life: wait for its turn, run the body, leave. */
  private void body(Participant me) {
    ExplorerProbe.attach(me);
    Throwable failure = null;
    try {
      synchronized (this) {
        awaitTurn(me);
        me.started = true;
      }
      me.body.run();
    } catch (Abort a) {
      return;
    } catch (Throwable t) {
      failure = t;
    }
    synchronized (this) {
      me.finished = true;
      me.waitingFor = null;
      me.parkedUntil = null;
      if (over) {
        return;
      }
      if (failure != null) {
        record(me, "throws", failure.toString(), null);
        finish(Outcome.EXCEPTION, "thread " + me + " threw " + failure, failure);
        return;
      }
      record(me, "ends", null, null);
      chooseNext(me);
    }
  }

  /** A handler's exception, which the runtime gave to the thread's uncaught-exception handler. */
  private void handlerFailure(Participant p, Throwable e) {
    if (e instanceof Abort) {
      return;
    }
    synchronized (this) {
      if (!over) {
        record(p, "interrupt handler throws", e.toString(), null);
        finish(Outcome.EXCEPTION, "an interrupt handler on " + p + " threw " + e, e);
      }
    }
  }

  // ---- Scheduling points (called on scenario threads by the probe)

  /**
   * A scheduling point of {@code me}: records the operation, lets the strategy choose, and returns
   * when {@code me} runs again; delivers an interrupt chosen for it first.
   *
   * @return what {@code me} was resumed for: {@code RUN}, or {@code TIMEOUT} for a wait
   */
  Alternative.Kind point(
      Participant me, String operation, @Nullable String subject, @Nullable LockMap lock) {
    while (true) {
      Alternative.Kind resumed;
      synchronized (this) {
        checkNotOver();
        me.irqsDisabled = LocalInterrupts.areDisabled();
        me.inHandler = LocalCpu.current().frame() != null;
        if (operation != null) {
          record(me, operation, subject, lock);
          operation = null; // recorded once, even if an interrupt makes the point repeat
        }
        chooseNext(me);
        awaitTurn(me);
        resumed = me.resume;
        me.resume = null;
      }
      if (resumed != Alternative.Kind.INTERRUPT) {
        return resumed == null ? Alternative.Kind.RUN : resumed;
      }
      deliverInterrupt(me);
    }
  }

  /** Runs the interrupt chosen to arrive on {@code me}, on {@code me}, now. */
  private void deliverInterrupt(Participant me) {
    InterruptHandler declared;
    LockMap waitingFor;
    String waitingForName;
    boolean timedWait;
    synchronized (this) {
      declared = me.declaredInterrupt;
      me.declaredInterrupt = null;
      record(me, "<interrupt>", declared != null ? "declared" : "raised", null);
      // The handler runs on this CPU now; whatever the thread waited for, it waits again after.
      waitingFor = me.waitingFor;
      waitingForName = me.waitingForName;
      timedWait = me.timedWait;
      me.waitingFor = null;
      me.parkedUntil = null;
    }
    try {
      runHandler(me, declared);
    } finally {
      synchronized (this) {
        // A lock wait resumes as it was (the thread spins on); a condition wait or an idle ends
        // with the interrupt, as a sleeping task wakes, and its caller checks again.
        me.waitingFor = waitingFor;
        me.waitingForName = waitingForName;
        me.timedWait = waitingFor != null && timedWait;
      }
    }
  }

  private void runHandler(Participant me, @Nullable InterruptHandler declared) {
    me.quiet++;
    try {
      if (declared != null) {
        // Raised on itself with interrupts enabled: delivered at once, here.
        LocalInterrupts.raise(Thread.currentThread(), context -> {
          me.quiet--;
          try {
            declared.handle(context);
          } finally {
            me.quiet++;
          }
        });
      } else {
        me.quiet--;
        try {
          LocalCpu.current().deliverPending();
        } finally {
          me.quiet++;
        }
      }
    } finally {
      me.quiet--;
    }
    synchronized (this) {
      if (!over) {
        record(me, "<end of interrupt>", null, null);
      }
    }
  }

  private void checkNotOver() {
    if (over) {
      throw new Abort();
    }
  }

  private void awaitTurn(Participant me) {
    boolean interrupted = false;
    while (current != me && !over) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
        if (over) {
          break;
        }
      }
    }
    if (interrupted && !over) {
      Thread.currentThread().interrupt();
    }
    if (over) {
      throw new Abort();
    }
  }

  /**
   * Chooses what happens after {@code at}'s point (or at the start, when null): computes the
   * alternatives, asks the strategy, and hands over. With nothing to run, the execution ends:
   * passed if every thread ended, else deadlocked.
   */
  private void chooseNext(@Nullable Participant at) {
    lastProgress = System.nanoTime();
    List<Alternative> alternatives = alternatives(at);
    if (alternatives.isEmpty()) {
      if (threads.stream().allMatch(p -> p.finished)) {
        finish(Outcome.PASSED, "", null);
      } else {
        deadlock();
      }
      return;
    }
    int i;
    try {
      i = strategy.choose(alternatives);
    } catch (RuntimeException e) {
      finish(Outcome.EXCEPTION, "the schedule cannot be followed: " + e.getMessage(), e);
      return;
    }
    Alternative chosen = alternatives.get(i);
    tokens.add(chosen.token());
    Participant next = threads.get(chosen.thread());
    switch (chosen.kind()) {
      case TIMEOUT:
        next.waitingFor = null;
        next.parkedUntil = null;
        next.resume = Alternative.Kind.TIMEOUT;
        break;
      case INTERRUPT:
        next.resume = Alternative.Kind.INTERRUPT;
        break;
      default:
        if (next.waitingFor != null) {
          next.waitingFor = null;
        }
        next.parkedUntil = null;
        break;
    }
    current = next;
    notifyAll();
  }

  private List<Alternative> alternatives(@Nullable Participant at) {
    List<Alternative> runs = new ArrayList<>();
    boolean atCanGoOn = at != null && runnable(at);
    if (atCanGoOn) {
      runs.add(new Alternative(Alternative.Kind.RUN, at.index, false));
    }
    for (Participant p : threads) {
      if (p != at && runnable(p)) {
        runs.add(new Alternative(Alternative.Kind.RUN, p.index, atCanGoOn));
      }
    }
    for (Participant p : threads) {
      if (!p.finished && p.started && !p.irqsDisabled && !p.inHandler && hasInterrupt(p)) {
        runs.add(new Alternative(Alternative.Kind.INTERRUPT, p.index, false));
      }
    }
    for (Participant p : threads) {
      if (!p.finished && p.blocked() && p.timedWait && !runnable(p)) {
        runs.add(new Alternative(Alternative.Kind.TIMEOUT, p.index, false));
      }
    }
    return runs;
  }

  private boolean runnable(Participant p) {
    if (p.finished) {
      return false;
    }
    if (p.waitingFor != null) {
      Participant holder = holders.get(p.waitingFor);
      return holder == null;
    }
    if (p.parkedUntil != null) {
      return p.parkedUntil.getAsBoolean();
    }
    return true;
  }

  private static boolean hasInterrupt(Participant p) {
    if (p.declaredInterrupt != null) {
      return true;
    }
    Thread t = p.thread;
    LocalCpu cpu = t == null ? null : LocalCpu.of(t);
    return cpu != null && cpu.hasPending();
  }

  // ---- What the probe tells the scheduler

  synchronized void acquired(Participant me, LockMap lock) {
    holders.put(lock, me);
    for (int i = steps.size() - 1; i >= 0; i--) {
      Step s = steps.get(i);
      if (s.thread() == me && s.lock() == lock && ScenarioTable.isAcquisition(s)) {
        holdSteps.put(lock, s.number());
        break;
      }
    }
  }

  synchronized void released(LockMap lock) {
    holders.remove(lock);
    holdSteps.remove(lock);
  }

  synchronized @Nullable Participant holder(LockMap lock) {
    return holders.get(lock);
  }

  synchronized void nameLock(LockMap lock, String name) {
    lockNames.putIfAbsent(lock, name);
  }

  /** Marks {@code me} as waiting for {@code lock}; the next point blocks it until it is free. */
  synchronized void waitFor(Participant me, LockMap lock, String name) {
    me.waitingFor = lock;
    me.waitingForName = name;
    me.timedWait = me.timedAcquisition;
  }

  /** Marks {@code me} as waiting until {@code ready}. */
  synchronized void parkUntil(
      Participant me, Object blocker, BooleanSupplier ready, boolean timed) {
    me.parkBlocker = blocker;
    me.parkedUntil = ready;
    me.timedWait = timed;
  }

  // ---- Failures and the trace

  private void deadlock() {
    StringBuilder why = new StringBuilder();
    StringBuilder cycle = new StringBuilder("Every unfinished thread waits:\n");
    for (Participant p : threads) {
      if (p.finished) {
        continue;
      }
      String line;
      if (p.waitingFor != null) {
        Participant h = holders.get(p.waitingFor);
        line =
            p + (p.inHandler ? ", in an interrupt handler," : "") + " waits for lock "
                + lockName(p.waitingFor) + ", held by "
                + (h == null ? "nobody it can reach" : h == p ? "itself" : h.name);
      } else {
        line = p + " waits on " + p.parkBlocker + ", which no running thread will signal";
      }
      cycle.append("  ").append(line).append('\n');
      if (why.length() > 0) {
        why.append("; ");
      }
      why.append(line);
    }
    finish(Outcome.DEADLOCK, why.toString(), null);
    details = cycle + "\n" + new ScenarioTable(steps, holdSteps, threads).render();
  }

  private String lockName(LockMap lock) {
    String n = lockNames.get(lock);
    return n != null ? n : lock.name();
  }

  private void record(
      Participant p, String operation, @Nullable String subject, @Nullable LockMap lock) {
    steps.add(
        new Step(
            steps.size() + 1,
            p,
            operation,
            lock != null ? lockName(lock) : subject,
            lock,
            p.irqsDisabled,
            p.inHandler));
  }

  /** The schedule string of this execution (the choices made so far). */
  public synchronized String schedule() {
    return ScheduleCodec.encode(tokens);
  }

  public synchronized Outcome outcome() {
    return outcome;
  }

  public synchronized String summary() {
    return summary;
  }

  public synchronized @Nullable Throwable cause() {
    return cause;
  }

  /** The trace: one line per operation, then what failed. */
  public synchronized String trace() {
    StringBuilder s = new StringBuilder();
    int width = 6;
    for (Participant p : threads) {
      width = Math.max(width, p.name.length());
    }
    for (Step step : steps) {
      String irq = step.irqsDisabled() ? "irqs off" : "irqs on";
      if (step.inHandler()) {
        irq += ", in handler";
      }
      s.append(
          String.format(
              Locale.ROOT,
              "%4d  %-" + width + "s  %-" + 18 + "s %-14s %s%n",
              step.number(),
              step.thread().name,
              step.operation(),
              step.subject() == null ? "" : step.subject(),
              "(" + irq + ")"));
    }
    if (!summary.isEmpty()) {
      s.append('\n').append(outcome).append(": ").append(summary).append('\n');
    }
    if (!details.isEmpty()) {
      s.append(details);
      if (!details.endsWith("\n")) {
        s.append('\n');
      }
    }
    return s.toString();
  }

  /** The steps, for the scenario table. */
  List<Step> steps() {
    return steps;
  }
}
