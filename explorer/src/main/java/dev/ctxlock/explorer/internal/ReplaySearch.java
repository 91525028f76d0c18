package dev.ctxlock.explorer.internal;

import java.util.List;

/** Replays a schedule string exactly: at each point, the alternative its next token names. */
public final class ReplaySearch implements Strategy {

  private final String schedule;
  private final List<String> tokens;
  private int next;

  public ReplaySearch(String schedule) {
    this.schedule = schedule;
    this.tokens = ScheduleCodec.decode(schedule);
  }

  @Override
  public int choose(List<Alternative> alternatives) {
    if (next >= tokens.size()) {
      throw new IllegalArgumentException(
          "schedule \"" + schedule + "\" ends after " + tokens.size()
              + " choices, but this scenario goes on: it does not fit this scenario");
    }
    String token = tokens.get(next++);
    for (int i = 0; i < alternatives.size(); i++) {
      if (alternatives.get(i).token().equals(token)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "schedule \"" + schedule + "\" chooses '" + token + "' at choice " + next
            + ", which this scenario does not offer there: it does not fit this scenario");
  }
}
