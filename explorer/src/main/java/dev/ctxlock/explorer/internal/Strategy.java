package dev.ctxlock.explorer.internal;

import java.util.List;

/** Chooses among the alternatives at each scheduling point of one execution. */
public interface Strategy {

  /**
   * The index in {@code alternatives} (never empty) to take at the next scheduling point.
   *
   * @throws IllegalArgumentException if the strategy replays a schedule that does not fit
   */
  int choose(List<Alternative> alternatives);
}
