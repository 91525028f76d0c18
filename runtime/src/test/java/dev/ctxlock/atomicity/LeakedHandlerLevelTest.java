package dev.ctxlock.atomicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler that disables interrupts and returns without closing the token breaks its contract:
 * the runtime reports it and restores the interrupt state. The token it leaked must then prove
 * nothing: interrupts are enabled, so a critical section taken with it would not be protected
 * from handlers.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class LeakedHandlerLevelTest {

  @RegisterExtension final Reports reports = new Reports();

  private final SpinLockIrq<int[]> counter = new SpinLockIrq<>("counter", new int[1]);

  @Test
  void tokenLeakedByAHandlerIsRefusedAndNoHandlerRunsInsideItsCriticalSection() {
    LocalInterruptDisabled leaked = leakFromHandler(1, 0);
    assertFalse(LocalInterrupts.areDisabled(), "the handler's leaked level was not restored");
    assertLeakReported();

    AtomicInteger ranInside = new AtomicInteger();
    String lockWith =
        Outcomes.of(
            () -> {
              try (Guard<int[], SpinLockBackend> g = counter.lockWith(leaked)) {
                // Interrupts are on: a handler raised on this thread now runs at once, inside.
                LocalInterrupts.raise(Thread.currentThread(), irqOff -> ranInside.incrementAndGet());
                g.get()[0]++;
              }
            });
    assertEquals(0, ranInside.get(), "a handler ran inside a section taken with the leaked token");
    assertRefused(lockWith);
    assertRefused(
        Outcomes.of(
            () -> {
              try (Guard<int[], SpinLockBackend> g = counter.tryLockWith(leaked)) {
                throw new AssertionError("tryLockWith accepted the leaked token: " + g);
              }
            }));
    assertRefused(
        Outcomes.of(
            () -> {
              try (Guard<int[], SpinLockBackend> g =
                  counter.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, leaked)) {
                throw new AssertionError("the generic lockWith accepted the leaked token: " + g);
              }
            }));
    leaked.close(); // the level was given back already: closing changes nothing
    assertFalse(LocalInterrupts.areDisabled());
    try (LocalInterruptDisabled fresh = LocalInterrupts.disable();
        Guard<int[], SpinLockBackend> g = counter.lockWith(fresh)) {
      assertEquals(0, g.get()[0], "a refused lockWith changed the protected value");
    }
  }

  @Test
  void everyLevelOfTheHandlerIsVoidWhenItLeaksOne() {
    // The handler takes two levels and closes the second: the first, still open, is leaked.
    LocalInterruptDisabled leaked = leakFromHandler(2, 1);
    assertFalse(LocalInterrupts.areDisabled());
    assertLeakReported();
    assertRefused(Outcomes.of(() -> counter.lockWith(leaked).close()));
    assertTrue(
        Outcomes.threw(
            Outcomes.of(() -> LocalInterrupts.awaitInterrupt(leaked)),
            IllegalStateException.class,
            ""),
        "awaitInterrupt accepted the leaked token");
    assertFalse(LocalInterrupts.areDisabled());
  }

  @Test
  void leakedIrqGuardStillReleasesItsLockWithoutDisturbingTheCount() throws Exception {
    AtomicReference<Guard<int[], ?>> leakedGuard = new AtomicReference<>();
    LocalInterrupts.raise(Thread.currentThread(), irqOff -> leakedGuard.set(counter.lock()));
    assertFalse(LocalInterrupts.areDisabled(), "the level of the leaked irq guard stayed");
    assertLeakReported();
    try (LocalInterruptDisabled outer = LocalInterrupts.disable()) {
      leakedGuard.get().close(); // releases the lock; its level is void, so outer's stays
      assertTrue(LocalInterrupts.areDisabled(), "closing the leaked guard took the outer level");
    }
    assertFalse(LocalInterrupts.areDisabled());
    try (Guard<int[], ?> g = counter.tryLock()) {
      assertTrue(g != null, "the leaked guard's close did not release the lock");
    }
  }

  /**
   * Raises a handler on this thread (delivered at once) that takes {@code levels} levels, closes
   * the last {@code closed} of them, and returns the first.
   */
  private static LocalInterruptDisabled leakFromHandler(int levels, int closed) {
    AtomicReference<LocalInterruptDisabled> first = new AtomicReference<>();
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          LocalInterruptDisabled[] tokens = new LocalInterruptDisabled[levels];
          for (int i = 0; i < levels; i++) {
            tokens[i] = LocalInterrupts.disable();
          }
          for (int i = levels - 1; i >= levels - closed; i--) {
            tokens[i].close();
          }
          first.set(tokens[0]);
        });
    assertTrue(first.get() != null, "the handler did not run at once");
    return first.get();
  }

  private void assertLeakReported() {
    List<String> messages = reports.messages();
    assertEquals(1, messages.size(), messages.toString());
    assertTrue(messages.get(0).startsWith("IllegalStateException"), messages.get(0));
    assertTrue(messages.get(0).contains("left disabled") || messages.get(0).contains("depth"),
        messages.get(0));
  }

  private static void assertRefused(String outcome) {
    assertTrue(Outcomes.threw(outcome, IllegalStateException.class, "refused"), outcome);
  }
}
