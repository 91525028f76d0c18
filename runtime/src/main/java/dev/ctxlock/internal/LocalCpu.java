package dev.ctxlock.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The emulated local CPU of one thread: its counted interrupt-disable depth, its queue of raised,
 * undelivered interrupts, and the loop that delivers them.
 *
 * <p><b>Not API.</b> Public only so that {@code dev.ctxlock.sync} and {@code
 * dev.ctxlock.interrupt} share it; the package is not exported and may change at any time. Use
 * {@code dev.ctxlock.interrupt.LocalInterrupts}. This package depends on no other ctxlock package:
 * what it queues is its own {@link Raised} type, which the interrupt package implements.
 *
 * <h2>Threading</h2>
 *
 * <p>The depth, the handler frame and the delivery loop are owned by the thread this CPU belongs
 * to: only that thread reads or writes them, so they are plain fields. Other threads touch only
 * {@link #enqueue}, whose queue is a lock-free multi-producer queue; its happens-before edge
 * (enqueue before poll) is what publishes a handler, and whatever the raiser wrote before raising,
 * to the target thread.
 *
 * <h2>Reachability</h2>
 *
 * <p>A thread's CPU is held strongly by the thread itself (a {@link ThreadLocal}, cleared when the
 * thread ends) and only weakly by the registry that {@link #of} searches. Queued handlers often
 * refer to their target thread; if the registry held the CPU strongly, the entry's value would
 * keep its own weak key alive, and a thread that ended with handlers pending would never be
 * collected. The one exception is a thread raised on before it ever used ctxlock: its CPU waits
 * in the registry, strongly held, until the thread adopts it, and is dropped (with its handlers)
 * at the next registry access after the thread ends.
 *
 * <h2>Failure atomicity</h2>
 *
 * <p>Every step that can fail (an allocation, a call into another class, user code) comes before
 * the step that commits, and the commits are plain writes of this class's own fields, which
 * cannot throw. So an {@link OutOfMemoryError} or {@link StackOverflowError} in the middle of
 * {@link #deliverPending()} neither loses a handler nor leaves interrupts disabled.
 */
public final class LocalCpu {

  /**
   * The registry: every thread's CPU, so that {@code raise} can reach another thread's queue.
   * Weak keys; each value is a {@code WeakReference<LocalCpu>} once the thread has adopted its CPU
   * (see the class comment), else the {@code LocalCpu} itself. Guarded by itself.
   */
  private static final Map<Thread, Object> ALL = new WeakHashMap<>();

  /** CPUs held strongly by {@link #ALL} because their thread has not adopted them yet. */
  private static final List<LocalCpu> UNADOPTED = new ArrayList<>();

  /** The calling thread's CPU; the strong reference that keeps it alive as long as the thread. */
  private static final ThreadLocal<LocalCpu> CURRENT =
      ThreadLocal.withInitial(() -> adopt(Thread.currentThread()));

  /** Interrupt-disable depth; interrupts are enabled at zero. Owner thread only. */
  private int depth;

  /** The handler running on this CPU, or null. Owner thread only. Handlers never nest. */
  private Frame frame;

  /**
   * A handler taken off {@link #pending} by a delivery that then failed before running it (an
   * {@link Error} in the queue's own code): delivered first next time. Owner thread only.
   */
  private Raised retry;

  /** Handlers delivered on this CPU so far; owner thread only. */
  private long delivered;

  private final ConcurrentLinkedQueue<Raised> pending = new ConcurrentLinkedQueue<>();

  /**
   * At least the number of handlers in {@link #pending} plus {@link #retry}: what a release asks
   * instead of the queue, one load instead of the queue's walk to its first live node (which would
   * make every release compiled with it larger than C2 inlines; see {@link #enableAndDeliver}).
   *
   * <p>Never less than the handlers queued, so a release that reads zero has none to deliver:
   * {@link #enqueue} counts before it adds, and a delivery uncounts only after it took the handler
   * off the queue (or ran the retried one). A raiser between its count and its add makes a
   * release look for a handler that is not there yet; it finds none and returns, and the raiser's
   * handler is delivered at the next delivery point, as one raised just after the release's check
   * always was. If the counting itself fails (an {@link Error} in an uncount, or in a raiser's
   * withdrawal after its add failed), the count stays high: releases then look in vain, never
   * miss a handler.
   */
  @SuppressWarnings("unused") // through QUEUED
  private volatile int queued;

  private static final VarHandle QUEUED;

  static {
    try {
      QUEUED = MethodHandles.lookup().findVarHandle(LocalCpu.class, "queued", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * Per-thread data of the tools that observe locks (the validator's held locks), by the tool's
   * slot: kept here because the lock's acquisition has this CPU at hand already, so a tool needs
   * no thread-local lookup of its own. Owner thread only.
   */
  private Object[] toolData = new Object[0];

  /** The thread this CPU belongs to: weak, so that nothing here keeps it alive. */
  private final WeakReference<Thread> thread;

  private LocalCpu(Thread thread) {
    this.thread = new WeakReference<>(thread);
  }

  /** Returns the calling thread's CPU. */
  public static LocalCpu current() {
    return CURRENT.get();
  }

  /**
   * Returns {@code thread}'s CPU, creating it if the thread has not used one yet, or null if the
   * thread has ended and its CPU is gone.
   */
  public static LocalCpu of(Thread thread) {
    if (thread == Thread.currentThread()) {
      return current();
    }
    synchronized (ALL) {
      purgeEnded();
      Object value = ALL.get(thread);
      if (value instanceof LocalCpu unadopted) {
        return unadopted;
      }
      if (value != null) {
        return ((CpuRef) value).get();
      }
      LocalCpu cpu = new LocalCpu(thread);
      UNADOPTED.add(cpu);
      ALL.put(thread, cpu);
      return cpu;
    }
  }

  /** The calling thread takes its CPU over from the registry, or creates it. */
  private static LocalCpu adopt(Thread me) {
    synchronized (ALL) {
      purgeEnded();
      Object value = ALL.get(me);
      LocalCpu cpu = value instanceof LocalCpu unadopted ? unadopted : new LocalCpu(me);
      CpuRef ref = new CpuRef(cpu);
      // Commit: both steps below only replace references; the allocations are done.
      UNADOPTED.remove(cpu);
      ALL.put(me, ref);
      return cpu;
    }
  }

  /** Drops the CPUs (and handlers) of threads that ended before adopting theirs. */
  private static void purgeEnded() {
    for (Iterator<LocalCpu> it = UNADOPTED.iterator(); it.hasNext(); ) {
      LocalCpu cpu = it.next();
      Thread t = cpu.thread.get();
      if (t == null || t.getState() == Thread.State.TERMINATED) {
        it.remove();
        cpu.pending.clear();
        if (t != null) {
          ALL.remove(t);
        }
      }
    }
  }

  /** The registry's weak reference to an adopted CPU. */
  private static final class CpuRef extends WeakReference<LocalCpu> {
    CpuRef(LocalCpu cpu) {
      super(cpu);
    }
  }

  /** The data the tool of slot {@code slot} keeps for this CPU's thread, or null (owner only). */
  public Object toolData(int slot) {
    Object[] data = toolData;
    return slot < data.length ? data[slot] : null;
  }

  /** Sets the data the tool of slot {@code slot} keeps for this CPU's thread (owner only). */
  public void setToolData(int slot, Object value) {
    if (slot >= toolData.length) {
      toolData = java.util.Arrays.copyOf(toolData, slot + 1);
    }
    toolData[slot] = value;
  }

  /** Whether this is the calling thread's CPU, without a thread-local lookup. */
  public boolean isCurrent() {
    return thread.refersTo(Thread.currentThread());
  }

  /** Returns the name of this CPU's thread, for messages. */
  public String threadName() {
    Thread t = thread.get();
    return t == null ? "<terminated>" : t.getName();
  }

  /** Returns the disable depth (owner thread only). */
  public int depth() {
    return depth;
  }

  /**
   * The handler frame that a level taken now belongs to (null outside handlers). Owner thread
   * only. Callers that need to allocate for a new level call this, allocate, then {@link
   * #disable()}.
   */
  public Frame frame() {
    return frame;
  }

  /**
   * Disables interrupts one more level (owner thread only) and returns the handler frame the new
   * level belongs to, which its release must pass back to {@link #enable}.
   */
  public Frame disable() {
    depth++;
    return frame;
  }

  /**
   * Releases one level taken by {@link #disable()} in {@code levelFrame} (owner thread only). A
   * level of a voided frame was already accounted for when its handler returned: releasing it
   * changes nothing.
   *
   * @return whether interrupts just became enabled with handlers pending: the caller must then
   *     call {@link #deliverPending()} (after finishing its own bookkeeping)
   */
  public boolean enable(Frame levelFrame) {
    if (levelFrame != null && levelFrame.voided) {
      return false;
    }
    if (depth <= 0) {
      throw belowZero();
    }
    return --depth == 0 && mayHavePending();
  }

  /**
   * {@link #enable}, then, if that was the last level and handlers are pending, {@link
   * #deliverPending}: the release of a level whose caller has no bookkeeping left to do. The
   * level is given back in this frame, as {@link #enable} gives it back in its own, so that a
   * release reaches no deeper than the acquisition did (see Lock, "Stack for the release").
   *
   * <p>The level is given back by the decrement; the delivery after it is a call, the one part of
   * a release that need not be compiled into its caller: cut short by a {@link
   * StackOverflowError}, it leaves the handlers pending (delivered at the next delivery point),
   * never the level taken. What stays in line is small (a load of {@link #queued}, not the
   * queue's walk), so that the irq lock's whole release compiles within what C2 inlines
   * (docs/guarantees.md, "The overflow guarantee and its limit").
   */
  public void enableAndDeliver(Frame levelFrame) {
    if (levelFrame != null && levelFrame.voided) {
      return;
    }
    if (depth <= 0) {
      throw belowZero();
    }
    if (--depth == 0 && queued != 0) {
      deliverPending();
    }
  }

  private static IllegalStateException belowZero() {
    return new IllegalStateException("ctxlock bug: interrupt depth would go below zero");
  }

  /**
   * Queues a handler for delivery on this CPU; any thread. Counted first (see {@link #queued}):
   * if the add then fails (an {@link OutOfMemoryError}), the count is withdrawn and the error
   * thrown, nothing queued.
   */
  public void enqueue(Raised handler) {
    QUEUED.getAndAdd(this, 1);
    try {
      pending.add(handler);
    } catch (Throwable t) {
      QUEUED.getAndAdd(this, -1);
      throw t;
    }
  }

  /** Returns whether handlers are queued; a snapshot from other threads. */
  public boolean hasPending() {
    return retry != null || !pending.isEmpty();
  }

  /**
   * Whether handlers may be queued (owner thread only): false only when none is, true also while
   * a raiser is between counting and adding its handler (see {@link #queued}).
   */
  private boolean mayHavePending() {
    return queued != 0;
  }

  /** Returns how many handlers this CPU has delivered (owner thread only). */
  public long deliveredCount() {
    return delivered;
  }

  /**
   * The delivery point (owner thread only): while interrupts are enabled, runs the oldest pending
   * handler with interrupts disabled in a new frame, then checks that it left the depth as it
   * found it. A handler that changed it has every level it took voided, and the depth restored.
   * Never throws but for an {@link Error} before a handler starts (then that handler stays
   * pending) or from {@link Raised#finish}.
   */
  public void deliverPending() {
    while (depth == 0) {
      Raised next = retry != null ? retry : pending.peek();
      if (next == null) {
        return;
      }
      // Everything that can fail before the handler is taken off the queue: allocations, and
      // the preparation (the handler's borrowed token).
      Frame f = new Frame();
      Object prepared = next.prepare(this, f);
      if (next == retry) {
        retry = null;
      } else {
        take(next);
      }
      frame = f;
      depth = 1;
      delivered++;
      Throwable thrown = null;
      try {
        next.run(prepared);
      } catch (Throwable t) {
        thrown = t;
      }
      // Restore before any call: a StackOverflowError that cut the handler short must not leave
      // interrupts disabled.
      boolean changed = depth != 1;
      if (changed) {
        f.voided = true;
      }
      depth = 0;
      frame = null;
      try {
        next.finish(prepared, f, changed, thrown);
      } finally {
        // Uncounted last: after the take, so that the count never falls below the queue, and
        // after the handler, so that no call stands between taking it and running it; in a
        // finally, so that an Error in finish does not leave every later release looking.
        QUEUED.getAndAdd(this, -1);
      }
    }
  }

  /** Takes {@code head}, the queue's head, off the queue, without losing it to an Error. */
  private void take(Raised head) {
    try {
      pending.poll();
    } catch (Throwable t) {
      // Single consumer: if the head is no longer head, this poll took it.
      if (pending.peek() != head) {
        retry = head;
      }
      throw t;
    }
  }

  /**
   * The levels taken while one handler ran. Opaque outside this class but for the tokens it
   * records: only passed back to {@link #enable}.
   */
  public static final class Frame {
    /** Set once, by the owner thread, when the handler returned with the depth changed. */
    private boolean voided;

    /** Tokens created for levels of this frame (by the interrupt package), to refuse if voided. */
    private Object[] members = new Object[2];

    private int memberCount;

    private Frame() {}

    /** Whether the handler this frame belongs to returned with the depth changed. */
    public boolean isVoided() {
      return voided;
    }

    /**
     * Records {@code member} (a token for a level of this frame), so that {@link #members} can
     * list it if the frame is voided. Allocates only when the handler takes more than two levels.
     * Owner thread only; call before taking the level.
     */
    public void record(Object member) {
      if (memberCount == members.length) {
        Object[] grown = java.util.Arrays.copyOf(members, memberCount * 2);
        members = grown;
      }
      members[memberCount++] = member;
    }

    /** The recorded members, in order. */
    public List<Object> members() {
      return java.util.Arrays.asList(members).subList(0, memberCount);
    }
  }

  /**
   * A raised interrupt, as this CPU sees it: the interrupt package wraps each handler in one.
   * Every method runs on the target CPU's thread.
   */
  public abstract static class Raised {

    /** For subclasses. */
    protected Raised() {}

    /**
     * Allocates whatever {@link #run} needs, for a handler about to run in {@code frame}. May
     * fail; the handler then stays pending and nothing has changed.
     */
    protected abstract Object prepare(LocalCpu cpu, Frame frame);

    /** Runs the handler, with interrupts disabled (depth 1 in {@code frame}). */
    protected abstract void run(Object prepared);

    /**
     * After {@link #run}, with interrupts enabled again: ends what {@link #prepare} made, and
     * reports {@code thrown} (the handler's exception) and broken contracts. Must not throw.
     *
     * @param depthChanged whether the handler returned with the depth changed (its levels are
     *     void)
     */
    protected abstract void finish(
        Object prepared, Frame frame, boolean depthChanged, Throwable thrown);
  }
}
