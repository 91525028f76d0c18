package dev.ctxlock.atomicity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a step did, as a short string: {@code "ok"}, or the simple name of what it threw. Tests
 * record outcomes inside interrupt handlers (where a failed assertion would only be reported to
 * the thread's uncaught-exception handler) and assert on them afterwards.
 */
final class Outcomes {

  /** A step that may throw anything. */
  @FunctionalInterface
  interface Step {
    void run() throws Throwable;
  }

  private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());

  /** Runs {@code step} and records {@code label + " -> " + outcome}. */
  void record(String label, Step step) {
    recorded.add(label + " -> " + of(step));
  }

  /** The outcomes recorded so far, in order. */
  List<String> list() {
    synchronized (recorded) {
      return List.copyOf(recorded);
    }
  }

  /** {@code "ok"}, or the simple name of what {@code step} threw and its message. */
  static String of(Step step) {
    try {
      step.run();
      return "ok";
    } catch (Throwable t) {
      return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
    }
  }

  /** Whether an outcome is an exception of {@code type} whose message contains {@code part}. */
  static boolean threw(String outcome, Class<? extends Throwable> type, String part) {
    int arrow = outcome.indexOf(" -> ");
    String rest = arrow < 0 ? outcome : outcome.substring(arrow + 4);
    return rest.startsWith(type.getSimpleName() + " (") && rest.contains(part);
  }
}
