package dev.ctxlock.processor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxlock.sync.Guard;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The timed methods the processor generated for {@link WaitingBackend} ({@code Waiting<T>}: timed
 * backend, one timed and one untimed contextual backend) and {@link NoisyBackend} ({@code
 * Noisy<T>}: untimed backend, one timed contextual backend), run against the real runtime. Timeouts
 * are checked against a deadline, never for speed; every wait is bounded.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimedLockRuntimeTest {

  private static final Duration SHORT = Duration.ofMillis(50);
  private static final long JOIN_MILLIS = 10_000;

  private final Waiting<List<String>> waiting = new Waiting<>("waiting", new ArrayList<>());
  private final Noisy<List<String>> noisy = new Noisy<>("noisy", new ArrayList<>());
  private final List<Thread> started = new ArrayList<>();

  @AfterEach
  void stopHolders() throws InterruptedException {
    for (Thread t : started) {
      t.interrupt();
      t.join(JOIN_MILLIS);
      assertFalse(t.isAlive(), t.getName() + " did not stop");
    }
  }

  @Test
  void timedMethodsExistExactlyWhereTheBackendIsTimed() throws NoSuchMethodException {
    assertTrue(hasMethod(Waiting.class, "tryLock", Duration.class));
    assertTrue(hasMethod(Waiting.class, "lockInterruptibly"));
    assertTrue(hasMethod(Waiting.class, "tryLockWith", Quiet.class, Duration.class));
    assertFalse(
        hasMethod(Waiting.class, "tryLockWith", Permission.class, Duration.class),
        "FlagBackend, Permission's contextual backend, is not timed");
    assertFalse(hasMethod(Noisy.class, "tryLock", Duration.class), "NoisyBackend is not timed");
    assertFalse(hasMethod(Noisy.class, "lockInterruptibly"));
    assertTrue(hasMethod(Noisy.class, "tryLockWith", Ticket.class, Duration.class));
    assertFalse(hasMethod(Noisy.class, "tryLockWith", Quiet.class, Duration.class));
    Method timedTry = Waiting.class.getMethod("tryLock", Duration.class);
    assertEquals(List.of(InterruptedException.class), List.of(timedTry.getExceptionTypes()));
  }

  @Test
  void tryLockWithATimeoutTakesAFreeLock() throws InterruptedException {
    try (Guard<List<String>, WaitingBackend> guard = waiting.tryLock(SHORT)) {
      assertNotNull(guard);
      guard.get().add("x");
    }
    try (Guard<List<String>, WaitingBackend> guard = waiting.lockInterruptibly()) {
      assertEquals(List.of("x"), guard.get());
    }
  }

  @Test
  void tryLockWithATimeoutOnAHeldLockGivesUpAfterTheTimeoutWithNothingChanged()
      throws Exception {
    CountDownLatch release = holdOnAnotherThread(waiting);
    long start = System.nanoTime();
    try (Guard<List<String>, WaitingBackend> guard = waiting.tryLock(SHORT)) {
      assertNull(guard);
    }
    assertTrue(System.nanoTime() - start >= SHORT.toNanos(), "gave up before the timeout");
    try (Quiet quiet = Quiet.enter();
        Guard<List<String>, TimedFlagBackend> guard = waiting.tryLockWith(quiet, SHORT)) {
      assertNull(guard);
    } // closing the token proves no guard was counted against it
    assertNull(waiting.tryLock(), "the holder's lock must still be held");
    release.countDown();
    awaitFree(waiting);
  }

  @Test
  void lockInterruptiblyWithTheStatusSetThrowsAndClearsItWithNothingTaken() {
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> waiting.lockInterruptibly().close());
    assertFalse(Thread.interrupted(), "the interrupt status must be cleared");
    Thread.currentThread().interrupt();
    assertThrows(InterruptedException.class, () -> closeIfAny(waiting.tryLock(SHORT)));
    assertFalse(Thread.interrupted());
    try (Quiet quiet = Quiet.enter()) {
      Thread.currentThread().interrupt();
      assertThrows(
          InterruptedException.class, () -> closeIfAny(waiting.tryLockWith(quiet, SHORT)));
      assertFalse(Thread.interrupted());
    }
    try (Guard<List<String>, WaitingBackend> guard = waiting.tryLock()) {
      assertNotNull(guard, "an interrupted acquisition must leave the lock free");
    }
  }

  @Test
  void lockInterruptiblyInterruptedWhileWaitingThrowsAndLeavesTheHolderAlone() throws Exception {
    CountDownLatch release = holdOnAnotherThread(waiting);
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    AtomicReference<Boolean> statusAfter = new AtomicReference<>();
    CountDownLatch started_ = new CountDownLatch(1);
    Thread waiter =
        new Thread(
            () -> {
              started_.countDown();
              try (Guard<List<String>, WaitingBackend> guard = waiting.lockInterruptibly()) {
                guard.get().add("must not happen");
              } catch (Throwable t) {
                outcome.set(t);
              }
              statusAfter.set(Thread.currentThread().isInterrupted());
            },
            "interruptible-waiter");
    waiter.start();
    assertTrue(started_.await(JOIN_MILLIS, TimeUnit.MILLISECONDS));
    Thread.sleep(SHORT.toMillis()); // most likely parked by now; either way it must throw
    waiter.interrupt();
    waiter.join(JOIN_MILLIS);
    assertFalse(waiter.isAlive(), "the interrupted waiter is still waiting");
    assertTrue(outcome.get() instanceof InterruptedException, "got " + outcome.get());
    assertEquals(Boolean.FALSE, statusAfter.get(), "the interrupt status must be cleared");
    assertNull(waiting.tryLock(), "the holder's lock must still be held");
    release.countDown();
    awaitFree(waiting);
    try (Guard<List<String>, WaitingBackend> guard = waiting.lock()) {
      assertEquals(List.of("held"), guard.get(), "only the holder wrote");
    }
  }

  @Test
  void timedTryLockWithChecksTheTokenAndTheTimeout() {
    Quiet closed = Quiet.enter();
    closed.close();
    assertThrows(
        IllegalStateException.class, () -> closeIfAny(waiting.tryLockWith(closed, SHORT)));
    try (Quiet quiet = Quiet.enter()) {
      assertThrows(
          NullPointerException.class, () -> closeIfAny(waiting.tryLockWith(quiet, null)));
    }
    assertThrows(
        NullPointerException.class, () -> closeIfAny(waiting.tryLockWith((Quiet) null, SHORT)));
    assertThrows(NullPointerException.class, () -> closeIfAny(waiting.tryLock(null)));
    try (Guard<List<String>, WaitingBackend> guard = waiting.tryLock()) {
      assertNotNull(guard, "refused calls must leave the lock free");
    }
  }

  @Test
  void anUntimedBackendsTimedContextualTakesTheLockOverTheSameState() throws Exception {
    NoisyBackend.ACQUISITIONS_AND_RELEASES.remove();
    Ticket<String> ticket = Ticket.issue();
    try (Guard<List<String>, TimedFlagBackend> guard = noisy.tryLockWith(ticket, SHORT)) {
      assertNotNull(guard);
      guard.get().add("t");
      assertNull(noisy.tryLock(), "lock() and tryLockWith(context, timeout) exclude each other");
    }
    assertEquals(0, NoisyBackend.ACQUISITIONS_AND_RELEASES.get()[0]);
    CountDownLatch release = holdOnAnotherThread(noisy);
    try (Guard<List<String>, TimedFlagBackend> guard = noisy.tryLockWith(ticket, SHORT)) {
      assertNull(guard);
    }
    release.countDown();
    awaitFree(noisy);
    ticket.close();
  }

  /** Takes {@code lock} on a new thread, adds "held", and keeps it until the latch opens. */
  private CountDownLatch holdOnAnotherThread(dev.ctxlock.sync.Lock<List<String>, ?> lock)
      throws InterruptedException {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder =
        new Thread(
            () -> {
              try (Guard<List<String>, ?> guard = lock.lock()) {
                guard.get().add("held");
                held.countDown();
                release.await(JOIN_MILLIS, TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "holder");
    holder.setDaemon(true);
    started.add(holder);
    holder.start();
    if (!held.await(JOIN_MILLIS, TimeUnit.MILLISECONDS)) {
      fail("the holder did not take the lock");
    }
    return release;
  }

  private static void awaitFree(dev.ctxlock.sync.Lock<List<String>, ?> lock)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOIN_MILLIS);
    while (true) {
      Guard<List<String>, ?> guard = lock.tryLock();
      if (guard != null) {
        guard.close();
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("the lock was not released");
      }
      Thread.sleep(1);
    }
  }

  private static boolean hasMethod(Class<?> type, String name, Class<?>... parameters) {
    try {
      type.getMethod(name, parameters);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static void closeIfAny(Guard<?, ?> guard) {
    if (guard != null) {
      guard.close();
    }
  }
}
