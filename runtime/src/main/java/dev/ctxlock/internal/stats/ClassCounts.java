package dev.ctxlock.internal.stats;

import java.util.List;

/**
 * One lock class's statistics at one moment, as {@code dev.ctxlock.sync.LockStat} turns them into
 * its rows (and {@link StatTable} into lines): times in nanoseconds, call sites with their counts,
 * at most four, most first.
 *
 * @param lockClass the class as rows name it: its first lock's name and its site
 */
public record ClassCounts(
    String lockClass,
    long acquisitions,
    long contentions,
    long waitTotal,
    long waitMax,
    long holdTotal,
    long holdMax,
    List<Point> contentionPoints,
    List<Point> contendingPoints) {

  /** A call site and how many times it was seen. */
  public record Point(String site, long count) {}
}
