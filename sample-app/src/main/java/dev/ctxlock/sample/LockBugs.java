package dev.ctxlock.sample;

import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.LockValidationException;
import dev.ctxlock.sync.LockValidator;
import dev.ctxlock.sync.Mutex;
import dev.ctxlock.sync.MutexBackend;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Two lock bugs that never bite in this run, found by the lock validator anyway: {@code java
 * -jar ctxlock-sample-app.jar --lock-bugs} (which turns the validator on in warn mode, as {@code
 * -Dctxlock.validate=warn} does).
 *
 * <ul>
 *   <li>A lock-order inversion: a transfer takes {@code accounts} then {@code audit}; a report,
 *       later and on the same thread, takes {@code audit} then {@code accounts}. Two threads doing
 *       one each at the same moment would deadlock; one thread doing both in turn never does.
 *   <li>An irq-unsafe lock: {@code counters}, a plain spin lock, is taken in an interrupt handler
 *       and by the thread with interrupts enabled. A handler that interrupted that holder on its
 *       own thread would spin forever; here the handler runs when the lock is free.
 * </ul>
 */
public final class LockBugs {

  private LockBugs() {}

  /** Accounts and their audit trail, each behind its own lock. */
  private static final class Bank {
    final Mutex<long[]> accounts = new Mutex<>("accounts", new long[2]);
    final Mutex<List<String>> audit = new Mutex<>("audit", new ArrayList<>());

    void transfer(int from, int to, long amount) {
      try (Guard<long[], MutexBackend> a = accounts.lock();
          Guard<List<String>, MutexBackend> log = audit.lock()) {
        a.get()[from] -= amount;
        a.get()[to] += amount;
        log.get().add("moved " + amount);
      }
    }

    long report() {
      try (Guard<List<String>, MutexBackend> log = audit.lock();
          Guard<long[], MutexBackend> a = accounts.lock()) { // the opposite order
        return log.get().size() + a.get()[0] + a.get()[1];
      }
    }
  }

  /**
   * Runs both bugs and returns the reports the validator made, as one line each followed by the
   * "first seen" lines of its cause chain. The validator must be on in warn mode.
   */
  static List<String> run() {
    if (!LockValidator.isEnabled()) {
      throw new IllegalStateException("run with -Dctxlock.validate=warn");
    }
    List<String> reports = new ArrayList<>();
    Logger logger = Logger.getLogger("dev.ctxlock");
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            reports.add(describe(record));
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    logger.setUseParentHandlers(false);
    try {
      Bank bank = new Bank();
      bank.transfer(0, 1, 10);
      bank.report();

      Lock<long[], SpinLockBackend> counters = new SpinLock<>("counters", new long[1]);
      LocalInterrupts.raise(
          Thread.currentThread(),
          irqOff -> {
            try (Guard<long[], SpinLockBackend> g = counters.lock()) {
              g.get()[0]++;
            }
          });
      try (Guard<long[], SpinLockBackend> g = counters.lock()) { // interrupts enabled
        g.get()[0]++;
      }
    } finally {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(true);
    }
    return reports;
  }

  /** A report's message, and where each link of its cause chain was first seen. */
  private static String describe(LogRecord record) {
    StringBuilder b = new StringBuilder(record.getLevel() == Level.WARNING ? "" : "(not a warning) ");
    b.append(record.getMessage());
    Throwable t = record.getThrown();
    for (Throwable c = t == null ? null : t.getCause(); c != null; c = c.getCause()) {
      b.append(System.lineSeparator()).append("  caused by: ").append(c.getMessage());
      StackTraceElement at = firstFrameOutsideCtxlock(c.getStackTrace());
      if (at != null) {
        b.append(System.lineSeparator()).append("    at ").append(at);
      }
    }
    if (t instanceof LockValidationException e) {
      b.insert(0, "[" + e.rule() + "] ");
    }
    return b.toString();
  }

  private static StackTraceElement firstFrameOutsideCtxlock(StackTraceElement[] stack) {
    for (StackTraceElement e : stack) {
      if (!e.getClassName().startsWith("dev.ctxlock.sync.")
          && !e.getClassName().startsWith("dev.ctxlock.interrupt.")
          && !e.getClassName().startsWith("dev.ctxlock.internal.")) {
        return e;
      }
    }
    return null;
  }
}
