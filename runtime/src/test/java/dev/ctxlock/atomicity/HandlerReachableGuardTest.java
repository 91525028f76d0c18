package dev.ctxlock.atomicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.testing.Threads;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An irq guard's release re-enables interrupts and delivers pending handlers right there. A
 * handler that can reach the guard (through a field, a queue, a closure) must then find it
 * unusable: inside {@code runUnlocked} the lock is free and another holder may be inside, and
 * after {@code close()} the guard is gone for good.
 */
class HandlerReachableGuardTest {

  @RegisterExtension final Reports reports = new Reports();

  private final SpinLockIrq<int[]> counter = new SpinLockIrq<>("counter", new int[1]);
  private final AtomicReference<Guard<int[], SpinLockIrqBackend>> reachable =
      new AtomicReference<>();
  private final Outcomes inHandler = new Outcomes();

  @Test
  void handlerDeliveredInsideRunUnlockedCannotUseTheGuardWhileAnotherHolderIsInside() {
    try (Guard<int[], SpinLockIrqBackend> g = counter.lock()) {
      reachable.set(g);
      LocalInterrupts.raise(
          Thread.currentThread(),
          irqOff -> {
            // The lock is free now: the handler takes it with its own token...
            try (Guard<int[], SpinLockBackend> other = counter.tryLockWith(irqOff)) {
              inHandler.record("tryLockWith", () -> other.get()[0]++);
              // ...and the suspended guard must not give access to the same value meanwhile.
              Guard<int[], SpinLockIrqBackend> suspended = reachable.get();
              inHandler.record("get", suspended::get);
              inHandler.record("set", () -> suspended.set(new int[] {-1}));
            }
          });
      assertEquals(List.of(), inHandler.list(), "delivered while the irq lock was held");
      g.runUnlocked(() -> assertEquals(3, inHandler.list().size(), "not delivered at the release"));
      g.get()[0]++;
    }
    List<String> seen = inHandler.list();
    assertEquals("tryLockWith -> ok", seen.get(0));
    assertUnusableInsideRunUnlocked(seen.get(1));
    assertUnusableInsideRunUnlocked(seen.get(2));
    try (Guard<int[], SpinLockIrqBackend> g = counter.lock()) {
      assertEquals(2, g.get()[0], "the handler's set() replaced the protected value");
    }
    assertEquals(List.of(), reports.messages());
  }

  @Test
  void handlerThatClosesTheGuardInsideRunUnlockedCannotMakeItComeBackOpen() throws Exception {
    Guard<int[], SpinLockIrqBackend> g = counter.lock();
    reachable.set(g);
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          Guard<int[], SpinLockIrqBackend> suspended = reachable.get();
          inHandler.record("close", suspended::close);
          inHandler.record("close again", suspended::close); // not a silent no-op: never closed
          inHandler.record("toString", () -> {
            if (!suspended.toString().contains("unlocked")) {
              throw new AssertionError(suspended.toString());
            }
          });
        });
    g.runUnlocked(() -> {});
    List<String> seen = inHandler.list();
    assertEquals(3, seen.size(), seen.toString());
    assertUnusableInsideRunUnlocked(seen.get(0));
    assertUnusableInsideRunUnlocked(seen.get(1));
    assertEquals("toString -> ok", seen.get(2));
    // The guard holds the lock again and is the one way to release it.
    g.get()[0] = 7;
    assertTrue(LocalInterrupts.areDisabled(), "the relocked irq guard re-disables interrupts");
    assertNull(Threads.onOtherThread(() -> assertNull(counter.tryLock(), "the lock is free")));
    g.close();
    assertFalse(LocalInterrupts.areDisabled());
    assertFree();
    assertEquals(List.of(), reports.messages());
  }

  @Test
  void handlerDeliveredByCloseFindsTheGuardClosedAndTheLockFree() throws Exception {
    Guard<int[], SpinLockIrqBackend> g = counter.lock();
    reachable.set(g);
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          Guard<int[], SpinLockIrqBackend> closing = reachable.get();
          inHandler.record("get", closing::get);
          inHandler.record("close", closing::close); // a repeated close: a no-op
          try (Guard<int[], SpinLockBackend> other = counter.tryLockWith(irqOff)) {
            inHandler.record("tryLockWith", () -> other.get()[0]++);
          }
        });
    g.close();
    List<String> seen = inHandler.list();
    assertEquals(3, seen.size(), seen.toString());
    assertTrue(
        Outcomes.threw(seen.get(0), IllegalStateException.class, "it is closed"), seen.get(0));
    assertEquals("close -> ok", seen.get(1));
    assertEquals("tryLockWith -> ok", seen.get(2));
    assertFalse(LocalInterrupts.areDisabled());
    assertFree();
    assertEquals(List.of(), reports.messages());
  }

  private static void assertUnusableInsideRunUnlocked(String outcome) {
    assertTrue(
        Outcomes.threw(outcome, IllegalStateException.class, "inside its own callUnlocked"),
        outcome);
  }

  private void assertFree() throws InterruptedException {
    assertNull(
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], SpinLockIrqBackend> g = counter.tryLock()) {
                if (g == null) {
                  throw new AssertionError("the lock is still held");
                }
              }
            }));
  }
}
