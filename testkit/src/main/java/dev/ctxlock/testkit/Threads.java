package dev.ctxlock.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The kit's threads: daemon threads whose failure is kept for the test thread to rethrow, and
 * joins and waits that are all bounded by one timeout, so that a deadlock fails the test.
 */
final class Threads {

  /** A body that may throw. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  /** A body run on one of several threads. */
  @FunctionalInterface
  interface IndexedBody {
    void run(int index) throws Exception;
  }

  private final long timeoutSeconds;

  Threads(long timeoutSeconds) {
    this.timeoutSeconds = timeoutSeconds;
  }

  /** Starts a daemon thread running {@code body}; its first failure goes to {@code failure}. */
  static Thread start(String name, Body body, AtomicReference<Throwable> failure) {
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

  /** Waits for {@code t}, then rethrows what it failed with. */
  void join(Thread t, AtomicReference<Throwable> failure) throws InterruptedException {
    t.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
    if (t.isAlive()) {
      fail("thread " + t.getName() + " did not finish in " + timeoutSeconds
          + " s (deadlock or starvation?)");
    }
    rethrow(failure);
  }

  /** Waits for {@code latch} while {@code t} lives; fails with {@code message} otherwise. */
  void await(CountDownLatch latch, Thread t, AtomicReference<Throwable> failure, String message)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (!latch.await(10, TimeUnit.MILLISECONDS)) {
      if (!t.isAlive() || System.nanoTime() > deadline) {
        rethrow(failure);
        fail(message);
      }
    }
  }

  /** Runs {@code body} on {@code count} threads released at once; rethrows the first failure. */
  void runConcurrently(int count, IndexedBody body) throws InterruptedException {
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
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    for (Thread t : threads) {
      t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (t.isAlive()) {
        fail("thread " + t.getName() + " did not finish in " + timeoutSeconds
            + " s (deadlock or starvation?)");
      }
    }
    rethrow(failure);
  }

  static void rethrow(AtomicReference<Throwable> failure) {
    Throwable e = failure.get();
    if (e instanceof Error) {
      throw (Error) e;
    }
    if (e != null) {
      throw new AssertionError(e.toString(), e);
    }
  }
}
