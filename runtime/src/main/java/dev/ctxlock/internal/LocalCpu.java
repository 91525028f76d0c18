package dev.ctxlock.internal;

import dev.ctxlock.interrupt.InterruptHandler;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The emulated local CPU of one thread: its counted interrupt-disable depth and its queue of
 * raised, undelivered interrupt handlers.
 *
 * <p><b>Not API.</b> Public only so that {@code dev.ctxlock.sync.SpinLockIrqBackend} and {@code
 * dev.ctxlock.interrupt} share it; the package is not exported and may change at any time. Use
 * {@code dev.ctxlock.interrupt.LocalInterrupts}.
 *
 * <h2>Threading</h2>
 *
 * <p>The depth and the handler frame are owned by the thread this CPU belongs to: only that thread
 * reads or writes them, so they are plain fields. Other threads touch only {@link #enqueue}, whose
 * queue is a lock-free multi-producer queue; its happens-before edge (enqueue before poll) is what
 * publishes a handler, and whatever the raiser wrote before raising, to the target thread.
 */
public final class LocalCpu {

  /**
   * Every thread's CPU, so that {@code raise} can reach another thread's queue. Weak keys: a
   * terminated thread's CPU, and its undelivered handlers, go with it. The value never refers to
   * its thread, or the entry could not be collected. Guarded by itself; touched once per thread
   * (first use) and once per raise on another thread.
   */
  private static final Map<Thread, LocalCpu> ALL = new WeakHashMap<>();

  /** The calling thread's CPU, found without the shared map after the first lookup. */
  private static final ThreadLocal<LocalCpu> CURRENT =
      ThreadLocal.withInitial(() -> of(Thread.currentThread()));

  /** Interrupt-disable depth; interrupts are enabled at zero. Owner thread only. */
  private int depth;

  /** The handler running on this CPU, or null. Owner thread only. Handlers never nest. */
  private Frame frame;

  private final ConcurrentLinkedQueue<InterruptHandler> pending = new ConcurrentLinkedQueue<>();

  /**
   * The thread this CPU belongs to. Weak, so that {@link #ALL}'s entry (whose value this is) does
   * not keep its own weak key alive.
   */
  private final WeakReference<Thread> thread;

  private LocalCpu(Thread thread) {
    this.thread = new WeakReference<>(thread);
  }

  /** Returns the calling thread's CPU. */
  public static LocalCpu current() {
    return CURRENT.get();
  }

  /** Returns {@code thread}'s CPU, creating it if the thread has not used one yet. */
  public static LocalCpu of(Thread thread) {
    synchronized (ALL) {
      return ALL.computeIfAbsent(thread, LocalCpu::new);
    }
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
   *     deliver them (after finishing its own bookkeeping)
   */
  public boolean enable(Frame levelFrame) {
    if (levelFrame != null && levelFrame.voided) {
      return false;
    }
    if (depth <= 0) {
      throw new IllegalStateException("ctxlock bug: interrupt depth would go below zero");
    }
    return --depth == 0 && !pending.isEmpty();
  }

  /** Queues a handler for delivery on this CPU; any thread. */
  public void enqueue(InterruptHandler handler) {
    pending.add(handler);
  }

  /** Returns whether handlers are queued; any thread, a snapshot. */
  public boolean hasPending() {
    return !pending.isEmpty();
  }

  /** Takes the oldest queued handler, or null (owner thread only: the queue's single consumer). */
  public InterruptHandler poll() {
    return pending.poll();
  }

  /**
   * Starts running a handler: interrupts go from enabled to disabled (depth 0 to 1), and levels
   * taken from now on belong to the returned frame.
   */
  public Frame enterHandler() {
    if (depth != 0 || frame != null) {
      throw new IllegalStateException("ctxlock bug: handler entered with interrupts disabled");
    }
    Frame f = new Frame();
    frame = f;
    depth = 1;
    return f;
  }

  /**
   * Ends the running handler and re-enables interrupts. If the handler left the depth changed,
   * every level it took is voided (releasing one later changes nothing) and the depth is restored.
   *
   * @return whether the handler left the depth changed (a bug the caller reports)
   */
  public boolean exitHandler(Frame f) {
    boolean changed = depth != 1;
    if (changed) {
      f.voided = true;
    }
    depth = 0;
    frame = null;
    return changed;
  }

  /**
   * The levels taken while one handler ran. Opaque outside this class: only passed back to {@link
   * #enable}.
   */
  public static final class Frame {
    /** Set once, by the owner thread, when the handler returned with the depth changed. */
    private boolean voided;

    private Frame() {}
  }
}
