package dev.ctxlock.interrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.testing.Threads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class LocalInterruptsTest {

  /** What reached this thread's uncaught-exception handler. */
  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());

  private Thread.UncaughtExceptionHandler previous;

  @BeforeEach
  void captureReports() {
    previous = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
    assertFalse(LocalInterrupts.areDisabled(), "a previous test leaked a level");
  }

  @AfterEach
  void restore() {
    Thread.currentThread().setUncaughtExceptionHandler(previous);
    assertFalse(LocalInterrupts.areDisabled(), "this test leaked a level");
  }

  @Test
  void disableIsCountedAndOutOfOrderCloseKeepsTheCount() {
    LocalInterruptDisabled a = LocalInterrupts.disable();
    LocalInterruptDisabled b = LocalInterrupts.disable();
    assertTrue(LocalInterrupts.areDisabled());
    a.close(); // out of order: b is still open
    assertTrue(LocalInterrupts.areDisabled(), "closing the outer token first re-enabled early");
    a.close(); // no-op
    assertTrue(LocalInterrupts.areDisabled());
    b.close();
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void raiseOnSelfWithInterruptsEnabledRunsAtOnce() {
    AtomicInteger runs = new AtomicInteger();
    assertTrue(
        LocalInterrupts.raise(
            Thread.currentThread(),
            ctx -> {
              assertTrue(LocalInterrupts.areDisabled(), "handlers run with interrupts disabled");
              runs.incrementAndGet();
            }));
    assertEquals(1, runs.get());
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void raiseOnSelfWhileDisabledWaitsForTheCountToReachZero() {
    List<String> log = new ArrayList<>();
    LocalInterruptDisabled outer = LocalInterrupts.disable();
    LocalInterruptDisabled inner = LocalInterrupts.disable();
    LocalInterrupts.raise(Thread.currentThread(), ctx -> log.add("first"));
    LocalInterrupts.raise(Thread.currentThread(), ctx -> log.add("second"));
    LocalInterrupts.deliverPending(); // not a delivery point while disabled
    inner.close();
    assertEquals(List.of(), log);
    outer.close(); // count back to zero: delivered here, in raise order
    assertEquals(List.of("first", "second"), log);
  }

  @Test
  void handlersFromAnotherThreadWaitForADeliveryPointInFifoOrder() throws Exception {
    List<Integer> log = new ArrayList<>();
    Thread me = Thread.currentThread();
    Throwable t =
        Threads.onOtherThread(
            () -> {
              for (int i = 0; i < 5; i++) {
                int n = i;
                assertTrue(LocalInterrupts.raise(me, ctx -> log.add(n)));
              }
            });
    assertNull(t);
    assertEquals(List.of(), log, "delivered without a delivery point");
    LocalInterrupts.deliverPending();
    assertEquals(List.of(0, 1, 2, 3, 4), log);
    LocalInterrupts.deliverPending();
    assertEquals(5, log.size(), "delivered twice");
  }

  @Test
  void awaitInterruptIdlesUntilOneIsRaised() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    Thread me = Thread.currentThread();
    Thread raiser =
        new Thread(
            () -> {
              try {
                Thread.sleep(50);
              } catch (InterruptedException e) {
                return;
              }
              LocalInterrupts.raise(me, ctx -> runs.incrementAndGet());
            });
    raiser.start();
    LocalInterrupts.awaitInterrupt();
    assertEquals(1, runs.get());
    raiser.join();
  }

  @Test
  void awaitInterruptWithInterruptsDisabledIsRefused() {
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      assertThrows(IllegalStateException.class, LocalInterrupts::awaitInterrupt);
      assertTrue(LocalInterrupts.areDisabled());
    }
  }

  @Test
  void threadInterruptEndsAwaitInterruptAndClearsTheStatus() {
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, LocalInterrupts::awaitInterrupt);
    assertFalse(Thread.currentThread().isInterrupted());
  }

  @Test
  void handlerExceptionsAreReportedAndDeliveryGoesOn() {
    AtomicInteger runs = new AtomicInteger();
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      LocalInterrupts.raise(
          Thread.currentThread(),
          ctx -> {
            throw new IllegalArgumentException("handler failed");
          });
      LocalInterrupts.raise(Thread.currentThread(), ctx -> runs.incrementAndGet());
    } // close() is the delivery point: it must not throw
    assertEquals(1, runs.get());
    assertEquals(1, reported.size());
    assertEquals("handler failed", reported.get(0).getMessage());
  }

  @Test
  @SuppressWarnings("CtxlockHandlerClosesToken") // the misuse under test
  void handlerCannotCloseItsBorrowedToken() {
    AtomicReference<Throwable> closeFailure = new AtomicReference<>();
    LocalInterrupts.raise(
        Thread.currentThread(),
        ctx -> {
          try {
            ctx.close();
          } catch (IllegalStateException e) {
            closeFailure.set(e);
          }
          assertTrue(LocalInterrupts.areDisabled(), "the refused close changed the count");
        });
    assertInstanceOf(IllegalStateException.class, closeFailure.get());
    // Caught or not, closing a borrowed token breaks the handler's contract: it is reported.
    assertEquals(1, reported.size(), reported.toString());
    assertTrue(
        reported.get(0).getMessage().contains("tried to close the token it borrowed"),
        reported.get(0).getMessage());
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void handlerThatLeaksALevelIsReportedAndTheLevelIsVoid() {
    AtomicReference<LocalInterruptDisabled> leaked = new AtomicReference<>();
    AtomicInteger next = new AtomicInteger();
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      LocalInterrupts.raise(Thread.currentThread(), ctx -> leaked.set(LocalInterrupts.disable()));
      LocalInterrupts.raise(Thread.currentThread(), ctx -> next.incrementAndGet());
    }
    assertFalse(LocalInterrupts.areDisabled(), "the count was not restored");
    assertEquals(1, next.get(), "the next handler did not run");
    assertEquals(1, reported.size());
    assertInstanceOf(IllegalStateException.class, reported.get(0));
    // Releasing the void level later changes nothing, even with another level open.
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      leaked.get().close();
      assertTrue(LocalInterrupts.areDisabled());
    }
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void assumeDisabledChecksThenCountsALevel() {
    assertThrows(IllegalStateException.class, LocalInterrupts::assumeDisabled);
    assertFalse(LocalInterrupts.areDisabled());
    LocalInterruptDisabled off = LocalInterrupts.disable();
    LocalInterruptDisabled assumed = LocalInterrupts.assumeDisabled();
    off.close();
    assertTrue(LocalInterrupts.areDisabled(), "assumeDisabled() must hold its own level");
    assumed.close();
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void tokensAreConfinedToTheirThread() throws Exception {
    LocalInterruptDisabled off = LocalInterrupts.disable();
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(off::close));
    assertTrue(LocalInterrupts.areDisabled());
    off.close();
  }

  @Test
  void raiseOnATerminatedThreadReturnsFalse() throws Exception {
    Thread t = new Thread(() -> {});
    t.start();
    t.join();
    assertFalse(LocalInterrupts.raise(t, ctx -> {}));
  }

  @Test
  void everyRaisedHandlerRunsExactlyOnceAndNeverWhileDisabled() throws Exception {
    int raisers = 4;
    int perRaiser = 5_000;
    int total = raisers * perRaiser;
    AtomicInteger[] runs = new AtomicInteger[total];
    for (int i = 0; i < total; i++) {
      runs[i] = new AtomicInteger();
    }
    AtomicBoolean violated = new AtomicBoolean();
    AtomicInteger delivered = new AtomicInteger();
    CountDownLatch workerReady = new CountDownLatch(1);
    AtomicReference<Throwable> workerFailure = new AtomicReference<>();
    // Written and read only by the worker: true while its own top-level code holds a level.
    boolean[] insideDisabledRegion = new boolean[1];
    Thread worker =
        new Thread(
            () -> {
              workerReady.countDown();
              try {
                int round = 0;
                while (delivered.get() < total) {
                  switch (round++ % 3) {
                    case 0:
                      try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
                        insideDisabledRegion[0] = true;
                        Thread.onSpinWait();
                        insideDisabledRegion[0] = false;
                      }
                      break;
                    case 1:
                      LocalInterrupts.deliverPending();
                      break;
                    default:
                      if (delivered.get() < total) {
                        LocalInterrupts.awaitInterrupt();
                      }
                  }
                }
              } catch (Throwable e) {
                workerFailure.set(e);
              }
            },
            "irq-worker");
    worker.start();
    assertTrue(workerReady.await(10, TimeUnit.SECONDS));
    Threads.runConcurrently(
        raisers,
        r -> {
          for (int n = 0; n < perRaiser; n++) {
            int id = r * perRaiser + n;
            assertTrue(
                LocalInterrupts.raise(
                    worker,
                    ctx -> {
                      if (insideDisabledRegion[0]) {
                        violated.set(true);
                      }
                      runs[id].incrementAndGet();
                      delivered.incrementAndGet();
                    }));
          }
        });
    worker.join(60_000);
    assertFalse(worker.isAlive(), "worker did not receive every handler");
    assertNull(workerFailure.get());
    assertFalse(violated.get(), "a handler ran while the worker had interrupts disabled");
    for (int i = 0; i < total; i++) {
      assertEquals(1, runs[i].get(), "handler " + i);
    }
  }
}
