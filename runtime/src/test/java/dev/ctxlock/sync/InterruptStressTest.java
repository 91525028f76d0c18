package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several raiser threads raise handlers on several worker threads while the workers take one
 * shared SpinLockIrq with lock(), lockWith(token), tryLock() and the generic path, and reach
 * delivery points in every way there is. The handlers themselves take the shared lock (and a
 * second one) with lockWith(their token). At the end the totals are exact: every raised handler
 * ran exactly once on its target, never while the target had interrupts disabled, and every
 * increment under the lock is there.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class InterruptStressTest {

  @ParameterizedTest(name = "{0} workers, {1} raisers, {2} rounds")
  @CsvSource({
    "2, 1, 10000", // no more threads than cores here
    "6, 4, 2500", // five times more threads than cores
  })
  void raisersWorkersAndHandlersThatTakeLocksKeepExactTotals(
      int workers, int raisers, int rounds) throws Exception {
    // data[0]: increments by workers, data[1]: by handlers
    SpinLockIrq<long[]> shared = new SpinLockIrq<>("shared", new long[2]);
    SpinLock<long[]> second = new SpinLock<>("second", new long[1]);
    int handlersPerRaiser = rounds;

    Thread[] workerThreads = new Thread[workers];
    long[] ranOn = new long[workers]; // written by worker w only (handlers run on it)
    long[] ranWhileDisabled = new long[workers];
    long[] ranOnWrongThread = new long[workers];
    boolean[] insideDisabled = new boolean[workers]; // worker-confined
    AtomicLongArray raisedTo = new AtomicLongArray(workers);
    AtomicInteger raisersLeft = new AtomicInteger(raisers);
    LongAdder overlaps = new LongAdder();
    AtomicInteger inside = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Throwable> reported = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch start = new CountDownLatch(1);
    CountDownLatch workersReady = new CountDownLatch(workers);

    for (int w = 0; w < workers; w++) {
      int me = w;
      workerThreads[w] =
          new Thread(
              () -> {
                try {
                  workersReady.countDown();
                  start.await();
                  SplittableRandom random = new SplittableRandom(1000 + me);
                  for (int round = 0; round < rounds; round++) {
                    switch (random.nextInt(5)) {
                      case 0:
                        try (Guard<long[], SpinLockIrqBackend> g = shared.lock()) {
                          insideDisabled[me] = true;
                          critical(g.get(), 0, inside, overlaps);
                          insideDisabled[me] = false;
                        }
                        break;
                      case 1:
                        try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
                          insideDisabled[me] = true;
                          try (Guard<long[], SpinLockBackend> g = shared.lockWith(off)) {
                            critical(g.get(), 0, inside, overlaps);
                          }
                          LocalInterrupts.deliverPending(); // not a delivery point here
                          insideDisabled[me] = false;
                        }
                        break;
                      case 2:
                        while (true) {
                          try (Guard<long[], SpinLockIrqBackend> g = shared.tryLock()) {
                            if (g != null) {
                              insideDisabled[me] = true;
                              critical(g.get(), 0, inside, overlaps);
                              insideDisabled[me] = false;
                              break;
                            }
                          }
                          Thread.yield();
                        }
                        break;
                      case 3:
                        try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
                          insideDisabled[me] = true;
                          try (Guard<long[], SpinLockBackend> g =
                              shared.lockWith(
                                  SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
                            critical(g.get(), 0, inside, overlaps);
                          }
                          insideDisabled[me] = false;
                        }
                        break;
                      default:
                        LocalInterrupts.deliverPending();
                        break;
                    }
                  }
                  // Drain: every handler raised on this worker must run here, exactly once.
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                  while (raisersLeft.get() != 0 || ranOn[me] != raisedTo.get(me)) {
                    if (ranOn[me] > raisedTo.get(me)) {
                      throw new AssertionError("worker " + me + " ran more handlers than raised");
                    }
                    if (System.nanoTime() > deadline) {
                      throw new AssertionError("worker " + me + " ran " + ranOn[me] + " of "
                          + raisedTo.get(me) + " handlers");
                    }
                    LocalInterrupts.deliverPending();
                    Thread.yield();
                  }
                  assertEquals(0, LocalCpu.current().depth(), "worker " + me + " leaked a level");
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                }
              },
              "stress-worker-" + w);
      workerThreads[w].setUncaughtExceptionHandler((t, e) -> reported.add(e));
      workerThreads[w].start();
    }
    assertTrue(workersReady.await(30, TimeUnit.SECONDS));

    List<Thread> raiserThreads = new ArrayList<>();
    for (int r = 0; r < raisers; r++) {
      int me = r;
      Thread t =
          new Thread(
              () -> {
                try {
                  start.await();
                  SplittableRandom random = new SplittableRandom(7 + me);
                  for (int i = 0; i < handlersPerRaiser; i++) {
                    int target = random.nextInt(workers);
                    Thread targetThread = workerThreads[target];
                    // Counted before raising: the handler may run before raise() returns, and
                    // the enqueue publishes this count to the worker (ranOn <= raisedTo always).
                    raisedTo.incrementAndGet(target);
                    boolean raised =
                        LocalInterrupts.raise(
                            targetThread,
                            ctx -> {
                              if (Thread.currentThread() != targetThread) {
                                ranOnWrongThread[target]++;
                              }
                              if (insideDisabled[target]) {
                                ranWhileDisabled[target]++;
                              }
                              try (Guard<long[], SpinLockBackend> g = shared.lockWith(ctx)) {
                                critical(g.get(), 1, inside, overlaps);
                              }
                              try (Guard<long[], SpinLockBackend> g = second.lock()) {
                                g.get()[0]++;
                              }
                              ranOn[target]++;
                            });
                    assertTrue(raised, "a worker terminated before the raisers finished");
                    if ((i & 7) == 0) {
                      Thread.yield();
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                } finally {
                  raisersLeft.decrementAndGet();
                }
              },
              "stress-raiser-" + r);
      raiserThreads.add(t);
      t.start();
    }
    start.countDown();
    for (Thread t : raiserThreads) {
      t.join(TimeUnit.SECONDS.toMillis(90));
      assertFalse(t.isAlive(), t.getName() + " hung");
    }
    for (Thread t : workerThreads) {
      t.join(TimeUnit.SECONDS.toMillis(90));
      assertFalse(t.isAlive(), t.getName() + " hung (deadlock or starvation?)");
    }
    if (failure.get() != null) {
      throw new AssertionError("a thread failed", failure.get());
    }
    assertEquals(List.of(), reported, "handlers reported errors");
    assertEquals(0, overlaps.sum(), "two holders inside the shared lock at once");

    long raisedTotal = (long) raisers * handlersPerRaiser;
    long ranTotal = 0;
    for (int w = 0; w < workers; w++) {
      assertEquals(raisedTo.get(w), ranOn[w], "handlers run on worker " + w);
      assertEquals(0, ranWhileDisabled[w], "handlers run while worker " + w + " had them off");
      assertEquals(0, ranOnWrongThread[w], "handlers run off their target " + w);
      ranTotal += ranOn[w];
    }
    assertEquals(raisedTotal, ranTotal);
    long workerIncrements = countWorkerIncrements(workers, rounds);
    try (Guard<long[], SpinLockIrqBackend> g = shared.lock()) {
      assertEquals(workerIncrements, g.get()[0], "worker increments");
      assertEquals(raisedTotal, g.get()[1], "handler increments");
    }
    // Handlers take `second`: read it with interrupts disabled, as any irq-safe use must (the
    // lock validator, on in one of the test runs, reports it otherwise).
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
        Guard<long[], SpinLockBackend> g = second.lock()) {
      assertEquals(raisedTotal, g.get()[0]);
    }
    System.out.printf(
        "InterruptStressTest: %d workers, %d raisers: %d handlers raised and run exactly once,"
            + " %d worker critical sections%n",
        workers, raisers, raisedTotal, workerIncrements);
  }

  /** Replays the workers' seeded choices: the four lock paths each add one increment. */
  private static long countWorkerIncrements(int workers, int rounds) {
    long n = 0;
    for (int w = 0; w < workers; w++) {
      SplittableRandom random = new SplittableRandom(1000 + w);
      for (int round = 0; round < rounds; round++) {
        if (random.nextInt(5) != 4) {
          n++;
        }
      }
    }
    return n;
  }

  private static final AtomicLong SINK = new AtomicLong();

  private static void critical(long[] d, int slot, AtomicInteger inside, LongAdder overlaps) {
    if (inside.incrementAndGet() != 1) {
      overlaps.increment();
    }
    long v = d[slot];
    if ((v & 15) == 0) {
      SINK.lazySet(v); // a little work inside, so intruders have a window
      Thread.yield();
    }
    d[slot] = v + 1;
    inside.decrementAndGet();
  }
}
