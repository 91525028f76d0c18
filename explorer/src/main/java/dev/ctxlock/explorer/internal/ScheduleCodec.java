package dev.ctxlock.explorer.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Schedule strings: the token of every choice made ({@link Alternative#token}), a token repeated
 * {@code n} times written once followed by {@code n}. {@code "a3b2Aa"}: thread a runs three steps,
 * then b two, then an interrupt arrives on a, then a runs. Short enough to paste into a test.
 */
public final class ScheduleCodec {

  private ScheduleCodec() {}

  /** Encodes the tokens of a schedule. */
  public static String encode(List<String> tokens) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < tokens.size()) {
      String t = tokens.get(i);
      int n = 1;
      while (i + n < tokens.size() && tokens.get(i + n).equals(t)) {
        n++;
      }
      out.append(t);
      if (n > 1) {
        out.append(n);
      }
      i += n;
    }
    return out.toString();
  }

  /**
   * Decodes a schedule string into its tokens.
   *
   * @throws IllegalArgumentException if the string is not a schedule
   */
  public static List<String> decode(String schedule) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < schedule.length()) {
      char c = schedule.charAt(i);
      String token;
      if (c == '~' && i + 1 < schedule.length() && isLetter(schedule.charAt(i + 1))) {
        token = schedule.substring(i, i + 2);
        i += 2;
      } else if (isLetter(c) || (c >= 'A' && c <= 'Z')) {
        token = String.valueOf(c);
        i++;
      } else {
        throw new IllegalArgumentException(
            "not a schedule: \"" + schedule + "\" (unexpected '" + c + "' at " + i + ")");
      }
      int start = i;
      while (i < schedule.length() && Character.isDigit(schedule.charAt(i))) {
        i++;
      }
      int n = start == i ? 1 : Integer.parseInt(schedule.substring(start, i));
      if (n < 1 || n > 1_000_000) {
        throw new IllegalArgumentException("not a schedule: \"" + schedule + "\" (count " + n + ")");
      }
      for (int k = 0; k < n; k++) {
        tokens.add(token);
      }
    }
    return tokens;
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z';
  }
}
