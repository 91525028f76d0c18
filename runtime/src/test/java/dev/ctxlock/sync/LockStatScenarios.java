package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxlock.testing.Threads;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * Contention by construction, for the lock statistics' tests: a holder on another thread that
 * releases only once the waiter is parked inside its acquisition (so the waiter's first attempt
 * failed, for sure), and then a fixed time later (so the wait and the hold are at least that).
 * The waiting and holding happen in {@link #waitHere} and {@link #holdWhileWaited}, the call
 * sites the statistics must name.
 */
final class LockStatScenarios {

  private LockStatScenarios() {}

  /** How a waiter takes a lock. */
  @FunctionalInterface
  interface Taker {
    @Nullable Guard<int[], ?> take(Lock<int[], ?> lock) throws Exception;
  }

  /** The row of {@code lockClass} in a fresh snapshot, or null. */
  static LockStat.@Nullable ClassStat row(String lockClass) {
    for (LockStat.ClassStat s : LockStat.snapshot()) {
      if (s.lockClass().equals(lockClass)) {
        return s;
      }
    }
    return null;
  }

  /** The row name of a lock put in class {@code className} (see {@link LockValidator#setClass}). */
  static String classOf(String firstLockName, String className) {
    return firstLockName + " (class " + className + ")";
  }

  /**
   * Another thread holds {@code lock} until this thread is parked in {@code taker}'s acquisition,
   * then {@code holdMillis} more; this thread waits with {@code taker}.
   *
   * @return whether this thread got the lock
   */
  static boolean contendOnce(Lock<int[], ?> lock, long holdMillis, Taker taker) throws Exception {
    Thread waiter = Thread.currentThread();
    CountDownLatch held = new CountDownLatch(1);
    boolean[] waiting = new boolean[1];
    boolean[] got = new boolean[1];
    Throwable failure =
        Threads.onOtherThread(
            () -> holdWhileWaited(lock, held, () -> awaitParkedIn(waiter, waiting, null), holdMillis),
            () -> {
              assertTrue(held.await(10, TimeUnit.SECONDS), "the holder did not take the lock");
              got[0] = waitHere(lock, taker, waiting);
            });
    assertNull(failure);
    return got[0];
  }

  /** Takes {@code lock} with {@code taker}: the contention point of the waits above. */
  static boolean waitHere(Lock<int[], ?> lock, Taker taker, boolean[] waiting) throws Exception {
    synchronized (waiting) {
      waiting[0] = true;
    }
    try (Guard<int[], ?> g = taker.take(lock)) {
      if (g == null) {
        return false;
      }
      g.get()[0]++;
      return true;
    }
  }

  /** Holds {@code lock} until {@code waited} returns, then {@code millis} more. */
  @SuppressWarnings("try") // a guard held only for its lock
  static void holdWhileWaited(
      Lock<int[], ?> lock, CountDownLatch held, Threads.Action waited, long millis)
      throws Exception {
    try (Guard<int[], ?> g = lock.lock()) {
      held.countDown();
      waited.run();
      Thread.sleep(millis);
    }
  }

  /**
   * Waits (10 s at most) until {@code t} has set {@code flag} and is parked with a blocker other
   * than {@code notOn}: inside the acquisition that follows the flag.
   */
  static void awaitParkedIn(Thread t, boolean[] flag, @Nullable Object notOn) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      boolean set;
      synchronized (flag) {
        set = flag[0];
      }
      Thread.State s = t.getState();
      Object blocker = LockSupport.getBlocker(t);
      if (set
          && (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING)
          && blocker != null
          && blocker != notOn) {
        return;
      }
      Thread.onSpinWait();
    }
    fail(t + " did not wait for the lock within 10 s");
  }

  /** Whether {@code sites} has one entry, in {@code method} of {@code type}'s source file. */
  static boolean namesOnly(List<String> sites, Class<?> type, String method) {
    return sites.size() == 1 && names(sites.get(0), type, method);
  }

  /** Whether {@code site} is {@code Class.method(File.java:line)} for {@code type.method}. */
  static boolean names(String site, Class<?> type, String method) {
    Class<?> top = type;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    return site.matches(
        java.util.regex.Pattern.quote(type.getName() + "." + method + "(" + top.getSimpleName()
                + ".java:")
            + "\\d+\\)");
  }
}
