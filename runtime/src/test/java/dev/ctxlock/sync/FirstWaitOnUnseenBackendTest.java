package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SPEC: a {@code CondVar} wait that would leave interrupts disabled throws with nothing changed.
 * For that, the wait must know, before it releases anything, how many interrupt levels releasing
 * the guard gives back. Where no tool observes acquisitions, a backend's traits stand for its
 * guards once its acquisitions were seen; these tests take the very first lock of a backend class
 * that nothing else in the JVM uses (each test its own classes), so nothing was seen before: the
 * acquisition itself must be observed. Each backend counts its releases, so a wait that released
 * the lock and took it back before refusing is caught without any race.
 */
@Timeout(30)
class FirstWaitOnUnseenBackendTest {

  // Releases per backend, counted by the backends' unlock (each used on one test thread).
  static int wordReleases;
  static int varyingReleases;

  /**
   * Delegates to {@link SpinLockIrqBackend} (takes one interrupt level, gives it back) and counts
   * its releases. Each test that needs a never-seen backend class has its own subclass: the
   * runtime learns a backend's levels per class.
   */
  abstract static class CountingIrqDelegate implements Backend<SpinLockState> {
    int releases;

    @Override
    public SpinLockState newState() {
      return SpinLockIrqBackend.INSTANCE.newState();
    }

    @Override
    public void lock(SpinLockState state) {
      SpinLockIrqBackend.INSTANCE.lock(state);
    }

    @Override
    public boolean tryLock(SpinLockState state) {
      return SpinLockIrqBackend.INSTANCE.tryLock(state);
    }

    @Override
    public void unlock(SpinLockState state) {
      SpinLockIrqBackend.INSTANCE.unlock(state);
      releases++;
    }

    @Override
    public void relock(SpinLockState state) {
      SpinLockIrqBackend.INSTANCE.relock(state);
    }

    @Override
    public void assertIsHeld(SpinLockState state) {
      SpinLockIrqBackend.INSTANCE.assertIsHeld(state);
    }
  }

  /** For the wait that must be refused. */
  @Waits(WaitType.SPIN)
  static final class FreshIrq extends CountingIrqDelegate {
    static final FreshIrq INSTANCE = new FreshIrq();
  }

  /** For the wait that may go on. */
  @Waits(WaitType.SPIN)
  static final class FreshIrqAllowed extends CountingIrqDelegate {
    static final FreshIrqAllowed INSTANCE = new FreshIrqAllowed();
  }

  /** A lock word of its own (a CAS of the owner), leaving interrupts alone. */
  @Waits(WaitType.SPIN)
  enum FreshOwnWord implements Backend<FreshOwnWord.Word> {
    INSTANCE;

    static final class Word {
      final java.util.concurrent.atomic.AtomicReference<Thread> owner =
          new java.util.concurrent.atomic.AtomicReference<>();
    }

    @Override
    public Word newState() {
      return new Word();
    }

    @Override
    public void lock(Word state) {
      while (!tryLock(state)) {
        Thread.onSpinWait();
      }
    }

    @Override
    public boolean tryLock(Word state) {
      return state.owner.compareAndSet(null, Thread.currentThread());
    }

    @Override
    public void unlock(Word state) {
      if (!state.owner.compareAndSet(Thread.currentThread(), null)) {
        throw new IllegalStateException("not held by this thread");
      }
      wordReleases++;
    }

    @Override
    public void assertIsHeld(Word state) {
      if (state.owner.get() != Thread.currentThread()) {
        throw new IllegalStateException("not held by this thread");
      }
    }
  }

  /**
   * Takes one interrupt level or none, as {@link #varyingTakesIrq} says at each acquisition: a
   * backend whose levels vary per call, so that no acquisition stands for another.
   */
  @Waits(WaitType.SPIN)
  enum FreshVarying implements Backend<SpinLockState> {
    INSTANCE;

    private static Backend<SpinLockState> mode(boolean irq) {
      return irq ? SpinLockIrqBackend.INSTANCE : SpinLockBackend.INSTANCE;
    }

    @Override
    public SpinLockState newState() {
      return SpinLockBackend.INSTANCE.newState();
    }

    @Override
    public void lock(SpinLockState state) {
      mode(varyingTakesIrq).lock(state);
      varyingHeldWithIrq = varyingTakesIrq;
    }

    @Override
    public boolean tryLock(SpinLockState state) {
      boolean taken = mode(varyingTakesIrq).tryLock(state);
      if (taken) {
        varyingHeldWithIrq = varyingTakesIrq;
      }
      return taken;
    }

    @Override
    public void unlock(SpinLockState state) {
      mode(varyingHeldWithIrq).unlock(state);
      varyingReleases++;
    }

    @Override
    public void relock(SpinLockState state) {
      mode(varyingHeldWithIrq).relock(state);
    }

    @Override
    public void assertIsHeld(SpinLockState state) {
      mode(varyingHeldWithIrq).assertIsHeld(state);
    }
  }

  static boolean varyingTakesIrq;
  static boolean varyingHeldWithIrq;

  @Test
  // The token is held for the level it holds; the waits in atomic context are the refusals under
  // test.
  @SuppressWarnings({"try", "CtxlockSleepInAtomic"})
  void everyWaitOnABackendWhoseLevelsVaryIsDecidedFromItsOwnAcquisition() throws Exception {
    Lock<int[], FreshVarying> lock =
        new Lock<>(FreshVarying.INSTANCE, "fresh-varying", new int[1]);
    CondVar cv = new CondVar("fresh-varying");
    for (int round = 0; round < 4; round++) {
      // A level taken by the lock: its release gives it back, so the wait goes on.
      varyingTakesIrq = true;
      int before = varyingReleases;
      try (Guard<int[], FreshVarying> g = lock.lock()) {
        assertTrue(LocalInterrupts.areDisabled());
        assertFalse(cv.await(g, Duration.ofMillis(1)), "round " + round + ": should time out");
        assertEquals(before + 1, varyingReleases, "round " + round + ": released once to wait");
      }
      assertFalse(LocalInterrupts.areDisabled());
      // No level taken by the lock, one by a token: refused, with nothing released.
      varyingTakesIrq = false;
      before = varyingReleases;
      try (Guard<int[], FreshVarying> g = lock.lock();
          LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
        assertThrows(
            IllegalStateException.class,
            () -> cv.await(g, Duration.ofMillis(1)),
            "round " + round + ": not refused");
        if (round > 0) {
          // Round 0's acquisition is the first to depart from the constant the backend's
          // acquisitions took until then: only its release shows it (docs/guarantees.md).
          assertEquals(before, varyingReleases, "round " + round + ": released before refusing");
        }
        assertTrue(lock.isHeldByCurrentThread());
      }
    }
  }

  @Test
  // The token is held for the level it holds; the wait in atomic context is the refusal under test.
  @SuppressWarnings({"try", "CtxlockSleepInAtomic"})
  void theFirstWaitOnAnIrqBackendsGuardInsideDisableIsRefusedWithoutReleasing() {
    Lock<int[], FreshIrq> lock = new Lock<>(FreshIrq.INSTANCE, "fresh-irq", new int[1]);
    CondVar cv = new CondVar("fresh-irq");
    try (Guard<int[], FreshIrq> g = lock.lock()) {
      try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
        assertThrows(
            IllegalStateException.class, () -> cv.await(g, Duration.ofMillis(10)), "not refused");
        assertEquals(0, FreshIrq.INSTANCE.releases, "the refused wait released the lock first");
        assertTrue(lock.isHeldByCurrentThread());
        assertTrue(LocalInterrupts.areDisabled());
      }
      assertTrue(LocalInterrupts.areDisabled(), "the lock's own level is still held");
    }
    assertFalse(LocalInterrupts.areDisabled());
    assertEquals(1, FreshIrq.INSTANCE.releases);
  }

  @Test
  // The token is held for the level it holds; the wait in atomic context is the refusal under test.
  @SuppressWarnings({"try", "CtxlockSleepInAtomic"})
  void theFirstWaitOnAnOwnWordBackendsGuardInsideDisableIsRefusedWithoutReleasing() {
    Lock<int[], FreshOwnWord> lock = new Lock<>(FreshOwnWord.INSTANCE, "fresh-word", new int[1]);
    CondVar cv = new CondVar("fresh-word");
    try (Guard<int[], FreshOwnWord> g = lock.lock()) {
      try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
        assertThrows(IllegalStateException.class, () -> cv.awaitUninterruptibly(g), "not refused");
        assertEquals(0, wordReleases, "the refused wait released the lock first");
        assertTrue(lock.isHeldByCurrentThread());
      }
    }
    assertEquals(1, wordReleases);
  }

  @Test
  void theFirstWaitOnAnIrqBackendsGuardWaitsWhenItsReleaseEnablesInterrupts() throws Exception {
    Lock<int[], FreshIrqAllowed> lock =
        new Lock<>(FreshIrqAllowed.INSTANCE, "fresh-irq-allowed", new int[1]);
    CondVar cv = new CondVar("fresh-irq-allowed");
    try (Guard<int[], FreshIrqAllowed> g = lock.lock()) {
      assertTrue(LocalInterrupts.areDisabled(), "the backend disables interrupts");
      assertFalse(cv.await(g, Duration.ofMillis(5)), "nobody signals: the wait times out");
      assertTrue(LocalInterrupts.areDisabled(), "the lock and its level are taken back");
      assertEquals(1, FreshIrqAllowed.INSTANCE.releases, "the wait released the lock once");
    }
    assertFalse(LocalInterrupts.areDisabled());
  }
}
