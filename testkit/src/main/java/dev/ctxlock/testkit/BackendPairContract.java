package dev.ctxlock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxlock.sync.Backend;
import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.ContextToken;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The contract test of a {@code @WithContext} backend pair. {@code @WithContext} is a trusted
 * assertion: the processor checks that both backends share one state type, but it cannot see that
 * they run <em>one locking protocol</em> over it. This class checks that under real contention,
 * for the lock your generated class (or any {@link Lock} of your backend) builds: extend it in
 * your test sources, supply how to build a lock, how to take it with the contextual backend, and
 * how to enter the context on the current thread, and JUnit 5 runs every check below.
 *
 * <pre>{@code
 * // XyzBackend is annotated @WithContext(context = IrqOff.class, contextual = CheapBackend.class),
 * // so the processor generated Xyz<T> (lockWith/tryLockWith) and XyzBackendContexts.
 * class XyzPairTest extends BackendPairContract<Xyz<long[]>, XyzBackend, IrqOff> {
 *   @Override protected Xyz<long[]> newLock(long[] data) { return new Xyz<>(data); }
 *   @Override protected Guard<long[], ?> lockWith(Xyz<long[]> lock, IrqOff c) { return lock.lockWith(c); }
 *   @Override protected Guard<long[], ?> tryLockWith(Xyz<long[]> lock, IrqOff c) { return lock.tryLockWith(c); }
 *   @Override protected IrqOff enterContext() { return IrqOff.enter(); }
 *   // optional: also hammer the generic (witness) path
 *   @Override protected BackendWithContext<XyzBackend, IrqOff, ?> witness() {
 *     return XyzBackendContexts.IRQ_OFF;
 *   }
 * }
 * }</pre>
 *
 * <p>What it checks (each is a separate test method):
 *
 * <ul>
 *   <li>{@link #mixedAcquisitionsKeepExactTotals()} and {@link
 *       #mixedAcquisitionsWithMoreThreadsThanCores()}: threads interleave {@code lock()}, {@code
 *       tryLock()}, {@code lockWith}, {@code tryLockWith} (and the witness forms) on one lock; an
 *       "inside" counter detects two holders at once, a torn two-field update detects a missing
 *       happens-before, and the totals per path must come out exact;
 *   <li>{@link #tryLockNeverSucceedsWhileHeld()}: while another thread holds the lock, taken by
 *       any path, {@code tryLock()} and {@code tryLockWith} return null and leave it unchanged,
 *       and {@code lock()} waits until it is released;
 *   <li>{@link #reacquiringOnTheHoldingThreadFailsFast()}: a thread that holds the lock gets
 *       {@link IllegalStateException} from {@code lock()} / {@code lockWith} and {@code null} from
 *       {@code tryLock()} / {@code tryLockWith}, with nothing changed (override {@link
 *       #detectsReentrance()} if your backend does not promise that);
 *   <li>{@link #guardsReleaseWithTheBackendThatTookTheLock()}: a guard from {@code lockWith}
 *       leaves the context as it found it ({@link #contextObservation()}), a guard from {@code
 *       lock()} restores what {@code lock()} changed, and both free the lock;
 *   <li>{@link #tokenLifetimesAreChecked()}: when the context is a {@link ContextToken}, a closed
 *       or foreign token is refused with nothing taken, and the token cannot close under an open
 *       guard.
 * </ul>
 *
 * <p>The lock protects a {@code long[]} of {@link #DATA_LENGTH} elements that the kit owns. Runs
 * take a few seconds at most; tune {@link #iterationsPerThread()} and the thread counts.
 *
 * <p>A JUnit test cannot explore every interleaving. For a memory-model level check of your pair,
 * copy the jcstress template in this module's README ({@code testkit/README.md}).
 *
 * @param <L> the lock type (usually the generated inherent class, e.g. {@code SpinLockIrq<long[]>})
 * @param <B> the annotated backend
 * @param <C> the context type
 */
public abstract class BackendPairContract<L extends Lock<long[], B>, B extends Backend<?>, C> {

  /** Length of the array the lock protects: the total, its mirror and one count per path. */
  public static final int DATA_LENGTH = 2 + Way.values().length;

  /** How a thread takes the lock in the mixed runs. */
  public enum Way {
    /** {@code lock.lock()}. */
    LOCK,
    /** {@code lock.tryLock()}, retried until it succeeds. */
    TRY_LOCK,
    /** {@link BackendPairContract#lockWith}. */
    LOCK_WITH,
    /** {@link BackendPairContract#tryLockWith}, retried until it succeeds. */
    TRY_LOCK_WITH,
    /** {@code lock.lockWith(witness(), context)}, when a witness is supplied. */
    WITNESS_LOCK_WITH,
    /** {@code lock.tryLockWith(witness(), context)}, retried, when a witness is supplied. */
    WITNESS_TRY_LOCK_WITH
  }

  // ---- What the user supplies.

  /** Returns a new, unlocked lock of the pair under test protecting {@code data}. */
  protected abstract L newLock(long[] data);

  /** Takes {@code lock} with the contextual backend: usually {@code lock.lockWith(context)}. */
  protected abstract Guard<long[], ?> lockWith(L lock, C context);

  /** Tries {@code lock} with the contextual backend: usually {@code lock.tryLockWith(context)}. */
  protected abstract @Nullable Guard<long[], ?> tryLockWith(L lock, C context);

  /** Enters the context on the calling thread and returns its proof. */
  protected abstract C enterContext();

  /** Leaves the context {@link #enterContext()} entered. The default closes an AutoCloseable. */
  protected void exitContext(C context) throws Exception {
    if (context instanceof AutoCloseable) {
      ((AutoCloseable) context).close();
    }
  }

  /** The generated witness for the generic path, or null (the default) to skip that path. */
  protected @Nullable BackendWithContext<B, C, ?> witness() {
    return null;
  }

  /**
   * An observation of the calling thread's context state that {@code lockWith} must leave alone
   * and {@code lock()} + close must restore: for {@code SpinLockIrq}, whether local interrupts
   * are disabled. The default observes nothing.
   */
  protected @Nullable Object contextObservation() {
    return null;
  }

  /** Whether a thread re-acquiring a lock it holds fails fast (the shipped backends do). */
  protected boolean detectsReentrance() {
    return true;
  }

  /** Acquisitions per thread in the mixed runs. */
  protected int iterationsPerThread() {
    return 5_000;
  }

  /** Threads in {@link #mixedAcquisitionsKeepExactTotals()}. */
  protected int threads() {
    return 4;
  }

  /** Threads in {@link #mixedAcquisitionsWithMoreThreadsThanCores()}: at least 3 per core. */
  protected int oversubscribedThreads() {
    return Math.max(8, 3 * Runtime.getRuntime().availableProcessors() + 1);
  }

  /** How long a run may take before the kit calls it a deadlock or starvation. */
  protected long timeoutSeconds() {
    return 60;
  }

  // ---- The checks.

  /** Mixed paths from {@link #threads()} threads: mutual exclusion and exact totals. */
  @Test
  public void mixedAcquisitionsKeepExactTotals() throws Exception {
    hammer(threads(), iterationsPerThread());
  }

  /** The same with several threads per core, where a spinning waiter can starve the holder. */
  @Test
  public void mixedAcquisitionsWithMoreThreadsThanCores() throws Exception {
    int threads = oversubscribedThreads();
    hammer(threads, Math.max(1, iterationsPerThread() * threads() / threads));
  }

  /** While the lock is held by one thread, taken by any path, tries from another fail. */
  @Test
  public void tryLockNeverSucceedsWhileHeld() throws Exception {
    L lock = newLock(new long[DATA_LENGTH]);
    for (Way holdBy : ways()) {
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<Throwable> holderFailure = new AtomicReference<>();
      Thread holder =
          start(
              "holder-" + holdBy,
              () -> {
                C context = usesContext(holdBy) ? enterContext() : null;
                try {
                  Guard<long[], ?> g = acquire(lock, holdBy, context);
                  try {
                    g.get()[0]++;
                    held.countDown();
                    release.await();
                  } finally {
                    g.close();
                  }
                } finally {
                  if (context != null) {
                    exitContext(context);
                  }
                }
              },
              holderFailure);
      awaitOrFail(held, holder, holderFailure, "the holder did not get the lock by " + holdBy);
      try {
        for (int attempt = 0; attempt < 200; attempt++) {
          Guard<long[], ?> g = lock.tryLock();
          if (g != null) {
            g.close();
            fail("tryLock() succeeded while another thread held the lock by " + holdBy);
          }
          C context = enterContext();
          try {
            Guard<long[], ?> w = tryLockWith(lock, context);
            if (w != null) {
              w.close();
              fail("tryLockWith succeeded while another thread held the lock by " + holdBy);
            }
            BackendWithContext<B, C, ?> witness = witness();
            if (witness != null) {
              Guard<long[], ?> v = lock.tryLockWith(witness, context);
              if (v != null) {
                v.close();
                fail("tryLockWith(witness) succeeded while another thread held it by " + holdBy);
              }
            }
          } finally {
            exitContext(context);
          }
          if ((attempt & 15) == 0) {
            Thread.yield();
          }
        }
        // lock() waits for the holder: it must not return before the release.
        CountDownLatch acquired = new CountDownLatch(1);
        AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
        Thread waiter =
            start(
                "waiter-" + holdBy,
                () -> {
                  try (Guard<long[], ?> g = lock.lock()) {
                    g.get()[0]++;
                    acquired.countDown();
                  }
                },
                waiterFailure);
        assertTrue(
            !acquired.await(50, TimeUnit.MILLISECONDS),
            "lock() returned while another thread held the lock by " + holdBy);
        release.countDown();
        join(holder, holderFailure);
        join(waiter, waiterFailure);
      } finally {
        release.countDown();
        holder.join(TimeUnit.SECONDS.toMillis(timeoutSeconds()));
      }
    }
    // The failed tries changed nothing: exactly the holders' and waiters' increments.
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after every holder released it");
      assertEquals(2L * ways().size(), g.get()[0], "failed tries changed the protected value");
    }
  }

  /** A thread that holds the lock, by any path, and takes it again by any path fails fast. */
  @Test
  public void reacquiringOnTheHoldingThreadFailsFast() throws Exception {
    Assumptions.assumeTrue(detectsReentrance(), "the backend does not promise to detect it");
    L lock = newLock(new long[DATA_LENGTH]);
    for (Way first : ways()) {
      for (Way second : ways()) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t =
            start(
                "reentrance-" + first + "-" + second,
                () -> {
                  C context = enterContext();
                  try {
                    Object before = contextObservation();
                    Guard<long[], ?> g = acquire(lock, first, usesContext(first) ? context : null);
                    try {
                      Object held = contextObservation();
                      if (isTry(second)) {
                        Guard<long[], ?> again = tryOnce(lock, second, context);
                        if (again != null) {
                          again.close();
                          fail("a " + second + " on the thread holding it by " + first
                              + " succeeded");
                        }
                      } else {
                        assertThrows(
                            IllegalStateException.class,
                            () -> acquire(lock, second, context).close(),
                            second + " on the thread holding the lock by " + first);
                      }
                      assertEquals(held, contextObservation(),
                          "a failed " + second + " changed the context state");
                      g.get()[0]++;
                    } finally {
                      g.close();
                    }
                    assertEquals(before, contextObservation());
                  } finally {
                    exitContext(context);
                  }
                },
                failure);
        join(t, failure);
      }
    }
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after the failed re-acquisitions");
      assertEquals((long) ways().size() * ways().size(), g.get()[0]);
    }
  }

  /**
   * A guard from {@code lockWith} leaves the context state as it found it; one from {@code lock()}
   * restores it at close; both free the lock; {@code lockRef()} is the lock.
   */
  @Test
  public void guardsReleaseWithTheBackendThatTookTheLock() throws Exception {
    L lock = newLock(new long[DATA_LENGTH]);
    for (Way way : ways()) {
      Object outside = contextObservation();
      C context = enterContext();
      try {
        Object inContext = contextObservation();
        Guard<long[], ?> g = acquire(lock, way, usesContext(way) ? context : null);
        try {
          assertSame(lock, g.lockRef());
          g.get()[0]++;
          if (usesContext(way)) {
            assertEquals(inContext, contextObservation(), way + " changed the context state");
          }
        } finally {
          g.close();
        }
        assertEquals(inContext, contextObservation(), "closing a " + way + " guard");
        assertFreeFromAnotherThread(lock, "after closing a " + way + " guard");
        // The same context keeps working after the guard closed.
        Guard<long[], ?> again = lockWith(lock, context);
        again.close();
      } finally {
        exitContext(context);
      }
      assertEquals(outside, contextObservation(), "leaving the context after " + way);
    }
    // lock() outside any context: whatever it changes, closing the guard restores.
    Object outside = contextObservation();
    Guard<long[], ?> g = lock.lock();
    g.close();
    assertEquals(outside, contextObservation(), "lock() + close() outside the context");
  }

  /** Token contexts: closed or foreign tokens are refused, and a token outlives its guards. */
  @Test
  public void tokenLifetimesAreChecked() throws Exception {
    L lock = newLock(new long[DATA_LENGTH]);
    C probe = enterContext();
    boolean isToken = probe instanceof ContextToken;
    exitContext(probe);
    Assumptions.assumeTrue(isToken, "the context type does not extend ContextToken");

    C closed = enterContext();
    exitContext(closed);
    assertThrows(IllegalStateException.class, () -> lockWith(lock, closed), "closed token");
    assertThrows(IllegalStateException.class, () -> tryLockWith(lock, closed), "closed token");

    C open = enterContext();
    try {
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread other =
          start(
              "foreign-token",
              () -> {
                assertThrows(IllegalStateException.class, () -> lockWith(lock, open));
                assertThrows(IllegalStateException.class, () -> tryLockWith(lock, open));
              },
              failure);
      join(other, failure);
      assertFreeFromAnotherThread(lock, "after refusing closed and foreign tokens");

      Guard<long[], ?> g = lockWith(lock, open);
      try {
        assertThrows(IllegalStateException.class, () -> exitContext(open),
            "closing the token while its guard is open");
        g.get()[0]++; // the guard still works: the failed close changed nothing
      } finally {
        g.close();
      }
    } finally {
      exitContext(open);
    }
    assertThrows(NullPointerException.class, () -> lockWith(lock, null), "null context");
    assertFreeFromAnotherThread(lock, "at the end");
  }

  // ---- The hammer.

  private void hammer(int threads, int iterations) throws Exception {
    long[] data = new long[DATA_LENGTH];
    L lock = newLock(data);
    List<Way> ways = ways();
    AtomicInteger inside = new AtomicInteger();
    LongAdder overlaps = new LongAdder();
    LongAdder torn = new LongAdder();
    LongAdder failedTries = new LongAdder();
    long[] expected = new long[Way.values().length];
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < iterations; i++) {
        expected[ways.get(Math.floorMod(i + t, ways.size())).ordinal()]++;
      }
    }
    runConcurrently(
        threads,
        t -> {
          Object observed = contextObservation();
          for (int i = 0; i < iterations; i++) {
            Way way = ways.get(Math.floorMod(i + t, ways.size()));
            C context = usesContext(way) ? enterContext() : null;
            try {
              Guard<long[], ?> g = acquireCounting(lock, way, context, failedTries);
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
                exitContext(context);
              }
            }
          }
          assertEquals(observed, contextObservation(),
              "the context state differs after the run on " + Thread.currentThread().getName());
        });
    assertEquals(0, overlaps.sum(), "two threads were inside the lock at once");
    assertEquals(0, torn.sum(), "a holder saw a half-done update of the previous holder");
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after the run");
      long[] d = g.get();
      assertEquals((long) threads * iterations, d[0], "total (lost updates?)");
      assertEquals(d[0], d[1], "mirror");
      for (Way way : Way.values()) {
        assertEquals(expected[way.ordinal()], d[2 + way.ordinal()], "acquisitions by " + way);
      }
    }
  }

  private List<Way> ways() {
    List<Way> ways = new ArrayList<>(List.of(Way.LOCK, Way.TRY_LOCK, Way.LOCK_WITH, Way.TRY_LOCK_WITH));
    if (witness() != null) {
      ways.add(Way.WITNESS_LOCK_WITH);
      ways.add(Way.WITNESS_TRY_LOCK_WITH);
    }
    return ways;
  }

  private static boolean usesContext(Way way) {
    return way != Way.LOCK && way != Way.TRY_LOCK;
  }

  private static boolean isTry(Way way) {
    return way == Way.TRY_LOCK || way == Way.TRY_LOCK_WITH || way == Way.WITNESS_TRY_LOCK_WITH;
  }

  /** One attempt; null when busy. */
  private @Nullable Guard<long[], ?> tryOnce(L lock, Way way, @Nullable C context) {
    switch (way) {
      case TRY_LOCK:
        return lock.tryLock();
      case TRY_LOCK_WITH:
        return tryLockWith(lock, Objects.requireNonNull(context));
      case WITNESS_TRY_LOCK_WITH:
        return lock.tryLockWith(Objects.requireNonNull(witness()), Objects.requireNonNull(context));
      default:
        throw new IllegalArgumentException(way + " is not a try");
    }
  }

  private Guard<long[], ?> acquire(L lock, Way way, @Nullable C context) {
    return acquireCounting(lock, way, context, new LongAdder());
  }

  /** Takes the lock by {@code way}, retrying a try until it succeeds. */
  private Guard<long[], ?> acquireCounting(
      L lock, Way way, @Nullable C context, LongAdder failedTries) {
    switch (way) {
      case LOCK:
        return lock.lock();
      case LOCK_WITH:
        return lockWith(lock, Objects.requireNonNull(context));
      case WITNESS_LOCK_WITH:
        return lock.lockWith(Objects.requireNonNull(witness()), Objects.requireNonNull(context));
      default:
        for (int attempt = 1; ; attempt++) {
          Guard<long[], ?> g = tryOnce(lock, way, context);
          if (g != null) {
            return g;
          }
          failedTries.increment();
          if (attempt % 64 == 0) {
            Thread.yield();
          } else {
            Thread.onSpinWait();
          }
        }
    }
  }

  private void assertFreeFromAnotherThread(L lock, String when) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        start(
            "probe",
            () -> {
              Guard<long[], ?> g = lock.tryLock();
              assertNotNull(g, "the lock is not free " + when);
              g.close();
            },
            failure);
    join(t, failure);
  }

  // ---- Threads.

  /** A body that may throw. */
  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  /** A body run on one of several threads. */
  @FunctionalInterface
  private interface IndexedBody {
    void run(int index) throws Exception;
  }

  private static Thread start(String name, Body body, AtomicReference<Throwable> failure) {
    Thread t =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable e) {
                failure.compareAndSet(null, e);
              }
            },
            "ctxlock-testkit-" + name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void join(Thread t, AtomicReference<Throwable> failure) throws Exception {
    t.join(TimeUnit.SECONDS.toMillis(timeoutSeconds()));
    if (t.isAlive()) {
      fail("thread " + t.getName() + " did not finish in " + timeoutSeconds()
          + " s (deadlock or starvation?)");
    }
    rethrow(failure);
  }

  private void awaitOrFail(
      CountDownLatch latch, Thread t, AtomicReference<Throwable> failure, String message)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds());
    while (!latch.await(10, TimeUnit.MILLISECONDS)) {
      if (!t.isAlive() || System.nanoTime() > deadline) {
        rethrow(failure);
        fail(message);
      }
    }
  }

  private static void rethrow(AtomicReference<Throwable> failure) {
    Throwable e = failure.get();
    if (e instanceof Error) {
      throw (Error) e;
    }
    if (e != null) {
      throw new AssertionError(e.toString(), e);
    }
  }

  private void runConcurrently(int count, IndexedBody body) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      threads.add(
          start(
              "worker-" + i,
              () -> {
                go.await();
                body.run(index);
              },
              failure));
    }
    go.countDown();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds());
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        fail("thread " + t.getName() + " did not finish in " + timeoutSeconds()
            + " s (deadlock or starvation?)");
      }
    }
    rethrow(failure);
  }
}
