package dev.ctxlock.atomicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import dev.ctxlock.testing.Threads;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens and guards are confined to their thread. Whatever another thread calls on them throws
 * and changes nothing: the owner then closes them as usual, and the handler raised while its
 * interrupts were disabled is delivered at the close.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
class ForeignThreadTokenTest {

  private static final int STOP = -1;

  @RegisterExtension final Reports reports = new Reports();

  private final SpinLockIrq<int[]> counter = new SpinLockIrq<>("counter", new int[1]);

  @Test
  void callsFromAnotherThreadChangeNothingAndThePendingHandlerIsDeliveredAtTheClose()
      throws Exception {
    Thread owner = Thread.currentThread();
    AtomicInteger delivered = new AtomicInteger();
    Outcomes foreign = new Outcomes();
    LocalInterruptDisabled off = LocalInterrupts.disable();
    Guard<int[], SpinLockBackend> g = counter.lockWith(off);
    assertNull(
        Threads.onOtherThread(
            () -> {
              // Once with the other thread's interrupts enabled, once disabled (then its own
              // depth is 1, as awaitInterrupt(token) wants, but the token is still not its own).
              foreignCalls(foreign, off, g);
              try (LocalInterruptDisabled mine = LocalInterrupts.disable()) {
                foreignCalls(foreign, off, g);
              }
              LocalInterrupts.raise(owner, irqOff -> delivered.incrementAndGet());
            }));
    List<String> seen = foreign.list();
    assertEquals(18, seen.size());
    for (String outcome : seen) {
      assertTrue(Outcomes.threw(outcome, IllegalStateException.class, "thread"), outcome);
    }
    assertEquals(0, delivered.get(), "delivered while the owner's interrupts were disabled");
    assertTrue(LocalInterrupts.areDisabled());
    g.get()[0]++; // the guard still works on its thread
    g.close();
    assertEquals(0, delivered.get());
    off.close();
    assertEquals(1, delivered.get(), "the pending handler was not delivered when the token closed");
    assertFalse(LocalInterrupts.areDisabled());
    assertEquals(List.of(), reports.messages());
  }

  @Test
  void awaitInterruptOnAnotherThreadsTokenThenTheOwnersOwnAwaitDelivers() throws Exception {
    Thread owner = Thread.currentThread();
    AtomicInteger delivered = new AtomicInteger();
    LocalInterruptDisabled off = LocalInterrupts.disable();
    AtomicReference<String> foreign = new AtomicReference<>();
    assertNull(
        Threads.onOtherThread(
            () -> {
              try (LocalInterruptDisabled mine = LocalInterrupts.disable()) {
                foreign.set(Outcomes.of(() -> LocalInterrupts.awaitInterrupt(off)));
              }
              LocalInterrupts.raise(owner, irqOff -> delivered.incrementAndGet());
            }));
    assertTrue(
        Outcomes.threw(foreign.get(), IllegalStateException.class, "thread"), foreign.get());
    assertTrue(LocalInterrupts.areDisabled());
    LocalInterrupts.awaitInterrupt(off); // closes off, delivers the pending handler, returns
    assertEquals(1, delivered.get());
    assertFalse(LocalInterrupts.areDisabled());
  }

  /**
   * The owner's close races with another thread's awaitInterrupt(token) on it, many times: the
   * foreign call must never change how the owner's close behaves (it delivers the handler raised
   * before it).
   */
  @Test
  void foreignAwaitInterruptRacingTheOwnersCloseNeverSuppressesDelivery() throws Exception {
    Thread owner = Thread.currentThread();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    int rounds = 0;
    AtomicReference<LocalInterruptDisabled> shared = new AtomicReference<>();
    AtomicInteger delivered = new AtomicInteger();
    AtomicInteger go = new AtomicInteger(); // the round the owner started; STOP to end
    AtomicInteger raisedIn = new AtomicInteger(); // the round whose handler is raised
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Thread foreign =
        new Thread(
            () -> {
              try (LocalInterruptDisabled mine = LocalInterrupts.disable()) {
                int done = 0;
                while (true) {
                  int round;
                  while ((round = go.get()) == done) {
                    Thread.yield(); // 2 cores shared with other work: let the peer run
                  }
                  if (round == STOP) {
                    return;
                  }
                  done = round;
                  LocalInterrupts.raise(owner, irqOff -> delivered.incrementAndGet());
                  raisedIn.set(round); // the owner may close now, racing with the call below
                  String outcome = Outcomes.of(() -> LocalInterrupts.awaitInterrupt(shared.get()));
                  if (!Outcomes.threw(outcome, IllegalStateException.class, "")) {
                    throw new AssertionError(outcome);
                  }
                }
              } catch (Throwable t) {
                failure.set(t);
              } finally {
                stopped.countDown();
              }
            },
            "foreign-awaiter");
    foreign.start();
    try {
      while (rounds < 5_000 && System.nanoTime() < deadline && failure.get() == null) {
        rounds++;
        LocalInterruptDisabled off = LocalInterrupts.disable();
        shared.set(off);
        go.set(rounds);
        long spinUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (raisedIn.get() != rounds) {
          if (System.nanoTime() > spinUntil) {
            off.close();
            throw new AssertionError("the foreign thread stopped answering", failure.get());
          }
          Thread.yield(); // 2 cores shared with other work: let the peer run
        }
        int before = delivered.get();
        off.close();
        assertEquals(before + 1, delivered.get(), "round " + rounds + ": close did not deliver");
      }
    } finally {
      go.set(STOP);
      assertTrue(stopped.await(10, TimeUnit.SECONDS));
    }
    assertNull(failure.get());
    assertTrue(rounds > 0, "no round ran");
  }

  /** Nine calls on another thread's token and guard, each recorded. */
  private void foreignCalls(Outcomes out, LocalInterruptDisabled off, Guard<int[], ?> g) {
    out.record("awaitInterrupt(token)", () -> LocalInterrupts.awaitInterrupt(off));
    out.record("token.close", off::close);
    out.record("lockWith", () -> counter.lockWith(off).close());
    out.record("tryLockWith", () -> counter.tryLockWith(off).close());
    out.record(
        "generic lockWith",
        () -> counter.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off).close());
    out.record("guard.close", g::close);
    out.record("guard.get", g::get);
    out.record("guard.set", () -> g.set(new int[1]));
    out.record("guard.runUnlocked", () -> g.runUnlocked(() -> {}));
  }
}
