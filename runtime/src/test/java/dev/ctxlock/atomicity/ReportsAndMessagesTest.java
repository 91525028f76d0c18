package dev.ctxlock.atomicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.BackendWithContext;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A handler that tries to close the token it borrowed breaks its contract even if it catches the
 * exception; and messages name backends by type, since every shipped backend is an enum whose
 * constant prints as {@code INSTANCE}.
 */
class ReportsAndMessagesTest {

  @RegisterExtension final Reports reports = new Reports();

  @Test
  void handlerThatClosesItsBorrowedTokenAndCatchesTheExceptionIsReported() {
    AtomicReference<String> closeOutcome = new AtomicReference<>();
    AtomicReference<LocalInterruptDisabled> borrowed = new AtomicReference<>();
    LocalInterrupts.raise(
        Thread.currentThread(),
        irqOff -> {
          borrowed.set(irqOff);
          closeOutcome.set(Outcomes.of(irqOff::close)); // caught: the handler returns normally
        });
    assertTrue(
        Outcomes.threw(closeOutcome.get(), IllegalStateException.class, "borrowed"),
        closeOutcome.get());
    assertFalse(LocalInterrupts.areDisabled(), "the refused close changed the interrupt count");
    List<String> messages = reports.messages();
    assertEquals(1, messages.size(), messages.toString());
    assertTrue(messages.get(0).contains("tried to close the token it borrowed"), messages.get(0));
    SpinLockIrq<int[]> lock = new SpinLockIrq<>(new int[1]);
    assertThrows(IllegalStateException.class, () -> lock.lockWith(borrowed.get()));
  }

  @Test
  void handlerThatLeavesTheBorrowedTokenAloneIsNotReported() {
    List<String> seen = new ArrayList<>();
    LocalInterrupts.raise(Thread.currentThread(), irqOff -> seen.add(irqOff.toString()));
    assertEquals(1, seen.size());
    assertEquals(List.of(), reports.messages());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  @Test
  void witnessMismatchNamesBothBackendsByType() {
    SpinLock<int[]> spin = new SpinLock<>("spin", new int[1]);
    BackendWithContext irqWitness = SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED;
    Lock raw = spin;
    try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> raw.lockWith(irqWitness, off));
      assertTrue(e.getMessage().contains("dev.ctxlock.sync.SpinLockIrqBackend"), e.getMessage());
      assertTrue(e.getMessage().contains("dev.ctxlock.sync.SpinLockBackend"), e.getMessage());
      assertFalse(e.getMessage().contains("INSTANCE"), e.getMessage());
      IllegalArgumentException t =
          assertThrows(IllegalArgumentException.class, () -> raw.tryLockWith(irqWitness, off));
      assertEquals(e.getMessage(), t.getMessage());
    }
  }

  @Test
  void guardToStringNamesTheBackendThatTookTheLock() {
    SpinLockIrq<int[]> irq = new SpinLockIrq<>("stats", new int[1]);
    Mutex<int[]> mutex = new Mutex<>("table", new int[1]);
    try (Guard<int[], SpinLockIrqBackend> g = irq.lock()) {
      assertEquals("Guard[stats, open, via dev.ctxlock.sync.SpinLockIrqBackend]", g.toString());
    }
    try (LocalInterruptDisabled off = LocalInterrupts.disable();
        Guard<int[], SpinLockBackend> g = irq.lockWith(off)) {
      assertEquals("Guard[stats, open, via dev.ctxlock.sync.SpinLockBackend]", g.toString());
    }
    Guard<int[], MutexBackend> g = mutex.lock();
    g.close();
    assertEquals("Guard[table, closed, via dev.ctxlock.sync.MutexBackend]", g.toString());
  }
}
