package dev.ctxlock.atomicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import java.lang.ref.WeakReference;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Handlers still pending when their target thread ends are dropped, and must go with the thread:
 * a handler that refers to its target (a worker that re-raises on itself, a handler logging its
 * thread) must not keep the terminated thread, its emulated CPU and itself reachable.
 *
 * <p>Each case ends its thread inside a helper method, so that no local of the test keeps a
 * reference, then collects with a bounded retry ({@value #GC_ROUNDS} rounds of {@code
 * System.gc()} and a {@value #GC_PAUSE_MILLIS} ms pause).
 */
class TerminatedThreadReachabilityTest {

  private static final int GC_ROUNDS = 50;
  private static final long GC_PAUSE_MILLIS = 20;

  /** A handler that refers to the thread it is raised on, and counts its runs. */
  private static final class RefersToTarget implements InterruptHandler {
    final Thread target;
    final AtomicInteger runs;

    RefersToTarget(Thread target, AtomicInteger runs) {
      this.target = target;
      this.runs = runs;
    }

    @Override
    public void handle(LocalInterruptDisabled context) {
      runs.incrementAndGet();
    }
  }

  @Test
  void threadThatEndsWithInterruptsDisabledAndAHandlerPendingIsCollected() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    WeakReference<?>[] refs = endWithPendingHandler(true, runs);
    awaitCleared(refs);
    assertEquals(0, runs.get(), "the pending handler ran although interrupts stayed disabled");
  }

  @Test
  void threadRaisedOnBeforeItEverUsedCtxlockIsCollectedAfterItEnds() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    WeakReference<?>[] refs = endWithPendingHandler(false, runs);
    awaitCleared(refs);
    assertEquals(0, runs.get(), "the handler ran on a thread that never reached a delivery point");
  }

  /**
   * Starts a thread, raises on it from this thread a handler that refers to it, and lets it end
   * without a delivery point: with a token left open ({@code usesCtxlock}), or without ever
   * calling ctxlock. Returns weak references to the thread and the handler.
   */
  private static WeakReference<?>[] endWithPendingHandler(boolean usesCtxlock, AtomicInteger runs)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(1);
    CountDownLatch raised = new CountDownLatch(1);
    Thread target =
        new Thread(
            () -> {
              if (usesCtxlock) {
                @SuppressWarnings("MustBeClosedChecker") // left open on purpose: ends disabled
                LocalInterruptDisabled neverClosed = LocalInterrupts.disable();
                assertTrue(LocalInterrupts.areDisabled(), neverClosed.toString());
              }
              ready.countDown();
              try {
                raised.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            usesCtxlock ? "ends-disabled" : "never-used-ctxlock");
    target.start();
    assertTrue(ready.await(30, TimeUnit.SECONDS));
    RefersToTarget handler = new RefersToTarget(target, runs);
    assertTrue(LocalInterrupts.raise(target, handler));
    raised.countDown();
    target.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(target.isAlive(), "the target thread did not end");
    assertFalse(LocalInterrupts.raise(target, handler), "raise on a terminated thread");
    return new WeakReference<?>[] {new WeakReference<>(target), new WeakReference<>(handler)};
  }

  /**
   * Collects until every reference is cleared, {@value #GC_ROUNDS} rounds at most. Each round
   * also lets another thread start using ctxlock, as a live application does: a CPU the runtime
   * created for a thread that had not used ctxlock yet is dropped at the next such use after the
   * thread ended.
   */
  private static void awaitCleared(WeakReference<?>... refs) throws InterruptedException {
    for (int round = 0; round < GC_ROUNDS; round++) {
      if (allCleared(refs)) {
        return;
      }
      Thread other = new Thread(LocalInterrupts::deliverPending, "other-ctxlock-user");
      other.start();
      other.join(TimeUnit.SECONDS.toMillis(30));
      System.gc();
      Thread.sleep(GC_PAUSE_MILLIS);
    }
    if (!allCleared(refs)) {
      fail(
          "still reachable after " + GC_ROUNDS + " collections: thread cleared="
              + (refs[0].get() == null) + ", handler cleared=" + (refs[1].get() == null));
    }
  }

  private static boolean allCleared(WeakReference<?>... refs) {
    for (WeakReference<?> ref : refs) {
      if (ref.get() != null) {
        return false;
      }
    }
    return true;
  }
}
