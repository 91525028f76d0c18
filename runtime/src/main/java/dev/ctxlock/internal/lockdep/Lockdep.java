package dev.ctxlock.internal.lockdep;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.probe.BackendTraits;
import dev.ctxlock.internal.probe.LockClass;
import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.LockProbes;
import dev.ctxlock.sync.LockValidationException;
import dev.ctxlock.sync.LockValidationException.FirstSeen;
import dev.ctxlock.sync.LockValidationException.Rule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The lock validator (see {@code dev.ctxlock.sync.LockValidator} for what it checks): a client of
 * the instrumentation seam, loaded by {@link LockdepProvider} when the JVM runs with {@code
 * -Dctxlock.validate=throw|warn}. When it is off it is not loaded, and the seam's hooks compile
 * away. It never touches a lock: a report is an exception thrown from a hook, and the lock undoes
 * what the acquisition did. What it knows of a backend is what the backend declares ({@code
 * @Waits}, through {@link BackendTraits}) and the interrupt levels an acquisition was seen to take.
 *
 * <h2>Design</h2>
 *
 * <p>As lockdep does, it validates classes, not locks: a {@link ValidationClass} per construction
 * site, with an order graph between classes ({@code a.after} holds {@code b} when some thread took
 * a {@code b} while holding an {@code a}), and per-class usage marks for the interrupt rules. Each
 * thread keeps the stack of locks it holds ({@link HeldLocks}), with a running hash of the classes
 * on it (lockdep's chain key). An acquisition whose chain (held classes, in order, plus the new
 * one) has been validated before costs a thread-local lookup, a hash and a concurrent-set lookup;
 * only a new chain takes the graph's lock, adds its edges, and searches for a cycle once per new
 * edge. Stacks are captured only when an edge or a usage is first seen.
 *
 * <p>Reports are deduplicated by a key naming the rule and the classes involved.
 */
public final class Lockdep implements LockProbe {

  /** The validator, when loaded. */
  static final Lockdep INSTANCE = new Lockdep();

  /**
   * Whether reports throw (else they are logged). Set from {@code -Dctxlock.validate} when the
   * validator loads; not final so that the validator's own tests can check both modes in one JVM.
   */
  private static volatile boolean throwing;

  /** Reads {@code -Dctxlock.validate}: the validator, or null when it is off. */
  static Lockdep fromSystemProperties() {
    String mode = System.getProperty("ctxlock.validate");
    if ("throw".equals(mode) || "warn".equals(mode)) {
      throwing = "throw".equals(mode);
      return INSTANCE;
    }
    if (mode != null && !mode.isEmpty() && !"off".equals(mode)) {
      System.getLogger("dev.ctxlock")
          .log(
              System.Logger.Level.WARNING,
              "-Dctxlock.validate=" + mode + " is not a mode (throw, warn or off): the lock"
                  + " validator stays off");
    }
    return null;
  }

  private Lockdep() {}

  @Override
  public String name() {
    return "lockdep";
  }

  /** Sets the report mode; for the validator's tests. */
  public static void setThrowing(boolean throwReports) {
    throwing = throwReports;
  }

  // ---- Per-thread held locks

  /** The validator's slot among the tools; its held locks live on each thread's CPU there. */
  private static final class Slot {
    static final int INDEX = LockProbes.slotOf(INSTANCE);
  }

  /**
   * The locks {@code cpu}'s thread holds (the calling thread's CPU): kept on the CPU, which the
   * lock passes to the acquisition hooks, so that they cost no thread-local lookup.
   */
  private static HeldLocks held(LocalCpu cpu) {
    Object held = cpu.toolData(Slot.INDEX);
    if (held == null) {
      held = new HeldLocks(cpu);
      cpu.setToolData(Slot.INDEX, held);
    }
    return (HeldLocks) held;
  }

  /** The calling thread's held locks, where no hook was given the CPU. */
  private static HeldLocks held() {
    return held(LocalCpu.current());
  }

  /** Forms that wait as long as it takes, and whose order edges are checked for cycles. */
  private static boolean blocking(int form) {
    return form == LOCK || form == INTERRUPTIBLE || form == RELOCK;
  }

  /**
   * Validated chains: chain keys of (held classes, new class, form). Each thread remembers the
   * keys it found here in {@link HeldLocks}, so that a steady state costs no boxing and no shared
   * lookup.
   */
  private static final Set<Long> CHAINS = ConcurrentHashMap.newKeySet();

  /** Bumped when {@link #CHAINS} is cleared, which makes every thread forget its chains. */
  private static volatile int chainEpoch;

  /** Reports made, by key. */
  private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

  /** Guards every ValidationClass's edges and first-use stacks. */
  private static final Object GRAPH = new Object();

  /**
   * Before {@code lock} is taken by {@code taker} in {@code form}: checks every rule, and throws
   * (in throw mode) with nothing changed on the lock.
   */
  @Override
  public void acquire(LockMap lock, BackendTraits taker, int form, LocalCpu cpu) {
    HeldLocks held = held(cpu);
    held.ensureRoom();
    ValidationClass cls = ValidationClass.of(lock.lockClass());
    if (taker.sleeps() && form != TRY && (cpu.depth() > 0 || held.holdsSpinLock())) {
      checkSleep(held, null, cpu.depth(), lock, null); // out of line: it builds the report
    }
    if (cpu.frame() != null) {
      checkIrqUsage(lock, cls, ValidationClass.IN_HANDLER);
    }
    if (blocking(form)) {
      long key = held.chainKey(cls, false);
      if (!held.knowsChain(key, chainEpoch)) {
        if (!CHAINS.contains(key)) {
          validateChain(held, lock, cls, key);
        }
        held.rememberChain(key);
      }
    }
  }

  /**
   * {@code lock} was taken by {@code taker} in {@code form}: it is held now. A report (an
   * irq-unsafe use, which shows only once the backend has acquired: a backend may disable
   * interrupts itself) throws before the lock is recorded as held, so that the lock's undoing
   * leaves nothing behind; once it is recorded, nothing throws.
   */
  @Override
  public void acquired(LockMap lock, BackendTraits taker, int form, int irqLevels, LocalCpu cpu) {
    HeldLocks held = held(cpu);
    ValidationClass cls = ValidationClass.of(lock.lockClass());
    if (held.cpu.depth() == 0) {
      checkIrqUsage(lock, cls, ValidationClass.IRQS_ENABLED);
    }
    long key = blocking(form) ? 0 : held.chainKey(cls, true); // only tries add edges here
    held.push(lock, cls, taker.spins()); // cannot fail: acquire made room
    if (lock.data(Slot.INDEX) != held) {
      lock.setData(Slot.INDEX, held); // for released: see holderOf
    }
    if (blocking(form)) {
      return;
    }
    try {
      addTryEdges(held, cls, key);
    } catch (RuntimeException | Error e) {
      // Only the validator's graph misses these edges; the lock is held and must stay so.
    }
  }

  /** {@code lock}, released and then found still held (a failed release): held again. */
  @Override
  public void restored(LockMap lock, BackendTraits taker, int irqLevels) {
    HeldLocks held = held();
    held.push(lock, ValidationClass.of(lock.lockClass()), taker.spins());
    lock.setData(Slot.INDEX, held);
  }

  /** Edges into {@code cls} from every lock held below it (the top entry), without reports. */
  private static void addTryEdges(HeldLocks held, ValidationClass cls, long key) {
    if (held.knowsChain(key, chainEpoch)) {
      return;
    }
    {
      if (!CHAINS.contains(key)) {
        synchronized (GRAPH) {
          StackTraceElement[] here = null;
          for (int i = held.size() - 2; i >= 0; i--) {
            ValidationClass before = held.classAt(i);
            if (before != cls && !before.after.containsKey(cls)) {
              if (here == null) {
                here = stackHere();
              }
              before.after.put(cls, new ValidationClass.Edge(here, true));
            }
          }
        }
        CHAINS.add(key);
      }
      held.rememberChain(key);
    }
  }

  /** {@code lock} is being released (or released for a wait): it is no longer held. */
  @Override
  public void released(LockMap lock) {
    holderOf(lock).remove(lock);
  }

  /**
   * The held locks of the calling thread, which is releasing {@code lock}. The release hook is not
   * given the CPU (the release path looks up nothing), so the last holder's record is kept in the
   * validator's slot of the lock's map, written by {@link #acquired} only when it changes: when
   * the caller is that holder, as it is for every exclusive backend, no thread-local lookup is
   * needed. A backend that lets several threads in at once leaves the last one's record there,
   * and the others look theirs up.
   */
  private static HeldLocks holderOf(LockMap lock) {
    Object last = lock.data(Slot.INDEX);
    if (last instanceof HeldLocks h && h.cpu.isCurrent()) {
      return h;
    }
    return held();
  }

  /**
   * Before a condition wait releases {@code lock}: reports a wait that would sleep while still
   * holding a spin lock or with interrupts still disabled ({@code irqLevelsKept} levels once the
   * lock is released).
   */
  @Override
  public void beforeWait(LockMap lock, BackendTraits taker, int irqLevelsKept, Object condVar) {
    checkSleep(held(), lock, irqLevelsKept, null, condVar);
  }

  // ---- Rules

  /**
   * Sleeping in atomic context: {@code mutex} is being taken, or {@code condVar} waited on (one of
   * the two is null). The report's text is only built when there is something to report.
   */
  private static void checkSleep(
      HeldLocks held, LockMap except, int depth, LockMap sleeping, Object condVar) {
    LockMap spin = held.spinLockOtherThan(except);
    if (depth <= 0 && spin == null) {
      return;
    }
    String what =
        sleeping != null
            ? "takes the sleeping lock " + sleeping.describe()
            : "waits on " + condVar;
    String key =
        "sleep:" + what + (depth > 0 ? ":irq" : ":spin:" + spin.lockClass().key());
    if (REPORTED.contains(key)) {
      return;
    }
    String why =
        depth > 0
            ? "with interrupts disabled (" + depth + " level(s))"
            : "while holding the spin lock " + spin.describe();
    report(
        key,
        Rule.SLEEP_IN_ATOMIC,
        "sleeping in atomic context: thread " + Thread.currentThread().getName() + " " + what
            + " " + why + "; nothing may sleep where interrupts are off or a spin lock is held"
            + " (a handler or a spinning waiter could wait for this thread forever)",
        null);
  }

  /** Marks {@code mark} on {@code cls} and reports if it now has both irq usages. */
  private static void checkIrqUsage(LockMap lock, ValidationClass cls, int mark) {
    int usage = cls.usage;
    if ((usage & mark) == 0) {
      usage = cls.markUsage(mark, GRAPH);
    }
    if (usage == ValidationClass.BOTH) {
      String key = "irq:" + cls.key();
      if (REPORTED.contains(key)) {
        return;
      }
      Throwable causes;
      synchronized (GRAPH) {
        causes =
            new FirstSeen(
                describe(cls) + " first taken inside an interrupt handler here",
                cls.firstInHandler,
                new FirstSeen(
                    describe(cls) + " first held with interrupts enabled here",
                    cls.firstIrqsEnabled,
                    null));
      }
      report(
          key,
          Rule.IRQ_UNSAFE,
          "irq-unsafe lock: " + lock.describe() + " is taken inside an interrupt handler and, "
              + "elsewhere, held with interrupts enabled; a handler that interrupts that holder on"
              + " its own thread would spin on it forever. Outside handlers, take it with"
              + " interrupts disabled (SpinLockIrq.lock(), or lockWith(token))",
          causes);
    }
  }

  /** A chain not seen before: same-class nesting, then a cycle check per new edge. */
  private static void validateChain(
      HeldLocks held, LockMap lock, ValidationClass cls, long chainKey) {
    List<Runnable> reports = new ArrayList<>(0);
    synchronized (GRAPH) {
      StackTraceElement[] here = null;
      Map<ValidationClass, StackTraceElement[]> newEdges = new HashMap<>();
      for (int i = held.size() - 1; i >= 0; i--) {
        ValidationClass before = held.classAt(i);
        if (held.lockAt(i) == lock) {
          continue; // reentrance: the backend refuses it (shipped ones do), no order involved
        }
        if (before == cls) {
          LockMap other = held.lockAt(i);
          String key = "nest:" + cls.key();
          if (!REPORTED.contains(key)) {
            reports.add(
                () ->
                    report(
                        key,
                        Rule.SAME_CLASS_NESTING,
                        "same-class nesting: thread " + Thread.currentThread().getName()
                            + " takes " + lock.describe() + " while holding " + other.describe()
                            + ", a lock of the same class; nothing orders two locks of one class"
                            + " (two threads could take them in opposite orders). Declare the"
                            + " nesting with LockValidator.setSubclass, or LockValidator.setClass",
                        null));
          }
          continue;
        }
        ValidationClass.Edge existing = before.after.get(cls);
        if ((existing != null && !existing.byTry) || newEdges.containsKey(before)) {
          continue; // validated when first taken blocking
        }
        List<ValidationClass> path = path(cls, before);
        if (path != null) {
          TreeSet<String> members = new TreeSet<>();
          for (ValidationClass c : path) {
            members.add(c.key());
          }
          String key = "cycle:" + String.join("|", members);
          if (!REPORTED.contains(key)) {
            if (here == null) {
              here = stackHere();
            }
            Throwable causes = cycleCauses(before, cls, here, path);
            LockMap holding = held.lockAt(i);
            String cycle =
                describe(before) + " -> "
                    + path.stream().map(ValidationClass::describe).collect(Collectors.joining(" -> "));
            reports.add(
                () ->
                    report(
                        key,
                        Rule.POTENTIAL_DEADLOCK,
                        "potential deadlock: thread " + Thread.currentThread().getName()
                            + " takes " + lock.describe() + " while holding " + holding.describe()
                            + ", but the opposite order was seen before; lock classes form the"
                            + " cycle " + cycle + ". Threads taking these locks in these orders"
                            + " at once would deadlock",
                        causes));
          }
        }
        if (here == null) {
          here = stackHere();
        }
        newEdges.put(before, here);
      }
      if (reports.isEmpty() || !throwing) {
        for (Map.Entry<ValidationClass, StackTraceElement[]> e : newEdges.entrySet()) {
          ValidationClass.Edge old = e.getKey().after.get(cls);
          e.getKey().after.put(
              cls, new ValidationClass.Edge(old != null ? old.stack : e.getValue(), false));
        }
      }
    }
    for (Runnable r : reports) {
      r.run(); // throws in throw mode: the edges were not added, the chain not cached
    }
    CHAINS.add(chainKey);
  }

  /**
   * A path {@code from -> ... -> to} in the order graph (both ends included), or null. Breadth
   * first, so the cycle reported is a shortest one. Called with {@link #GRAPH} held.
   */
  private static List<ValidationClass> path(ValidationClass from, ValidationClass to) {
    Map<ValidationClass, ValidationClass> parent = new HashMap<>();
    ArrayDeque<ValidationClass> queue = new ArrayDeque<>();
    parent.put(from, from);
    queue.add(from);
    while (!queue.isEmpty()) {
      ValidationClass c = queue.poll();
      if (c == to) {
        List<ValidationClass> path = new ArrayList<>();
        for (ValidationClass x = to; x != from; x = parent.get(x)) {
          path.add(0, x);
        }
        path.add(0, from);
        return path;
      }
      for (ValidationClass next : c.after.keySet()) {
        if (parent.putIfAbsent(next, c) == null) {
          queue.add(next);
        }
      }
    }
    return null;
  }

  /** The cause chain of a cycle report: the new edge, then each edge of the path back. */
  private static Throwable cycleCauses(
      ValidationClass holding,
      ValidationClass taking,
      StackTraceElement[] here,
      List<ValidationClass> path) {
    Throwable chain = null;
    for (int i = path.size() - 2; i >= 0; i--) {
      ValidationClass a = path.get(i);
      ValidationClass b = path.get(i + 1);
      chain =
          new FirstSeen(
              describe(a) + " then " + describe(b) + ": this order first seen here",
              a.after.get(b).stack,
              chain);
    }
    return new FirstSeen(
        describe(holding) + " then " + describe(taking) + ": this order, now", here, chain);
  }

  private static void report(String key, Rule rule, String message, Throwable causes) {
    if (!REPORTED.add(key)) {
      return;
    }
    LockValidationException e = new LockValidationException(rule, message, causes);
    if (throwing) {
      throw e;
    }
    warnings.accept(e);
  }

  /** Where warn mode sends reports: the {@code dev.ctxlock} System.Logger, or a test's sink. */
  private static volatile Consumer<LockValidationException> warnings =
      e -> System.getLogger("dev.ctxlock").log(System.Logger.Level.WARNING, e.getMessage(), e);

  /** Replaces the warn-mode sink and returns the previous one; for the validator's tests. */
  public static Consumer<LockValidationException> setWarningsForTests(
      Consumer<LockValidationException> sink) {
    Consumer<LockValidationException> previous = warnings;
    warnings = sink;
    return previous;
  }

  private static StackTraceElement[] stackHere() {
    return new Throwable().getStackTrace();
  }

  private static String describe(ValidationClass cls) {
    return cls.describe();
  }

  /** Forgets every class, edge, chain and report; for the validator's tests. */
  public static void resetForTests() {
    synchronized (GRAPH) {
      for (LockClass lc : LockClass.all()) {
        ValidationClass c = ValidationClass.existing(lc);
        if (c != null) {
          c.resetForTests();
        }
      }
      CHAINS.clear();
      chainEpoch++;
      REPORTED.clear();
    }
  }
}
