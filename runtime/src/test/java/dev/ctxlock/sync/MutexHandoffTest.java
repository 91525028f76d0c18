package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Mutex}'s starvation bound: a waiter that has been first in line for {@code
 * MutexState.Sync.HANDOFF_NANOS} is handed the lock at the next release, and no other thread
 * barges past it (the kernel's {@code MUTEX_FLAG_HANDOFF}). Without it, a thread that releases
 * and takes the lock again at once can win every race against the waiter its release wakes.
 *
 * <p>In each scenario this thread is the barger: it holds the mutex, releases it and takes it
 * straight back, over and over, until the waiter (first in line all along) asks for the hand-off.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MutexHandoffTest {

  private static final long WAIT_MILLIS = 10_000;

  @Test
  void aWaiterFirstInLinePastTheBoundIsHandedTheLockAndNoOneBargesPastIt() throws Exception {
    Mutex<long[]> mutex = new Mutex<>(new long[1]);
    MutexState.Sync sync = ((MutexState) mutex.state).sync;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong waiterAcquisitions = new AtomicLong();
    Guard<long[], MutexBackend> held = mutex.lock();
    Thread waiter =
        daemon(
            "waiter",
            () -> {
              while (!stop.get()) {
                try (Guard<long[], MutexBackend> g = mutex.lock()) {
                  g.get()[0]++;
                  waiterAcquisitions.incrementAndGet();
                }
              }
            });
    awaitTrue(() -> sync.getFirstQueuedThread() == waiter, "the waiter queued");
    held = bargeUntilHandedTo(mutex, sync, waiter, held);
    assertTrue(mutex.state.toString().contains("handed to waiter next"), mutex.state.toString());
    long before = waiterAcquisitions.get();

    held.close();
    // Reserved for the waiter: no one barges past it. A barger gets the lock only after the
    // waiter had it (this thread may be descheduled here long enough for the waiter's turn).
    try (Guard<long[], MutexBackend> barger = mutex.tryLock()) {
      assertTrue(
          barger == null || waiterAcquisitions.get() > before,
          "a barger took a lock handed to the waiter");
    }
    awaitTrue(() -> waiterAcquisitions.get() > before, "the waiter got the lock");
    stop.set(true);
    waiter.join(WAIT_MILLIS);
    assertFalse(waiter.isAlive());
    try (Guard<long[], MutexBackend> g = mutex.lock()) {
      assertEquals(waiterAcquisitions.get(), g.get()[0]);
    }
    assertNull(sync.handedTo());
  }

  @Test
  void aTimedWaiterThatAskedAndGaveUpWithdrawsAndTheNextGetsTheLock() throws Exception {
    Mutex<long[]> mutex = new Mutex<>(new long[1]);
    MutexState.Sync sync = ((MutexState) mutex.state).sync;
    AtomicReference<Object> outcome = new AtomicReference<>();
    Guard<long[], MutexBackend> held = mutex.lock();
    Thread timed =
        daemon(
            "timed",
            () -> {
              try {
                while (true) {
                  try (Guard<long[], MutexBackend> g = mutex.tryLock(Duration.ofMillis(200))) {
                    if (g == null) {
                      outcome.set("timed out");
                      return;
                    }
                  }
                }
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    awaitTrue(() -> sync.getFirstQueuedThread() == timed, "the timed waiter queued");
    held = bargeUntilHandedTo(mutex, sync, timed, held);
    Thread next = queueBehind(mutex, sync);
    // Held on until the timed waiter gives up.
    timed.join(WAIT_MILLIS);
    assertEquals("timed out", outcome.get());
    assertNextGetsTheLock(mutex, sync, held, next);
  }

  @Test
  void anInterruptedWaiterThatAskedWithdrawsAndTheNextGetsTheLock() throws Exception {
    Mutex<long[]> mutex = new Mutex<>(new long[1]);
    MutexState.Sync sync = ((MutexState) mutex.state).sync;
    AtomicReference<Object> outcome = new AtomicReference<>();
    Guard<long[], MutexBackend> held = mutex.lock();
    Thread interruptible =
        daemon(
            "interruptible",
            () -> {
              try {
                while (true) {
                  try (Guard<long[], MutexBackend> g = mutex.lockInterruptibly()) {
                    g.get();
                  }
                }
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
    awaitTrue(() -> sync.getFirstQueuedThread() == interruptible, "the waiter queued");
    held = bargeUntilHandedTo(mutex, sync, interruptible, held);
    Thread next = queueBehind(mutex, sync);
    interruptible.interrupt();
    interruptible.join(WAIT_MILLIS);
    assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
    assertNextGetsTheLock(mutex, sync, held, next);
  }

  @Test
  void hammeringThreadsKeepExactTotalsAndEveryWaitBounded() throws Exception {
    // Eight threads on one mutex (more than this machine's cores), each taking it back to back;
    // after a warm-up (the first waits include compilation), no wait may exceed a bound far
    // beyond the hand-off threshold, and no update is lost.
    Mutex<long[]> mutex = new Mutex<>(new long[1]);
    AtomicBoolean measuring = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong total = new AtomicLong();
    AtomicLong maxWait = new AtomicLong();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      all.add(
          daemon(
              "hammer-" + t,
              () -> {
                long n = 0;
                while (!stop.get()) {
                  long start = System.nanoTime();
                  try (Guard<long[], MutexBackend> g = mutex.lock()) {
                    long waited = System.nanoTime() - start;
                    if (measuring.get()) {
                      maxWait.accumulateAndGet(waited, Math::max);
                    }
                    g.get()[0]++;
                  }
                  n++;
                }
                total.addAndGet(n);
              }));
    }
    try {
      Thread.sleep(500);
      measuring.set(true);
      Thread.sleep(1_000);
    } finally {
      stop.set(true);
      for (Thread h : all) {
        h.join(WAIT_MILLIS);
      }
    }
    for (Thread h : all) {
      assertFalse(h.isAlive(), h.getName() + " did not stop");
    }
    try (Guard<long[], MutexBackend> g = mutex.lock()) {
      assertEquals(total.get(), g.get()[0], "lost updates");
    }
    assertTrue(
        maxWait.get() <= TimeUnit.SECONDS.toNanos(2),
        "a thread waited " + TimeUnit.NANOSECONDS.toMillis(maxWait.get()) + " ms");
  }

  /**
   * Holds the mutex a little, releases it and takes it straight back, until {@code waiter} has
   * asked for the hand-off; returns the guard this thread holds then.
   */
  private static Guard<long[], MutexBackend> bargeUntilHandedTo(
      Mutex<long[]> mutex, MutexState.Sync sync, Thread waiter, Guard<long[], MutexBackend> held)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    Guard<long[], MutexBackend> g = held;
    while (true) {
      assertTrue(System.nanoTime() - deadline < 0, "the waiter never asked for a hand-off");
      // The waiter, woken by the last release, fails against this hold and may ask now.
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
      if (sync.handedTo() == waiter) {
        return g;
      }
      g.close();
      Guard<long[], MutexBackend> again = mutex.tryLock();
      g = again != null ? again : mutex.lock(); // the waiter won this race: wait our turn
    }
  }

  /**
   * After a withdrawal: nothing is handed to anyone, and once this thread releases, the waiter
   * queued behind takes the lock (its one increment), which is free after it.
   */
  private static void assertNextGetsTheLock(
      Mutex<long[]> mutex, MutexState.Sync sync, Guard<long[], MutexBackend> held, Thread next)
      throws Exception {
    assertNull(sync.handedTo(), "the hand-off outlived the waiter that asked for it");
    held.close();
    next.join(WAIT_MILLIS);
    assertFalse(next.isAlive(), "the waiter behind never got the lock");
    try (Guard<long[], MutexBackend> g = mutex.tryLock()) {
      assertNotNull(g, "free after both");
      assertEquals(1, g.get()[0]);
    }
  }

  /** A thread that takes the mutex once, incrementing its value; queued when this returns. */
  private static Thread queueBehind(Mutex<long[]> mutex, MutexState.Sync sync) throws Exception {
    Thread next =
        daemon(
            "next",
            () -> {
              try (Guard<long[], MutexBackend> g = mutex.lock()) {
                g.get()[0]++;
              }
            });
    awaitTrue(() -> sync.isQueued(next), "the next waiter queued");
    return next;
  }

  private static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void awaitTrue(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() - deadline < 0, "timed out waiting until " + what);
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
    }
  }
}
