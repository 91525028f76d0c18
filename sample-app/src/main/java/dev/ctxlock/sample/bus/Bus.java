package dev.ctxlock.sample.bus;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The SoC's peripheral bus, emulated: a device's registers may only be read or written while the
 * bus is awake. The bus is reference-counted like the kernel's runtime power management ({@code
 * pm_runtime_get} / {@code pm_runtime_put}): every user claims it, the first claim wakes it (on
 * real hardware: turn on its clock and wait for it to settle, the expensive part), and it goes
 * back to sleep when the last claim is released.
 *
 * <p>There is one bus per machine, so this is a static singleton, like the lock backends that
 * claim it (they are stateless {@code INSTANCE}s and cannot hold a reference of their own).
 * Claims are counted across threads, unlike local interrupts, which are per thread.
 *
 * <pre>{@code
 * try (BusClaimed bus = Bus.claim()) {        // the bus stays awake until bus is closed
 *   try (Guard<Registers, SpinLockIrqBackend> g = regs.lockWith(bus)) {
 *     g.get().control = 1;                   // no second claim: the token proves the bus is awake
 *   }
 * }
 * }</pre>
 */
public final class Bus {

  /** Open claims: the bus is awake while this is above zero. */
  private static final AtomicInteger USERS = new AtomicInteger();

  private static final AtomicLong CLAIMS = new AtomicLong();
  private static final AtomicLong WAKEUPS = new AtomicLong();

  private Bus() {}

  /**
   * Claims the bus, waking it if it sleeps, until the returned token is closed: the only way to
   * obtain the {@link BusClaimed} proof. Close it with try-with-resources; a token left open keeps
   * the bus awake for good.
   */
  public static BusClaimed claim() {
    enter();
    return new BusClaimed();
  }

  /** Returns whether the bus is awake, that is, some claim is open. */
  public static boolean isAwake() {
    return USERS.get() > 0;
  }

  /** Returns how many claims are open now; zero when every claim was released. */
  public static int users() {
    return USERS.get();
  }

  /** Returns how many claims were made since the JVM started (by tokens and by backends). */
  public static long claims() {
    return CLAIMS.get();
  }

  /** Returns how often the bus woke up from sleep since the JVM started. */
  public static long wakeups() {
    return WAKEUPS.get();
  }

  /** One more claim; wakes the bus on the first. For the backends and tokens of this package. */
  static void enter() {
    CLAIMS.incrementAndGet();
    if (USERS.getAndIncrement() == 0) {
      WAKEUPS.incrementAndGet(); // real hardware would enable the bus clock here
    }
  }

  /** Releases one claim; the bus sleeps when none is left. */
  static void leave() {
    if (USERS.decrementAndGet() < 0) {
      USERS.incrementAndGet();
      throw new IllegalStateException("Bus.leave() without a matching claim");
    }
  }
}
