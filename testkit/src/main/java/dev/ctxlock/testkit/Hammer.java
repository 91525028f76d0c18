package dev.ctxlock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mixed run: threads take one lock by every {@link Way} in turn; an "inside" counter detects
 * two holders at once, a two-field update detects a missing happens-before, and the totals per
 * way must come out exact.
 */
final class Hammer<L extends Lock<long[], B>, B extends Backend<?>, C> {

  private final BackendPairContract<L, B, C> contract;
  private final Paths<L, B, C> paths;
  private final Threads threads;

  Hammer(BackendPairContract<L, B, C> contract, Paths<L, B, C> paths, Threads threads) {
    this.contract = contract;
    this.paths = paths;
    this.threads = threads;
  }

  void run(int threadCount, int iterations) throws InterruptedException {
    long[] data = new long[Way.DATA_LENGTH];
    L lock = contract.newLock(data);
    List<Way> ways = paths.all();
    AtomicInteger inside = new AtomicInteger();
    LongAdder overlaps = new LongAdder();
    LongAdder torn = new LongAdder();
    LongAdder failedTries = new LongAdder();
    long[] expected = new long[Way.values().length];
    for (int t = 0; t < threadCount; t++) {
      for (int i = 0; i < iterations; i++) {
        expected[ways.get(Math.floorMod(i + t, ways.size())).ordinal()]++;
      }
    }
    threads.runConcurrently(
        threadCount,
        t -> {
          Object observed = contract.contextObservation();
          for (int i = 0; i < iterations; i++) {
            Way way = ways.get(Math.floorMod(i + t, ways.size()));
            C context = way.usesContext() ? contract.enterContext() : null;
            try {
              Guard<long[], ?> g = paths.acquireCounting(lock, way, context, failedTries);
              try {
                if (inside.incrementAndGet() != 1) {
                  overlaps.increment();
                }
                long[] d = g.get();
                long v = d[0];
                if (d[1] != v) {
                  torn.increment();
                }
                d[0] = v + 1;
                if ((i & 31) == 0) {
                  Thread.yield(); // widen the window in which an intruder would be seen
                }
                d[1] = v + 1;
                d[2 + way.ordinal()]++;
                inside.decrementAndGet();
              } finally {
                g.close();
              }
            } finally {
              if (context != null) {
                contract.exitContext(context);
              }
            }
          }
          assertEquals(observed, contract.contextObservation(),
              "the context state differs after the run on " + Thread.currentThread().getName());
        });
    assertEquals(0, overlaps.sum(), "two threads were inside the lock at once");
    assertEquals(0, torn.sum(), "a holder saw a half-done update of the previous holder");
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after the run");
      long[] d = g.get();
      assertEquals((long) threadCount * iterations, d[0], "total (lost updates?)");
      assertEquals(d[0], d[1], "mirror");
      for (Way way : Way.values()) {
        assertEquals(expected[way.ordinal()], d[2 + way.ordinal()], "acquisitions by " + way);
      }
    }
  }
}
