package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The spin lock's word names its owner by thread id. These tests pin what that may and may not
 * depend on: mutual exclusion holds whatever ids threads report, and the word tells the two
 * backends and the holder apart.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class SpinLockWordTest {

  /**
   * A thread whose class reports one id for every instance, 0 included: possible before JDK 19,
   * where {@code Thread.getId()} is overridable. From JDK 19 the lock reads the final {@code
   * threadId()} and the override is ignored; the test holds either way.
   */
  private static final class SameIdThread extends Thread {
    private final long reported;

    SameIdThread(Runnable body, long reported, String name) {
      super(body, name);
      this.reported = reported;
    }

    @Override
    @SuppressWarnings("deprecation")
    public long getId() {
      return reported;
    }
  }

  @Test
  void mutualExclusionHoldsWhenThreadsReportTheSameId() throws InterruptedException {
    for (long reportedId : new long[] {0L, 7L, -1L}) {
      SpinLock<long[]> lock = new SpinLock<>("counter", new long[1]);
      int threads = 6; // more threads than cores
      int perThread = 20_000;
      CountDownLatch go = new CountDownLatch(1);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread th =
            new SameIdThread(
                () -> {
                  try {
                    assertTrue(go.await(30, TimeUnit.SECONDS));
                    for (int i = 0; i < perThread; i++) {
                      try (Guard<long[], SpinLockBackend> g = lock.lock()) {
                        long v = g.get()[0];
                        Thread.onSpinWait(); // widen the window a lost update would need
                        g.get()[0] = v + 1;
                      }
                    }
                  } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                  }
                },
                reportedId,
                "same-id-" + t);
        started.add(th);
        th.start();
      }
      go.countDown();
      for (Thread th : started) {
        th.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(th.isAlive(), th.getName() + " did not finish in 60 s");
      }
      if (failure.get() != null) {
        throw new AssertionError("reported id " + reportedId, failure.get());
      }
      try (Guard<long[], SpinLockBackend> g = lock.lock()) {
        assertEquals((long) threads * perThread, g.get()[0], "reported id " + reportedId);
      }
    }
  }

  @Test
  void eachBackendRefusesToReleaseTheOthersAcquisition() {
    SpinLockIrq<long[]> lock = new SpinLockIrq<>("irq", new long[1]);
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> SpinLockBackend.INSTANCE.unlock(((SpinLockState) lock.state)));
      assertTrue(e.getMessage().contains("taken by SpinLockIrqBackend"), e.getMessage());
      assertTrue(lock.isHeldByCurrentThread(), "the refused unlock changed nothing");
      assertTrue(LocalInterrupts.areDisabled());
    }
    assertFalse(LocalInterrupts.areDisabled());
    try (LocalInterruptDisabled off = LocalInterrupts.disable();
        Guard<long[], SpinLockBackend> g = lock.lockWith(off)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class, () -> SpinLockIrqBackend.INSTANCE.unlock(((SpinLockState) lock.state)));
      assertTrue(e.getMessage().contains("taken by SpinLockBackend"), e.getMessage());
      assertTrue(lock.isHeldByCurrentThread(), "the refused unlock changed nothing");
      assertTrue(LocalInterrupts.areDisabled());
    }
    assertFalse(lock.isHeldByCurrentThread());
  }

  @Test
  void irqUnlockOnAnotherThreadChangesNothing() throws InterruptedException {
    SpinLockIrq<long[]> lock = new SpinLockIrq<>("irq", new long[1]);
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread other =
          new Thread(
              () -> {
                try {
                  SpinLockIrqBackend.INSTANCE.unlock(((SpinLockState) lock.state));
                } catch (Throwable t) {
                  thrown.set(t);
                }
              });
      other.start();
      other.join(TimeUnit.SECONDS.toMillis(30));
      assertFalse(other.isAlive());
      assertTrue(thrown.get() instanceof IllegalStateException, String.valueOf(thrown.get()));
      assertTrue(lock.isHeldByCurrentThread());
      assertTrue(LocalInterrupts.areDisabled());
    }
    assertFalse(LocalInterrupts.areDisabled());
    assertNull(((SpinLockState) lock.state).irqCpu, "the CPU reference does not outlive the hold");
  }

  @Test
  void toStringNamesHolderAndMode() {
    SpinLockIrq<long[]> lock = new SpinLockIrq<>("irq", new long[1]);
    assertEquals("SpinLockState[free]", ((SpinLockState) lock.state).toString());
    try (Guard<long[], SpinLockIrqBackend> g = lock.lock()) {
      assertTrue(((SpinLockState) lock.state).toString().endsWith(", interrupts disabled]"), ((SpinLockState) lock.state).toString());
    }
    try (LocalInterruptDisabled off = LocalInterrupts.disable();
        Guard<long[], SpinLockBackend> g = lock.lockWith(off)) {
      assertFalse(((SpinLockState) lock.state).toString().contains("interrupts"), ((SpinLockState) lock.state).toString());
      assertTrue(((SpinLockState) lock.state).toString().startsWith("SpinLockState[held by"));
    }
  }
}
