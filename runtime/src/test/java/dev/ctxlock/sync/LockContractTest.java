package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.testing.Threads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What every shipped plain lock (SpinLock, Mutex) guarantees, run against each. */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class LockContractTest {

  enum Kind {
    SPIN(SpinLock::new),
    MUTEX(Mutex::new),
    GENERIC_SPIN(c -> new Lock<>(SpinLockBackend.INSTANCE, c)),
    GENERIC_MUTEX(c -> new Lock<>(MutexBackend.INSTANCE, c));

    final Function<long[], Lock<long[], ?>> factory;

    Kind(Function<long[], Lock<long[], ?>> factory) {
      this.factory = factory;
    }
  }

  /** A plain long field increment: lost updates show up as a short total. */
  @ParameterizedTest
  @EnumSource(Kind.class)
  void mutualExclusionWithMoreThreadsThanCores(Kind kind) throws Exception {
    Lock<long[], ?> lock = kind.factory.apply(new long[1]);
    int threads = 8;
    int iterations = 20_000;
    AtomicInteger inside = new AtomicInteger();
    AtomicBoolean overlap = new AtomicBoolean();
    Threads.runConcurrently(
        threads,
        i -> {
          for (int n = 0; n < iterations; n++) {
            try (Guard<long[], ?> g = lock.lock()) {
              if (inside.incrementAndGet() != 1) {
                overlap.set(true);
              }
              g.get()[0]++;
              inside.decrementAndGet();
            }
          }
        });
    assertFalse(overlap.get(), "two threads were inside the lock at once");
    try (Guard<long[], ?> g = lock.lock()) {
      assertEquals((long) threads * iterations, g.get()[0]);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void tryLockMixedWithLockKeepsExactTotals(Kind kind) throws Exception {
    Lock<long[], ?> lock = kind.factory.apply(new long[1]);
    int threads = 4;
    int iterations = 20_000;
    AtomicInteger successes = new AtomicInteger();
    Threads.runConcurrently(
        threads,
        i -> {
          for (int n = 0; n < iterations; n++) {
            if (i % 2 == 0) {
              try (Guard<long[], ?> g = lock.lock()) {
                g.get()[0]++;
              }
              successes.incrementAndGet();
            } else {
              try (Guard<long[], ?> g = lock.tryLock()) {
                if (g != null) {
                  g.get()[0]++;
                  successes.incrementAndGet();
                }
              }
            }
          }
        });
    try (Guard<long[], ?> g = lock.lock()) {
      assertEquals(successes.get(), g.get()[0]);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void reacquiringOnTheHoldingThreadFailsFastInsteadOfHanging(Kind kind) throws Exception {
    Lock<long[], ?> lock = kind.factory.apply(new long[] {7});
    try (Guard<long[], ?> g = lock.lock()) {
      assertThrows(IllegalStateException.class, lock::lock);
      assertNull(lock.tryLock());
      assertEquals(7, g.get()[0]); // still held and usable
      Throwable other = Threads.onOtherThread(() -> assertNull(lock.tryLock()));
      assertNull(other);
    }
    try (Guard<long[], ?> g = lock.tryLock()) {
      assertNotNull(g);
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void waitingKeepsTheInterruptStatus(Kind kind) throws Exception {
    Lock<long[], ?> lock = kind.factory.apply(new long[1]);
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean statusAfter = new AtomicBoolean();
    AtomicBoolean acquired = new AtomicBoolean();
    Thread waiter;
    try (Guard<long[], ?> g = lock.lock()) {
      waiter =
          new Thread(
              () -> {
                Thread.currentThread().interrupt();
                waiting.countDown();
                try (Guard<long[], ?> w = lock.lock()) {
                  acquired.set(true);
                  w.get()[0]++;
                }
                statusAfter.set(Thread.currentThread().isInterrupted());
              });
      waiter.start();
      assertTrue(waiting.await(10, TimeUnit.SECONDS));
      Thread.sleep(50); // let it reach the park phase with its status set
      waiter.interrupt(); // and once more while it waits
      Thread.sleep(20);
    }
    waiter.join(10_000);
    assertFalse(waiter.isAlive(), "waiter hung");
    assertTrue(acquired.get());
    assertTrue(statusAfter.get(), "the interrupt status was lost");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unlockingALockNotHeldIsRefused(Kind kind) {
    Lock<long[], ?> lock = kind.factory.apply(new long[1]);
    @SuppressWarnings("unchecked")
    Backend<Object> backend = (Backend<Object>) lock.backend();
    assertThrows(IllegalStateException.class, () -> backend.unlock(lock.state));
    assertThrows(IllegalStateException.class, () -> backend.assertIsHeld(lock.state));
    try (Guard<long[], ?> g = lock.lock()) {
      backend.assertIsHeld(lock.state);
      assertNotNull(g);
    }
  }
}
