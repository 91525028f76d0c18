package dev.ctxlock.explorer.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Depth-first search over schedules with a preemption bound, as CHESS does: a schedule is the
 * sequence of choices made at its scheduling points; each execution replays the prefix of the
 * previous one and takes the next untried alternative at the deepest point that has one, so that
 * every schedule within the bound runs exactly once. Choosing another thread while the current one
 * could go on is a preemption, and at most {@code bound} of them are spent per schedule; a switch
 * forced by a blocked or finished thread, an interrupt's arrival and a timeout are free. Most
 * concurrency bugs need two preemptions or fewer (Musuvathi and Qadeer, PLDI 2007), and the
 * number of schedules grows polynomially, not exponentially, with the program's length.
 */
public final class SystematicSearch implements Strategy {

  /** One scheduling point of the current execution. */
  private static final class Point {
    final boolean[] preemption;
    final int spentBefore;
    int chosen;

    Point(List<Alternative> alternatives, int spentBefore) {
      preemption = new boolean[alternatives.size()];
      for (int i = 0; i < preemption.length; i++) {
        preemption[i] = alternatives.get(i).preemption();
      }
      this.spentBefore = spentBefore;
    }

    int spentAfter() {
      return spentBefore + (preemption[chosen] ? 1 : 0);
    }
  }

  private final int bound;
  private final List<Point> points = new ArrayList<>();
  private int depth;

  public SystematicSearch(int bound) {
    this.bound = bound;
  }

  @Override
  public int choose(List<Alternative> alternatives) {
    if (depth < points.size()) {
      Point p = points.get(depth++);
      if (p.preemption.length != alternatives.size()) {
        throw new IllegalStateException(
            "the scenario is not deterministic: a replayed scheduling point offered "
                + alternatives.size() + " alternatives, not " + p.preemption.length
                + " (does it depend on time, randomness or state shared between schedules?)");
      }
      return p.chosen;
    }
    int spent = points.isEmpty() ? 0 : points.get(points.size() - 1).spentAfter();
    Point p = new Point(alternatives, spent);
    p.chosen = firstAffordable(p, 0);
    points.add(p);
    depth++;
    return p.chosen;
  }

  private int firstAffordable(Point p, int from) {
    for (int i = from; i < p.preemption.length; i++) {
      if (!p.preemption[i] || p.spentBefore < bound) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Moves to the next schedule: the deepest point with an untried affordable alternative takes it,
   * and the points after it are forgotten.
   *
   * @return false when every schedule within the bound has run
   */
  public boolean advance() {
    depth = 0;
    while (!points.isEmpty()) {
      Point last = points.get(points.size() - 1);
      int next = firstAffordable(last, last.chosen + 1);
      if (next >= 0) {
        last.chosen = next;
        return true;
      }
      points.remove(points.size() - 1);
    }
    return false;
  }
}
