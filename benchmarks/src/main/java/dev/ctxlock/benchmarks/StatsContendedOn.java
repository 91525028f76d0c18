package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.LockStat;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link Contended} with lock statistics on ({@code -Dctxlock.stats=on}): against {@link
 * Contended}, what counting contentions, timing waits and walking the stacks of the waiter and the
 * holder cost threads that fight for one lock. The setup proves the statistics are on in the fork.
 */
@Fork(value = 3, jvmArgsAppend = "-Dctxlock.stats=on")
public class StatsContendedOn extends Contended {

  @Setup(Level.Trial)
  public void checkStatsOn() {
    if (!LockStat.isEnabled()) {
      throw new IllegalStateException("lock statistics are off; check the fork's -Dctxlock.stats");
    }
  }
}
