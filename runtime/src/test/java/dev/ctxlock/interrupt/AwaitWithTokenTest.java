package dev.ctxlock.interrupt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.testing.Threads;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** awaitInterrupt(token): enable and idle as one step, like the kernel's sti; hlt. */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class AwaitWithTokenTest {

  @Test
  void aHandlerRaisedWhileDisabledIsDeliveredByTheWaitNotLost() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    LocalInterruptDisabled off = LocalInterrupts.disable();
    Thread me = Thread.currentThread();
    // Raised after our "check", before the wait: with awaitInterrupt() after off.close(), close
    // would deliver it and the wait would never end. Here the wait delivers it and returns.
    Threads.onOtherThread(() -> LocalInterrupts.raise(me, ctx -> runs.incrementAndGet()));
    LocalInterrupts.awaitInterrupt(off);
    assertEquals(1, runs.get());
    assertFalse(LocalInterrupts.areDisabled());
    off.close(); // closed already: a no-op
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void idleLoopWithACheckUnderTheLockTerminates() throws Exception {
    SpinLockIrq<int[]> handled = new SpinLockIrq<>(new int[1]);
    int expected = 2_000;
    Thread worker =
        new Thread(
            () -> {
              while (true) {
                LocalInterruptDisabled off = LocalInterrupts.disable();
                boolean done;
                try (Guard<int[], SpinLockBackend> g = handled.lockWith(off)) {
                  done = g.get()[0] == expected;
                }
                if (done) {
                  off.close();
                  return;
                }
                try {
                  LocalInterrupts.awaitInterrupt(off);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    worker.start();
    for (int i = 0; i < expected; i++) {
      LocalInterrupts.raise(
          worker,
          ctx -> {
            try (Guard<int[], SpinLockBackend> g = handled.lockWith(ctx)) {
              g.get()[0]++;
            }
          });
    }
    worker.join(30_000);
    assertFalse(worker.isAlive(), "the idle loop lost a wake-up");
    try (Guard<int[], ?> g = handled.lock()) {
      assertEquals(expected, g.get()[0]);
    }
  }

  @Test
  void refusedWithNothingChangedWhenOtherLevelsAreOpen() {
    LocalInterruptDisabled outer = LocalInterrupts.disable();
    LocalInterruptDisabled inner = LocalInterrupts.disable();
    assertThrows(IllegalStateException.class, () -> LocalInterrupts.awaitInterrupt(inner));
    assertTrue(LocalInterrupts.areDisabled());
    inner.close();
    outer.close();
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void refusedWithNothingChangedWhenAGuardTakenWithTheTokenIsOpen() {
    SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);
    LocalInterruptDisabled off = LocalInterrupts.disable();
    Guard<int[], SpinLockBackend> g = lock.lockWith(off);
    assertThrows(IllegalStateException.class, () -> LocalInterrupts.awaitInterrupt(off));
    assertTrue(LocalInterrupts.areDisabled());
    g.close();
    off.close();
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void refusedForAClosedOrForeignToken() throws Exception {
    LocalInterruptDisabled off = LocalInterrupts.disable();
    assertInstanceOf(
        IllegalStateException.class,
        Threads.onOtherThread(
            () -> {
              try (LocalInterruptDisabled mine = LocalInterrupts.disable()) {
                LocalInterrupts.awaitInterrupt(off);
              } catch (InterruptedException e) {
                throw new AssertionError(e);
              }
            }));
    assertTrue(LocalInterrupts.areDisabled());
    off.close();
    assertThrows(IllegalStateException.class, () -> LocalInterrupts.awaitInterrupt(off));
  }
}
