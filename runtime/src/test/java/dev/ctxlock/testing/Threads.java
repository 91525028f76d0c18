package dev.ctxlock.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Runs test bodies on real threads that start together, and fails on any thread's failure. */
public final class Threads {

  private Threads() {}

  /** A body run on one of several threads. */
  @FunctionalInterface
  public interface Body {
    void run(int index) throws Exception;
  }

  /**
   * Runs {@code body} on {@code count} threads released together, waits for all (60 s at most),
   * and rethrows the first failure.
   */
  public static void runConcurrently(int count, Body body) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(count);
    CountDownLatch go = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      Thread t =
          new Thread(
              () -> {
                ready.countDown();
                try {
                  go.await();
                  body.run(index);
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "worker-" + i);
      threads.add(t);
      t.start();
    }
    assertTrue(ready.await(30, TimeUnit.SECONDS), "threads did not start");
    go.countDown();
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(60));
      if (t.isAlive()) {
        fail("thread " + t.getName() + " did not finish in 60 s (deadlock or starvation?)");
      }
    }
    if (failure.get() != null) {
      throw new AssertionError("a worker failed", failure.get());
    }
  }

  /** Runs {@code action} on a new thread and returns what it threw, or null. */
  public static Throwable onOtherThread(Runnable action) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                action.run();
              } catch (Throwable e) {
                thrown.set(e);
              }
            },
            "other");
    t.start();
    t.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(!t.isAlive(), "other thread hung");
    return thrown.get();
  }

  /** An action that may throw. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /**
   * Runs {@code other} on a new thread named "other" while this thread runs {@code here}, waits
   * for the other thread (30 s at most), and returns the first failure of either, or null.
   */
  public static Throwable onOtherThread(Action other, Action here) throws InterruptedException {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                other.run();
              } catch (Throwable e) {
                thrown.compareAndSet(null, e);
              }
            },
            "other");
    t.start();
    try {
      here.run();
    } catch (Throwable e) {
      thrown.compareAndSet(null, e);
      t.interrupt();
    }
    t.join(TimeUnit.SECONDS.toMillis(30));
    assertTrue(!t.isAlive(), "other thread hung");
    return thrown.get();
  }
}
