package dev.ctxlock.explorer.internal;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A randomised search for scenarios too large to exhaust, in the manner of PCT (Burckhardt et al.,
 * ASPLOS 2010): each schedule gives the threads random distinct priorities and runs the
 * highest-priority thread that can run; at {@code depth - 1} random steps the running thread drops
 * to the lowest priority. A bug of depth {@code d} in a program of {@code n} threads and {@code k}
 * steps is found by one schedule with probability at least {@code 1 / (n k^(d-1))}. Interrupt
 * arrivals and timeouts are taken with a small probability where offered.
 */
public final class RandomSearch implements Strategy {

  private final SplittableRandom random;
  private final int depth;
  private int[] priority = new int[0];
  private long[] changeSteps = new long[0];
  private long step;
  private long longestRun = 16;

  public RandomSearch(long seed, int depth) {
    this.random = new SplittableRandom(seed);
    this.depth = Math.max(1, depth);
  }

  /** Starts a new schedule with fresh priorities for {@code threads} threads. */
  public void startSchedule(int threads) {
    longestRun = Math.max(longestRun, step);
    step = 0;
    priority = new int[threads];
    for (int i = 0; i < threads; i++) {
      priority[i] = depth + i;
    }
    for (int i = threads - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = priority[i];
      priority[i] = priority[j];
      priority[j] = t;
    }
    changeSteps = new long[depth - 1];
    for (int i = 0; i < changeSteps.length; i++) {
      changeSteps[i] = random.nextLong(longestRun);
    }
  }

  @Override
  public int choose(List<Alternative> alternatives) {
    step++;
    for (int i = 0; i < alternatives.size(); i++) {
      Alternative a = alternatives.get(i);
      if (a.kind() != Alternative.Kind.RUN && random.nextInt(8) == 0) {
        return i;
      }
    }
    int best = -1;
    for (int i = 0; i < alternatives.size(); i++) {
      Alternative a = alternatives.get(i);
      if (a.kind() == Alternative.Kind.RUN
          && (best < 0 || priorityOf(a.thread()) > priorityOf(alternatives.get(best).thread()))) {
        best = i;
      }
    }
    if (best < 0) {
      return random.nextInt(alternatives.size());
    }
    for (int c = 0; c < changeSteps.length; c++) {
      if (changeSteps[c] == step) {
        priority[alternatives.get(best).thread()] = depth - 1 - c; // lowest so far
      }
    }
    return best;
  }

  private int priorityOf(int thread) {
    return thread < priority.length ? priority[thread] : 0;
  }
}
