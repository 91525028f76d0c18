package dev.ctxlock.internal.stats;

import java.util.List;
import java.util.Locale;

/**
 * Formats rows as the kernel's {@code /proc/lock_stat} does: one line per class, its columns in
 * the kernel's order, times in microseconds with two decimals; then, for a class that was
 * contended, up to four contention points (where threads waited) and, after a second rule, up to
 * four contending points (where the lock was held meanwhile), each with its count. The kernel's
 * columns that ctxlock does not measure (bounces, minimum times) are left out; {@code
 * docs/lockstat.md} says why.
 */
final class StatTable {

  private static final String[] COLUMNS = {
    "contentions", "waittime-max", "waittime-total", "waittime-avg",
    "acquisitions", "holdtime-max", "holdtime-total", "holdtime-avg",
  };

  private static final int NUMBER_WIDTH = 16;

  private StatTable() {}

  static String format(List<ClassCounts> rows) {
    int nameWidth = "class name".length() + 1;
    for (ClassCounts r : rows) {
      nameWidth = Math.max(nameWidth, r.lockClass().length() + 2);
    }
    StringBuilder out = new StringBuilder();
    out.append("lock_stat (ctxlock): per lock class, times in us\n");
    String rule = "-".repeat(nameWidth + COLUMNS.length * NUMBER_WIDTH) + "\n";
    out.append(rule);
    left(out, "class name", nameWidth);
    for (String c : COLUMNS) {
      pad(out, c, NUMBER_WIDTH);
    }
    out.append('\n').append(rule);
    if (rows.isEmpty()) {
      out.append("(no ctxlock lock was taken since the statistics started or were reset)\n");
    }
    for (ClassCounts r : rows) {
      ClassCounts c = r;
      left(out, r.lockClass() + ":", nameWidth);
      pad(out, Long.toString(c.contentions()), NUMBER_WIDTH);
      pad(out, micros(c.waitMax()), NUMBER_WIDTH);
      pad(out, micros(c.waitTotal()), NUMBER_WIDTH);
      pad(out, micros(c.contentions() == 0 ? 0 : c.waitTotal() / c.contentions()), NUMBER_WIDTH);
      pad(out, Long.toString(c.acquisitions()), NUMBER_WIDTH);
      pad(out, micros(c.holdMax()), NUMBER_WIDTH);
      pad(out, micros(c.holdTotal()), NUMBER_WIDTH);
      pad(out, micros(c.acquisitions() == 0 ? 0 : c.holdTotal() / c.acquisitions()), NUMBER_WIDTH);
      out.append('\n');
      if (c.contentions() > 0) {
        points(out, c.contentionPoints(), nameWidth);
        points(out, c.contendingPoints(), nameWidth);
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static void points(StringBuilder out, List<ClassCounts.Point> points, int nameWidth) {
    out.append("  ").append("-".repeat(10)).append('\n');
    for (ClassCounts.Point p : points) {
      left(out, "", nameWidth);
      pad(out, Long.toString(p.count()), NUMBER_WIDTH);
      out.append("  ").append(p.site()).append('\n');
    }
  }

  /** Left-aligns {@code s} in {@code width} columns: class names, which are long. */
  private static void left(StringBuilder out, String s, int width) {
    out.append(s).append(" ".repeat(Math.max(1, width - s.length())));
  }

  /** Right-aligns {@code s} in {@code width} columns (or appends it, with a space, if wider). */
  private static void pad(StringBuilder out, String s, int width) {
    if (s.length() >= width) {
      out.append(s).append(' ');
      return;
    }
    out.append(" ".repeat(width - s.length())).append(s);
  }

  private static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1000.0);
  }
}
