package dev.ctxlock.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import dev.ctxlock.sync.TimedBackend;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
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
 *       guard;
 *   <li>for a {@link TimedBackend} (the annotated one: {@code tryLock(Duration)} and {@code
 *       lockInterruptibly()}; the contextual one: {@code tryLockWith(context, Duration)} and the
 *       witness form), {@link #timedAcquisitionsOfAHeldLockTimeOutWithNothingChanged()}, {@link
 *       #interruptedBeforeWaitingThrowsWithNothingChanged()} and {@link
 *       #interruptedWhileWaitingThrowsWithNothingChanged()}: a timeout or an interruption leaves
 *       the lock, the context state and the token as they were, and clears the interrupt status.
 *       The timed forms also join the mixed runs and the other checks.
 * </ul>
 *
 * <p>The timed forms are found on the lock class by reflection (the processor generates them as
 * public methods); override {@link #tryLock(Lock, Duration)}, {@link #lockInterruptibly(Lock)}
 * and {@link #tryLockWith(Lock, Object, Duration)}, with {@link #annotatedBackendIsTimed()} and
 * {@link #contextualBackendIsTimed()}, to call them directly.
 *
 * <p>The lock protects a {@code long[]} that the kit owns. Runs take a few seconds at most; tune
 * {@link #iterationsPerThread()} and the thread counts. Every wait is bounded by {@link
 * #timeoutSeconds()}: a deadlock fails the test instead of hanging the build.
 *
 * <p>A JUnit test cannot explore every interleaving. For a memory-model level check of your pair,
 * copy the jcstress template in this module's README ({@code testkit/README.md}).
 *
 * @param <L> the lock type (usually the generated inherent class, e.g. {@code SpinLockIrq<long[]>})
 * @param <B> the annotated backend
 * @param <C> the context type
 */
public abstract class BackendPairContract<L extends Lock<long[], B>, B extends Backend<?>, C> {

  /** How long a timed acquisition of a held lock waits before the kit expects it to give up. */
  private static final Duration TIMEOUT = Duration.ofMillis(30);

  /** Created per test (JUnit makes one instance per test method), once the hooks are callable. */
  private @Nullable Paths<L, B, C> paths;

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

  /**
   * Whether the lock class has the annotated backend's timed forms. The default: whether it has
   * public {@code tryLock(Duration)} and {@code lockInterruptibly()}, as the processor generates
   * for a {@link TimedBackend}.
   */
  protected boolean annotatedBackendIsTimed() {
    Class<?> lockClass = newLock(new long[Way.DATA_LENGTH]).getClass();
    return TimedCalls.tryLock(lockClass).isPresent()
        && TimedCalls.lockInterruptibly(lockClass).isPresent();
  }

  /**
   * Whether the lock class has {@code tryLockWith(context, Duration)} for this pair's context. The
   * default looks for a public one taking the class of {@link #enterContext()}'s proof, as the
   * processor generates for a timed contextual backend.
   */
  protected boolean contextualBackendIsTimed() {
    Class<?> lockClass = newLock(new long[Way.DATA_LENGTH]).getClass();
    C context = enterContext();
    try {
      return TimedCalls.tryLockWith(lockClass, context.getClass()).isPresent();
    } finally {
      exitQuietly(context);
    }
  }

  /**
   * Takes {@code lock} with the annotated backend if it becomes free within {@code timeout}:
   * usually {@code lock.tryLock(timeout)}. The default calls that method by reflection.
   */
  protected @Nullable Guard<long[], ?> tryLock(L lock, Duration timeout)
      throws InterruptedException {
    return guard(TimedCalls.tryLock(lock.getClass()).orElseThrow(), lock, timeout);
  }

  /**
   * Takes {@code lock} with the annotated backend unless interrupted: usually {@code
   * lock.lockInterruptibly()}. The default calls that method by reflection.
   */
  protected Guard<long[], ?> lockInterruptibly(L lock) throws InterruptedException {
    return Objects.requireNonNull(
        guard(TimedCalls.lockInterruptibly(lock.getClass()).orElseThrow(), lock));
  }

  /**
   * Takes {@code lock} with the contextual backend if it becomes free within {@code timeout}:
   * usually {@code lock.tryLockWith(context, timeout)}. The default calls that method by
   * reflection.
   */
  protected @Nullable Guard<long[], ?> tryLockWith(L lock, C context, Duration timeout)
      throws InterruptedException {
    return guard(
        TimedCalls.tryLockWith(lock.getClass(), context.getClass()).orElseThrow(),
        lock,
        context,
        timeout);
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
    new Hammer<>(this, paths(), runner()).run(threads(), iterationsPerThread());
  }

  /** The same with several threads per core, where a spinning waiter can starve the holder. */
  @Test
  public void mixedAcquisitionsWithMoreThreadsThanCores() throws Exception {
    int threads = oversubscribedThreads();
    new Hammer<>(this, paths(), runner())
        .run(threads, Math.max(1, iterationsPerThread() * threads() / threads));
  }

  /** While the lock is held by one thread, taken by any path, tries from another fail. */
  @Test
  public void tryLockNeverSucceedsWhileHeld() throws Exception {
    L lock = newLock(new long[Way.DATA_LENGTH]);
    for (Way holdBy : paths().all()) {
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<Throwable> holderFailure = new AtomicReference<>();
      Thread holder =
          Threads.start(
              "holder-" + holdBy,
              () -> {
                C context = holdBy.usesContext() ? enterContext() : null;
                try {
                  Guard<long[], ?> g = paths().acquire(lock, holdBy, context);
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
      runner().await(held, holder, holderFailure, "the holder did not get the lock by " + holdBy);
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
            Threads.start(
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
        runner().join(holder, holderFailure);
        runner().join(waiter, waiterFailure);
      } finally {
        release.countDown();
        holder.join(TimeUnit.SECONDS.toMillis(timeoutSeconds()));
      }
    }
    // The failed tries changed nothing: exactly the holders' and waiters' increments.
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after every holder released it");
      assertEquals(2L * paths().all().size(), g.get()[0], "failed tries changed the protected value");
    }
  }

  /** A thread that holds the lock, by any path, and takes it again by any path fails fast. */
  @Test
  public void reacquiringOnTheHoldingThreadFailsFast() throws Exception {
    Assumptions.assumeTrue(detectsReentrance(), "the backend does not promise to detect it");
    L lock = newLock(new long[Way.DATA_LENGTH]);
    for (Way first : paths().all()) {
      for (Way second : paths().all()) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t =
            Threads.start(
                "reentrance-" + first + "-" + second,
                () -> {
                  C context = enterContext();
                  try {
                    Object before = contextObservation();
                    Guard<long[], ?> g = paths().acquire(lock, first, first.usesContext() ? context : null);
                    try {
                      Object held = contextObservation();
                      if (second.isTry()) {
                        Guard<long[], ?> again = paths().tryOnce(lock, second, context);
                        if (again != null) {
                          again.close();
                          fail("a " + second + " on the thread holding it by " + first
                              + " succeeded");
                        }
                      } else {
                        assertThrows(
                            IllegalStateException.class,
                            () -> paths().acquire(lock, second, context).close(),
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
        runner().join(t, failure);
      }
    }
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after the failed re-acquisitions");
      assertEquals((long) paths().all().size() * paths().all().size(), g.get()[0]);
    }
  }

  /**
   * A guard from {@code lockWith} leaves the context state as it found it; one from {@code lock()}
   * restores it at close; both free the lock; {@code lockRef()} is the lock.
   */
  @Test
  public void guardsReleaseWithTheBackendThatTookTheLock() throws Exception {
    L lock = newLock(new long[Way.DATA_LENGTH]);
    for (Way way : paths().all()) {
      Object outside = contextObservation();
      C context = enterContext();
      try {
        Object inContext = contextObservation();
        Guard<long[], ?> g = paths().acquire(lock, way, way.usesContext() ? context : null);
        try {
          assertSame(lock, g.lockRef());
          g.get()[0]++;
          if (way.usesContext()) {
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
    L lock = newLock(new long[Way.DATA_LENGTH]);
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
          Threads.start(
              "foreign-token",
              () -> {
                assertThrows(IllegalStateException.class, () -> lockWith(lock, open));
                assertThrows(IllegalStateException.class, () -> tryLockWith(lock, open));
              },
              failure);
      runner().join(other, failure);
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

  /**
   * Every timed form (see the class comment) takes a free lock, and on a lock another thread
   * holds gives up no earlier than its timeout, leaving the lock, the protected value, the context
   * state and the token as they were.
   */
  @Test
  public void timedAcquisitionsOfAHeldLockTimeOutWithNothingChanged() throws Exception {
    List<Way> timedTries = timedTries();
    L lock = newLock(new long[Way.DATA_LENGTH]);
    long expected = 0;
    for (Way way : timedTries) {
      C context = way.usesContext() ? enterContext() : null;
      try {
        Guard<long[], ?> g = paths().tryFor(lock, way, context, Duration.ZERO);
        assertNotNull(g, way + " with a zero timeout did not take a free lock");
        try {
          g.get()[0]++;
          expected++;
        } finally {
          g.close();
        }
      } finally {
        exitIfAny(context);
      }
    }
    for (Way holdBy : List.of(Way.LOCK, Way.LOCK_WITH)) {
      CountDownLatch release = new CountDownLatch(1);
      AtomicReference<Throwable> holderFailure = new AtomicReference<>();
      Thread holder = holdOnAnotherThread(lock, holdBy, release, holderFailure);
      expected++;
      try {
        for (Way way : timedTries) {
          C context = way.usesContext() ? enterContext() : null;
          try {
            Object before = contextObservation();
            long start = System.nanoTime();
            Guard<long[], ?> g = paths().tryFor(lock, way, context, TIMEOUT);
            long waited = System.nanoTime() - start;
            if (g != null) {
              g.close();
              fail(way + " succeeded while another thread held the lock by " + holdBy);
            }
            assertTrue(
                waited >= TIMEOUT.toNanos(),
                way + " gave up after " + waited + " ns, before its timeout of " + TIMEOUT);
            assertEquals(before, contextObservation(), "a timed-out " + way
                + " changed the context state");
          } finally {
            exitIfAny(context); // throws if the timed-out try left a guard counted on the token
          }
        }
        assertNull(lock.tryLock(), "the holder's lock was released by a timed-out acquisition");
      } finally {
        release.countDown();
        runner().join(holder, holderFailure);
      }
    }
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after the timed acquisitions");
      assertEquals(expected, g.get()[0], "timed-out acquisitions changed the protected value");
    }
  }

  /**
   * Every timed form, called with the thread's interrupt status set, throws {@link
   * InterruptedException}, clears the status, and leaves the (free) lock and the context state as
   * they were.
   */
  @Test
  public void interruptedBeforeWaitingThrowsWithNothingChanged() throws Exception {
    List<Way> timed = paths().timed();
    Assumptions.assumeFalse(timed.isEmpty(), "neither backend of the pair is timed");
    L lock = newLock(new long[Way.DATA_LENGTH]);
    for (Way way : timed) {
      C context = way.usesContext() ? enterContext() : null;
      try {
        Object before = contextObservation();
        Thread.currentThread().interrupt();
        try {
          assertThrows(
              InterruptedException.class,
              () -> closeIfAny(timedAttempt(lock, way, context, TIMEOUT)),
              way + " with the interrupt status set");
          assertFalse(Thread.currentThread().isInterrupted(),
              way + " did not clear the interrupt status");
        } finally {
          Thread.interrupted(); // never leak the status into the next check or test
        }
        assertEquals(before, contextObservation(), "an interrupted " + way
            + " changed the context state");
      } finally {
        exitIfAny(context);
      }
      assertFreeFromAnotherThread(lock, "after an interrupted " + way);
    }
  }

  /**
   * A thread waiting by any timed form for a lock another thread holds, then interrupted, throws
   * {@link InterruptedException} with its status cleared and its context state as it was; the
   * holder keeps the lock.
   */
  @Test
  public void interruptedWhileWaitingThrowsWithNothingChanged() throws Exception {
    List<Way> timed = paths().timed();
    Assumptions.assumeFalse(timed.isEmpty(), "neither backend of the pair is timed");
    L lock = newLock(new long[Way.DATA_LENGTH]);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Throwable> holderFailure = new AtomicReference<>();
    Thread holder = holdOnAnotherThread(lock, Way.LOCK, release, holderFailure);
    try {
      for (Way way : timed) {
        CountDownLatch waiting = new CountDownLatch(1);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        AtomicReference<Throwable> waiterFailure = new AtomicReference<>();
        Thread waiter =
            Threads.start(
                "interrupted-" + way,
                () -> {
                  C context = way.usesContext() ? enterContext() : null;
                  try {
                    Object before = contextObservation();
                    waiting.countDown();
                    try {
                      closeIfAny(
                          timedAttempt(lock, way, context, Duration.ofSeconds(timeoutSeconds())));
                      outcome.set(new AssertionError(way + " returned instead of throwing"));
                    } catch (InterruptedException e) {
                      outcome.set(e);
                    }
                    assertFalse(Thread.currentThread().isInterrupted(),
                        way + " did not clear the interrupt status");
                    assertEquals(before, contextObservation(), "an interrupted " + way
                        + " changed the context state");
                  } finally {
                    exitIfAny(context);
                  }
                },
                waiterFailure);
        runner().await(waiting, waiter, waiterFailure, "the waiter by " + way + " did not start");
        Thread.sleep(TIMEOUT.toMillis()); // most likely waiting by now; either way it must throw
        waiter.interrupt();
        runner().join(waiter, waiterFailure);
        assertTrue(outcome.get() instanceof InterruptedException,
            way + " interrupted while waiting gave " + outcome.get());
        assertNull(lock.tryLock(), "an interrupted " + way + " released the holder's lock");
      }
    } finally {
      release.countDown();
      runner().join(holder, holderFailure);
    }
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g, "the lock is not free after the interrupted waits");
      assertEquals(1, g.get()[0], "an interrupted acquisition changed the protected value");
    }
  }

  // ---- Helpers of the checks.

  private Paths<L, B, C> paths() {
    if (paths == null) {
      paths = new Paths<>(this);
    }
    return paths;
  }

  private Threads runner() {
    return new Threads(timeoutSeconds());
  }

  /** The timed forms that may give up (all but lockInterruptibly); skips the test if none. */
  private List<Way> timedTries() {
    List<Way> tries = new ArrayList<>();
    for (Way way : paths().timed()) {
      if (way.isTry()) {
        tries.add(way);
      }
    }
    Assumptions.assumeFalse(tries.isEmpty(), "neither backend of the pair is timed");
    return tries;
  }

  /** One attempt by a timed {@code way}: a timed try, or lockInterruptibly. */
  private @Nullable Guard<long[], ?> timedAttempt(
      L lock, Way way, @Nullable C context, Duration timeout) throws InterruptedException {
    return way == Way.LOCK_INTERRUPTIBLY
        ? lockInterruptibly(lock)
        : paths().tryFor(lock, way, context, timeout);
  }

  /**
   * Starts a thread that takes {@code lock} by {@code way}, increments the value, and holds it
   * until {@code release} opens; returns once it holds the lock.
   */
  private Thread holdOnAnotherThread(
      L lock, Way way, CountDownLatch release, AtomicReference<Throwable> failure)
      throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    Thread holder =
        Threads.start(
            "holder-" + way,
            () -> {
              C context = way.usesContext() ? enterContext() : null;
              try {
                Guard<long[], ?> g = paths().acquire(lock, way, context);
                try {
                  g.get()[0]++;
                  held.countDown();
                  release.await(timeoutSeconds(), TimeUnit.SECONDS);
                } finally {
                  g.close();
                }
              } finally {
                exitIfAny(context);
              }
            },
            failure);
    runner().await(held, holder, failure, "the holder did not get the lock by " + way);
    return holder;
  }

  private void exitIfAny(@Nullable C context) throws Exception {
    if (context != null) {
      exitContext(context);
    }
  }

  private void exitQuietly(C context) {
    try {
      exitContext(context);
    } catch (Exception e) {
      throw new IllegalStateException("exitContext failed", e);
    }
  }

  private static void closeIfAny(@Nullable Guard<?, ?> guard) {
    if (guard != null) {
      guard.close();
    }
  }

  /** Calls a timed method found by reflection; a non-null result is an open guard. */
  @SuppressWarnings("unchecked")
  private static @Nullable Guard<long[], ?> guard(Method method, Object target, Object... args)
      throws InterruptedException {
    return (Guard<long[], ?>) TimedCalls.invoke(method, target, args);
  }

  private void assertFreeFromAnotherThread(L lock, String when) throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t =
        Threads.start(
            "probe",
            () -> {
              Guard<long[], ?> g = lock.tryLock();
              assertNotNull(g, "the lock is not free " + when);
              g.close();
            },
            failure);
    runner().join(t, failure);
  }

}
