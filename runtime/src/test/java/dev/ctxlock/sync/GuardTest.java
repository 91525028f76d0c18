package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.testing.Threads;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardTest {

  private final SpinLock<List<String>> lock = new SpinLock<>("names", new ArrayList<>());

  /** The lock is free: another thread can take it at once. */
  private void assertFree() throws InterruptedException {
    Throwable t =
        Threads.onOtherThread(
            () -> {
              try (Guard<List<String>, SpinLockBackend> g = lock.tryLock()) {
                assertNotNull(g, "lock should be free");
              }
            });
    if (t != null) {
      throw new AssertionError(t);
    }
  }

  private void assertHeldElsewhere() throws InterruptedException {
    Throwable t = Threads.onOtherThread(() -> assertNull(lock.tryLock(), "lock should be held"));
    if (t != null) {
      throw new AssertionError(t);
    }
  }

  @Test
  void getSetAndLockRef() {
    try (Guard<List<String>, SpinLockBackend> g = lock.lock()) {
      g.get().add("a");
      List<String> replacement = new ArrayList<>(List.of("b"));
      g.set(replacement);
      assertSame(replacement, g.get());
      assertSame(lock, g.lockRef());
    }
    try (Guard<List<String>, SpinLockBackend> g = lock.lock()) {
      assertEquals(List.of("b"), g.get());
    }
  }

  @Test
  void closeReleasesOnceAndSecondCloseIsNoOp() throws Exception {
    Guard<List<String>, SpinLockBackend> g = lock.lock();
    assertHeldElsewhere();
    g.close();
    assertFree();
    Guard<List<String>, SpinLockBackend> other = lock.lock(); // held again by a new guard
    g.close(); // must not release other's hold
    assertHeldElsewhere();
    other.close();
  }

  @Test
  void useAfterCloseThrows() {
    Guard<List<String>, SpinLockBackend> g = lock.lock();
    g.close();
    assertThrows(IllegalStateException.class, g::get);
    assertThrows(IllegalStateException.class, () -> g.set(List.of()));
    assertThrows(IllegalStateException.class, () -> g.runUnlocked(() -> {}));
  }

  @Test
  void guardIsConfinedToItsThread() throws Exception {
    try (Guard<List<String>, SpinLockBackend> g = lock.lock()) {
      assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(g::get));
      assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(() -> g.set(null)));
      assertInstanceOf(IllegalStateException.class, Threads.onOtherThread(g::close));
      assertHeldElsewhere(); // the foreign close changed nothing
      assertNotNull(g.get());
    }
    assertFree();
  }

  @Test
  void runUnlockedReleasesThenRelocks() throws Exception {
    try (Guard<List<String>, SpinLockBackend> g = lock.lock()) {
      g.runUnlocked(this::assertFree);
      assertHeldElsewhere();
      g.get().add("still usable");
    }
    assertFree();
  }

  @Test
  void callUnlockedReturnsTheActionsResult() {
    try (Guard<List<String>, SpinLockBackend> g = lock.lock()) {
      assertEquals(42, (int) g.callUnlocked(() -> 42));
    }
  }

  @Test
  void guardIsUnusableInsideItsOwnAction() throws Exception {
    try (Guard<List<String>, SpinLockBackend> g = lock.lock()) {
      g.runUnlocked(
          () -> {
            assertThrows(IllegalStateException.class, g::get);
            assertThrows(IllegalStateException.class, () -> g.set(null));
            assertThrows(IllegalStateException.class, g::close);
            assertThrows(IllegalStateException.class, () -> g.runUnlocked(() -> {}));
            assertThrows(IllegalStateException.class, () -> g.callUnlocked(() -> 1));
          });
      // None of the refused calls changed anything: the guard holds the lock again.
      assertHeldElsewhere();
      assertNotNull(g.get());
    }
    assertFree();
  }

  @Test
  void throwingActionKeepsItsExceptionAndRelocks() throws Exception {
    try (Guard<List<String>, SpinLockBackend> g = lock.lock()) {
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  g.runUnlocked(
                      () -> {
                        throw new IOException("boom");
                      }));
      assertEquals("boom", e.getMessage());
      assertHeldElsewhere();
      g.get().add("x");
    }
    assertFree();
  }

  @Test
  void failedRelockClosesTheGuardAndKeepsTheActionsExceptionPrimary() throws Exception {
    Guard<List<String>, SpinLockBackend> g = lock.lock();
    Guard<?, ?>[] leaked = new Guard<?, ?>[1];
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                g.runUnlocked(
                    () -> {
                      leaked[0] = lock.lock(); // the action takes the lock and keeps it
                      throw new IllegalArgumentException("action");
                    }));
    assertEquals(1, e.getSuppressed().length);
    assertInstanceOf(IllegalStateException.class, e.getSuppressed()[0]);
    assertThrows(IllegalStateException.class, g::get); // closed
    g.close(); // no-op: must not release the leaked guard's hold
    assertHeldElsewhere();
    leaked[0].close();
    assertFree();
  }

  @Test
  void failedRelockWithoutActionExceptionThrowsTheRelockFailure() {
    Guard<List<String>, SpinLockBackend> g = lock.lock();
    Guard<?, ?>[] leaked = new Guard<?, ?>[1];
    assertThrows(IllegalStateException.class, () -> g.runUnlocked(() -> leaked[0] = lock.lock()));
    assertThrows(IllegalStateException.class, g::get);
    leaked[0].close();
    try (Guard<List<String>, SpinLockBackend> again = lock.tryLock()) {
      assertTrue(again != null, "the failed relock left the lock held");
    }
  }

  /**
   * Guard's instance fields stay non-final: a final one makes the constructor end in a release
   * barrier that keeps C2 from devirtualizing the release in close() under a polluted profile
   * (docs/performance.md, "Polluted profile"; measured with UncontendedPolluted).
   */
  @Test
  void instanceFieldsAreNotFinalSoTheReleaseInlines() {
    for (Field f : Guard.class.getDeclaredFields()) {
      int m = f.getModifiers();
      if (!Modifier.isStatic(m)) {
        assertFalse(Modifier.isFinal(m), "Guard." + f.getName() + " is final");
      }
    }
  }
}
