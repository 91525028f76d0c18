package dev.ctxlock.internal.stats;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock for hold times that costs a volatile read: a daemon thread, started with the statistics,
 * publishes {@link System#nanoTime()} every {@link #TICK_NANOS}. A precise reading costs about as
 * much as a whole uncontended spin-lock acquisition and release, and a hold needs two, so the
 * uncontended path reads this clock instead.
 *
 * <p>A reading is never later than the precise time of the read (it is the time of the last
 * tick), and usually within one tick of it; a descheduled ticker only makes it older, never later.
 * How {@link LockStats} turns two readings into a hold time, and what precision that gives, is
 * described there.
 */
final class CoarseClock {

  /** How often the clock moves: 1 ms, the scale of holds worth reading about. */
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private static volatile long now = System.nanoTime();

  static {
    Thread ticker = new Thread(CoarseClock::tick, "ctxlock-stats-clock");
    ticker.setDaemon(true);
    ticker.start();
  }

  private CoarseClock() {}

  /** The time of the last tick, in {@link System#nanoTime()}'s scale. */
  static long now() {
    return now;
  }

  private static void tick() {
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      now = System.nanoTime();
    }
  }
}
