package dev.ctxlock.explorer.internal;

import dev.ctxlock.internal.probe.LockMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The kernel's "possible unsafe locking scenario" table for a deadlock: a column per blocked
 * thread (an emulated CPU), and in trace order the acquisitions still in effect (each lock a
 * blocked thread holds, and the one it waits for), with {@code <Interrupt>} where a handler
 * started on that CPU and the handler's acquisitions indented under it.
 */
final class ScenarioTable {

  private static final Set<String> ACQUISITIONS =
      Set.of("lock", "tryLock", "tryLock(timeout)", "lockInterruptibly", "relock");
  private static final int COLUMN = 30;

  private final List<Execution.Step> steps;
  private final IdentityHashMap<LockMap, Integer> holdSteps;
  private final List<Participant> threads;

  ScenarioTable(
      List<Execution.Step> steps,
      IdentityHashMap<LockMap, Integer> holdSteps,
      List<Participant> threads) {
    this.steps = steps;
    this.holdSteps = holdSteps;
    this.threads = threads;
  }

  /** Whether {@code step} is an acquisition (of any form). */
  static boolean isAcquisition(Execution.Step step) {
    return ACQUISITIONS.contains(step.operation());
  }

  String render() {
    List<Participant> cpus = new ArrayList<>();
    for (Participant p : threads) {
      if (!p.finished && p.waitingFor != null) {
        cpus.add(p);
      }
    }
    if (cpus.isEmpty()) {
      return "";
    }
    // The acquisitions still in effect: each blocked thread's holds, and the acquisition each
    // waits in; and the interrupt each is handling.
    List<Execution.Step> lines = new ArrayList<>();
    Map<Participant, Execution.Step> lastInterrupt = new HashMap<>();
    Map<Participant, Execution.Step> waitingIn = new HashMap<>();
    for (Execution.Step step : steps) {
      Participant t = step.thread();
      if (!cpus.contains(t)) {
        continue;
      }
      if (step.operation().equals("<interrupt>")) {
        lastInterrupt.put(t, step);
      } else if (isAcquisition(step) && step.lock() != null) {
        if (holdSteps.containsValue(step.number())) {
          lines.add(step);
        } else if (t.waitingFor == step.lock()) {
          waitingIn.put(t, step);
        }
      }
    }
    lines.addAll(waitingIn.values());
    for (Map.Entry<Participant, Execution.Step> e : lastInterrupt.entrySet()) {
      if (e.getKey().inHandler) {
        lines.add(e.getValue());
      }
    }
    lines.sort((a, b) -> Integer.compare(a.number(), b.number()));

    StringBuilder s = new StringBuilder(" Possible unsafe locking scenario:\n\n");
    StringBuilder header = new StringBuilder();
    StringBuilder rule = new StringBuilder();
    for (int i = 0; i < cpus.size(); i++) {
      header.append(pad("       CPU" + i + " (" + cpus.get(i).name + ")"));
      rule.append(pad("       ----"));
    }
    s.append(header.toString().stripTrailing()).append('\n');
    s.append(rule.toString().stripTrailing()).append('\n');
    for (Execution.Step step : lines) {
      int column = cpus.indexOf(step.thread());
      String text =
          step.operation().equals("<interrupt>")
              ? "  <Interrupt>"
              : (step.inHandler() ? "    " : "  ") + step.operation() + "("
                  + Objects.requireNonNullElse(step.subject(), "?") + ");";
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < column; i++) {
        line.append(" ".repeat(COLUMN));
      }
      s.append(line).append(text).append('\n');
    }
    s.append("\n *** DEADLOCK ***\n");
    return s.toString();
  }

  private static String pad(String text) {
    return text.length() >= COLUMN ? text + " " : text + " ".repeat(COLUMN - text.length());
  }
}
