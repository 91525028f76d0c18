package dev.ctxlock.benchmarks;

import dev.ctxlock.sync.LockStat;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link UncontendedOps} with lock statistics on ({@code -Dctxlock.stats=on}): against {@link
 * Uncontended}, what counting every acquisition and timing every hold costs one uncontended
 * thread. The setup proves the statistics are on in the fork.
 */
@Fork(value = 3, jvmArgsAppend = "-Dctxlock.stats=on")
public class StatsUncontendedOn extends UncontendedOps {

  @Setup(Level.Trial)
  public void checkStatsOn() {
    if (!LockStat.isEnabled()) {
      throw new IllegalStateException("lock statistics are off; check the fork's -Dctxlock.stats");
    }
  }
}
