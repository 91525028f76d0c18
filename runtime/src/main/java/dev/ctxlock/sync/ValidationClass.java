package dev.ctxlock.sync;

import java.util.HashMap;
import java.util.Map;

/**
 * One class of locks for the lock validator: every lock constructed at one place in the code (or
 * declared into it with {@link LockValidator}). The lockdep {@code lock_class}.
 */
final class ValidationClass {

  /** Usage mark: taken inside an interrupt handler. */
  static final int IN_HANDLER = 1;
  /** Usage mark: held with interrupts enabled. */
  static final int IRQS_ENABLED = 2;

  static final int BOTH = IN_HANDLER | IRQS_ENABLED;

  private final String key;
  private final String site;
  private final String firstName;
  /** Mixed into chain keys: a well-spread 64-bit value per class. */
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

  ValidationClass(String key, String site, String firstName) {
    this.key = key;
    this.site = site;
    this.firstName = firstName;
    long h = key.hashCode() * 0x9E3779B97F4A7C15L;
    this.hash = h ^ (h >>> 29) ^ System.identityHashCode(this);
  }

  /** The key classes are found by: the site, a subclass of it, or a declared name. */
  String key() {
    return key;
  }

  /** Where locks of this class are constructed, or the name it was declared with. */
  String site() {
    return site;
  }

  /** The construction site without a subclass suffix. */
  String baseSite() {
    int hash = key.indexOf('#');
    return key.startsWith("name:") ? site : hash < 0 ? key : key.substring(0, hash);
  }

  /** The name of the first lock of this class, for reports about the class. */
  String firstName() {
    return firstName;
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
    return "ValidationClass[" + key + "]";
  }
}
