package dev.ctxlock.internal.lockdep;

import dev.ctxlock.internal.probe.LockClass;
import dev.ctxlock.internal.probe.LockProbes;
import java.util.HashMap;
import java.util.Map;

/**
 * The validator's data for one {@link LockClass}: its edges in the order graph and its interrupt
 * usage marks, kept in the validator's slot of the class.
 */
final class ValidationClass {

  /** Usage mark: taken inside an interrupt handler. */
  static final int IN_HANDLER = 1;
  /** Usage mark: held with interrupts enabled. */
  static final int IRQS_ENABLED = 2;

  static final int BOTH = IN_HANDLER | IRQS_ENABLED;

  /** The validator's slot in every {@link LockClass}; resolved once the probes are loaded. */
  private static final class Slot {
    static final int INDEX = LockProbes.slotOf(Lockdep.INSTANCE);
  }

  /** The validator's data of {@code c}, made on first use. */
  static ValidationClass of(LockClass c) {
    return c.data(Slot.INDEX, ValidationClass::new);
  }

  /** The validator's data of {@code c}, or null if it has none yet. */
  static ValidationClass existing(LockClass c) {
    return c.data(Slot.INDEX, k -> null);
  }

  final LockClass lockClass;

  /** Mixed into chain keys. */
  final long hash;

  /** Usage marks; set under the graph lock, read without it (a monotonic bit set). */
  volatile int usage;

  /** Stacks where each usage mark was first set; guarded by the graph lock. */
  StackTraceElement[] firstInHandler;

  StackTraceElement[] firstIrqsEnabled;

  /**
   * The order graph's edges out of this class: {@code after.get(b)} says where a {@code b} was
   * first taken while holding one of this class. Guarded by the graph lock.
   */
  final Map<ValidationClass, Edge> after = new HashMap<>();

  /** An edge of the order graph: where it was first seen, and whether only tries made it. */
  static final class Edge {
    final StackTraceElement[] stack;
    /** Added by a successful try: its cycle was not checked yet (a try reports no order). */
    final boolean byTry;

    Edge(StackTraceElement[] stack, boolean byTry) {
      this.stack = stack;
      this.byTry = byTry;
    }
  }

  private ValidationClass(LockClass lockClass) {
    this.lockClass = lockClass;
    this.hash = lockClass.hash();
  }

  String key() {
    return lockClass.key();
  }

  /** {@code firstName (site)}, as reports show a class. */
  String describe() {
    return lockClass.firstName() + " (" + lockClass.site() + ")";
  }

  /** Sets {@code mark}, recording the stack the first time; returns the new usage. */
  int markUsage(int mark, Object graphLock) {
    synchronized (graphLock) {
      int u = usage;
      if ((u & mark) == 0) {
        StackTraceElement[] here = new Throwable().getStackTrace();
        if (mark == IN_HANDLER) {
          firstInHandler = here;
        } else {
          firstIrqsEnabled = here;
        }
        u |= mark;
        usage = u;
      }
      return u;
    }
  }

  void resetForTests() {
    usage = 0;
    firstInHandler = null;
    firstIrqsEnabled = null;
    after.clear();
  }

  @Override
  public String toString() {
    return "ValidationClass[" + key() + "]";
  }
}
