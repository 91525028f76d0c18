package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.testing.Threads;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LockedBy accepts exactly the open guards of its owner on the calling thread. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LockedByTest {

  private final SpinLockIrq<String> owner = new SpinLockIrq<>("owner", "bus");
  private final LockedBy<int[], String> counters = new LockedBy<>(owner, new int[1]);

  @Test
  void everyFormOfTheOwnersGuardGivesAccess() {
    try (Guard<String, SpinLockIrqBackend> g = owner.lock()) {
      counters.get(g)[0]++;
    }
    try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
      try (Guard<String, SpinLockBackend> g = owner.lockWith(irqOff)) {
        counters.get(g)[0]++;
      }
      try (Guard<String, SpinLockBackend> g =
          owner.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)) {
        counters.set(g, new int[] {counters.get(g)[0] + 1});
      }
    }
    try (Guard<String, SpinLockIrqBackend> g = owner.lock()) {
      assertEquals(3, counters.get(g)[0]);
    }
  }

  @Test
  void otherLocksClosedGuardsAndUnlockedGuardsAreRefused() {
    SpinLockIrq<String> other = new SpinLockIrq<>("other", "x");
    try (Guard<String, SpinLockIrqBackend> g = other.lock()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> counters.get(g));
      assertTrue(e.getMessage().contains("owner"), e.getMessage());
      assertThrows(IllegalStateException.class, () -> counters.set(g, null));
    }
    Guard<String, SpinLockIrqBackend> closed = owner.lock();
    closed.close();
    assertThrows(IllegalStateException.class, () -> counters.get(closed));
    try (Guard<String, SpinLockIrqBackend> g = owner.lock()) {
      g.runUnlocked(() -> assertThrows(IllegalStateException.class, () -> counters.get(g)));
      assertThrows(NullPointerException.class, () -> counters.get(null));
      assertEquals(0, counters.get(g)[0]); // nothing changed by the refusals
    }
    assertThrows(NullPointerException.class, () -> new LockedBy<>(null, 1));
  }

  @Test
  void anotherThreadsGuardIsRefused() throws Exception {
    try (Guard<String, SpinLockIrqBackend> g = owner.lock()) {
      Throwable t = Threads.onOtherThread(() -> counters.get(g));
      assertTrue(t instanceof IllegalStateException, String.valueOf(t));
    }
  }

  @Test
  void accessesUnderTheOwnerLockKeepExactTotals() throws Exception {
    Mutex<String> bus = new Mutex<>("bus", "bus");
    LockedBy<long[], String> total = new LockedBy<>(bus, new long[1]);
    int threads = 6;
    int each = 5_000;
    Threads.runConcurrently(
        threads,
        index -> {
          for (int i = 0; i < each; i++) {
            try (Guard<String, MutexBackend> g = bus.lock()) {
              total.get(g)[0]++;
            }
          }
        });
    try (Guard<String, MutexBackend> g = bus.lock()) {
      assertEquals((long) threads * each, total.get(g)[0]);
    }
  }
}
