package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.testing.Threads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The table of misuses a hostile caller tries, one test per row, on a {@code SpinLockIrq}. Each
 * misuse must fail fast and change nothing, which every row checks with one {@link Snapshot}: whether the lock is held
 * (seen from another thread), the exact interrupt-disable depth of this thread (not just
 * enabled/disabled), and the protected value. The rows that GuardTest, ContextTokenTest,
 * SpinLockIrqTest and LocalInterruptsTest check only partly are here with the full snapshot, and
 * the rows they miss are new (double close after another thread took the lock, an action that
 * closes the token, a handler misuse followed by a handler that must still run, a pending handler
 * across out-of-order closes).
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class MisuseTableTest {

  private final SpinLockIrq<long[]> lock = new SpinLockIrq<>("misuse", new long[] {7});
  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());
  private Thread.UncaughtExceptionHandler previous;

  /** What every misuse must leave unchanged. */
  private record Snapshot(boolean held, int depth, long value) {}

  private Snapshot snapshot() throws InterruptedException {
    AtomicReference<Boolean> held = new AtomicReference<>();
    assertNull(
        Threads.onOtherThread(
            () -> {
              Guard<long[], SpinLockIrqBackend> g = lock.tryLock();
              held.set(g == null);
              if (g != null) {
                g.close();
              }
            }));
    return new Snapshot(held.get(), LocalCpu.current().depth(), lock.data[0]);
  }

  @BeforeEach
  void captureReports() {
    previous = Thread.currentThread().getUncaughtExceptionHandler();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
    assertEquals(0, LocalCpu.current().depth(), "a previous test leaked a level");
  }

  @AfterEach
  void restore() throws InterruptedException {
    Thread.currentThread().setUncaughtExceptionHandler(previous);
    assertEquals(0, LocalCpu.current().depth(), "this test leaked a level");
    assertEquals(false, snapshot().held(), "this test left the lock held");
  }

  @Test
  void tokenClosedWithAnOpenGuard() throws Exception {
    try (LocalInterruptDisabled outer = LocalInterrupts.disable();
        LocalInterruptDisabled off = LocalInterrupts.disable()) {
      Guard<long[], SpinLockBackend> g = lock.lockWith(off);
      Snapshot before = snapshot();
      assertEquals(new Snapshot(true, 2, 7), before);
      assertThrows(IllegalStateException.class, off::close);
      assertEquals(before, snapshot());
      g.get()[0]++; // the guard and the token are both still usable
      g.close();
      assertEquals(new Snapshot(false, 2, 8), snapshot());
    }
  }

  @Test
  void tokenUsedOnAnotherThreadOrAfterClose() throws Exception {
    LocalInterruptDisabled off = LocalInterrupts.disable();
    Snapshot before = snapshot();
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(() -> lock.lockWith(off)));
    assertInstanceOf(
        IllegalStateException.class,
        Threads.onOtherThread(() -> assertNull(lock.tryLockWith(off), "taken on another thread")));
    assertInstanceOf(
        IllegalStateException.class,
        Threads.onOtherThread(
            () -> lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)));
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(off::close));
    assertEquals(before, snapshot());
    off.close();
    Snapshot closed = snapshot();
    assertEquals(new Snapshot(false, 0, 7), closed);
    assertThrows(IllegalStateException.class, () -> lock.lockWith(off));
    assertThrows(IllegalStateException.class, () -> lock.tryLockWith(off));
    assertThrows(
        IllegalStateException.class,
        () -> lock.tryLockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off));
    assertEquals(closed, snapshot());
  }

  @Test
  void irqGuardClosedOnAnotherThread() throws Exception {
    Guard<long[], SpinLockIrqBackend> g = lock.lock();
    Snapshot before = snapshot();
    assertEquals(new Snapshot(true, 1, 7), before);
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(g::close));
    assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(() -> g.set(null)));
    assertEquals(before, snapshot());
    g.close();
  }

  @Test
  void guardUsedAfterClose() throws Exception {
    Guard<long[], SpinLockIrqBackend> g = lock.lock();
    g.close();
    Snapshot before = snapshot();
    assertThrows(IllegalStateException.class, g::get);
    assertThrows(IllegalStateException.class, () -> g.set(new long[] {99}));
    assertThrows(IllegalStateException.class, () -> g.runUnlocked(() -> {}));
    assertThrows(IllegalStateException.class, () -> g.callUnlocked(() -> 1));
    assertEquals(before, snapshot());
  }

  /** A second close must not release what another thread took in the meantime. */
  @Test
  void doubleCloseOfAGuardAfterAnotherThreadTookTheLock() throws Exception {
    Guard<long[], SpinLockIrqBackend> g = lock.lock();
    g.close();
    CountDownLatch taken = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread other =
        new Thread(
            () -> {
              try (Guard<long[], SpinLockIrqBackend> h = lock.lock()) {
                h.get()[0]++;
                taken.countDown();
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    other.start();
    assertTrue(taken.await(10, TimeUnit.SECONDS));
    Snapshot before = snapshot();
    g.close(); // no-op
    g.close();
    assertEquals(before, snapshot());
    assertEquals(true, before.held(), "the other thread's hold was released by a stale guard");
    release.countDown();
    other.join(10_000);
  }

  @Test
  void doubleCloseOfATokenReleasesOneLevelOnly() throws Exception {
    LocalInterruptDisabled a = LocalInterrupts.disable();
    LocalInterruptDisabled b = LocalInterrupts.disable();
    a.close();
    Snapshot before = snapshot();
    assertEquals(1, before.depth());
    a.close();
    a.close();
    assertEquals(before, snapshot());
    b.close();
  }

  @Test
  void callUnlockedActionThatThrows() throws Exception {
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      Snapshot before = snapshot();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> g.runUnlocked(() -> {
                assertEquals(new Snapshot(false, 0, 7), snapshot());
                throw new IllegalArgumentException("action");
              }));
      assertEquals("action", e.getMessage());
      assertEquals(before, snapshot());
      g.get()[0]++;
    }
    assertEquals(8, lock.data[0]);
  }

  @Test
  void callUnlockedActionThatClosesOrNestsOnItsGuard() throws Exception {
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      Snapshot before = snapshot();
      g.runUnlocked(
          () -> {
            Snapshot inside = snapshot();
            assertThrows(IllegalStateException.class, g::close);
            assertThrows(IllegalStateException.class, () -> g.runUnlocked(() -> {}));
            assertThrows(IllegalStateException.class, () -> g.callUnlocked(() -> 1));
            assertEquals(inside, snapshot());
          });
      assertEquals(before, snapshot());
    }
  }

  /** The guard is still counted against its token during the action: the token cannot close. */
  @Test
  void callUnlockedActionThatClosesTheToken() throws Exception {
    try (LocalInterruptDisabled off = LocalInterrupts.disable();
        Guard<long[], SpinLockBackend> g = lock.lockWith(off)) {
      Snapshot before = snapshot();
      g.runUnlocked(
          () -> {
            Snapshot inside = snapshot();
            assertEquals(new Snapshot(false, 1, 7), inside);
            assertThrows(IllegalStateException.class, off::close);
            assertEquals(inside, snapshot());
          });
      assertEquals(before, snapshot());
      g.get()[0]++;
    }
    assertEquals(8, lock.data[0]);
  }

  @Test
  void assumeDisabledWithInterruptsEnabled() throws Exception {
    Snapshot before = snapshot();
    assertThrows(IllegalStateException.class, LocalInterrupts::assumeDisabled);
    assertEquals(before, snapshot());
  }

  @Test
  @SuppressWarnings("CtxlockPreferLockWith") // lock() with a token open: one of the paths tried
  void reacquiringAHeldLockByEveryPath() throws Exception {
    try (LocalInterruptDisabled off = LocalInterrupts.disable();
        Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      Snapshot before = snapshot();
      assertEquals(new Snapshot(true, 2, 7), before);
      assertThrows(IllegalStateException.class, lock::lock);
      assertThrows(IllegalStateException.class, () -> lock.lockWith(off));
      assertThrows(
          IllegalStateException.class,
          () -> lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off));
      assertNull(lock.tryLock());
      assertNull(lock.tryLockWith(off));
      assertNull(lock.tryLockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off));
      assertEquals(before, snapshot());
      assertTrue(off.toString().contains("open"), "closing the token comes after g");
      assertNotNull(g.get());
    }
  }

  /**
   * Handlers that throw, close their token, or leak a guard: each reported, the count restored,
   * the protected value as the handler left it, and the next handler still runs.
   */
  @Test
  @SuppressWarnings("CtxlockHandlerClosesToken") // one of the misbehaving handlers
  void misbehavingHandlersAreReportedAndTheNextHandlerRuns() throws Exception {
    SpinLockIrq<long[]> other = new SpinLockIrq<>("other", new long[1]);
    AtomicReference<Guard<long[], SpinLockBackend>> leaked = new AtomicReference<>();
    List<String> ran = new ArrayList<>();
    Snapshot before;
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      Thread me = Thread.currentThread();
      LocalInterrupts.raise(me, ctx -> {
        ran.add("throws");
        throw new IllegalArgumentException("handler");
      });
      LocalInterrupts.raise(me, ctx -> {
        ran.add("closes");
        ctx.close();
      });
      LocalInterrupts.raise(me, ctx -> {
        ran.add("leaks");
        leaked.set(other.lockWith(ctx));
      });
      LocalInterrupts.raise(me, ctx -> {
        ran.add("next");
        try (Guard<long[], SpinLockBackend> g = lock.lockWith(ctx)) {
          g.get()[0]++;
        }
      });
      before = snapshot();
      assertEquals(new Snapshot(false, 1, 7), before);
      assertEquals(List.of(), ran, "a handler ran while interrupts were disabled");
    }
    assertEquals(List.of("throws", "closes", "leaks", "next"), ran);
    assertEquals(new Snapshot(false, 0, 8), snapshot());
    assertEquals(3, reported.size(), reported.toString());
    assertInstanceOf(IllegalArgumentException.class, reported.get(0));
    assertInstanceOf(IllegalStateException.class, reported.get(1));
    assertInstanceOf(IllegalStateException.class, reported.get(2));
    assertTrue(reported.get(2).getMessage().contains("guard"), reported.get(2).getMessage());
    // The leaked guard keeps the other lock until closed, and closing it changes no count.
    assertNull(Threads.onOtherThread(() -> assertNull(other.tryLock())));
    leaked.get().close();
    assertEquals(0, LocalCpu.current().depth());
    assertNull(Threads.onOtherThread(() -> other.tryLock().close()));
  }

  /** Out-of-order closes: the count stays exact and a pending handler waits for the last one. */
  @Test
  void tokensClosedOutOfOrderWithAHandlerPending() throws Exception {
    List<Integer> depthsSeen = new ArrayList<>();
    LocalInterruptDisabled a = LocalInterrupts.disable();
    LocalInterruptDisabled b = LocalInterrupts.disable();
    LocalInterruptDisabled c = LocalInterrupts.disable();
    LocalInterrupts.raise(Thread.currentThread(), ctx -> depthsSeen.add(LocalCpu.current().depth()));
    b.close();
    assertEquals(2, LocalCpu.current().depth());
    a.close();
    assertEquals(1, LocalCpu.current().depth());
    assertEquals(List.of(), depthsSeen, "delivered before the count reached zero");
    c.close();
    assertEquals(List.of(1), depthsSeen, "delivered once, with interrupts disabled inside");
    assertEquals(new Snapshot(false, 0, 7), snapshot());
  }
}
