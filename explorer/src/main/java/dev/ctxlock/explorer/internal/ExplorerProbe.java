package dev.ctxlock.explorer.internal;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.probe.BackendTraits;
import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.internal.probe.LockProbe;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The explorer's client of the instrumentation seam: on a thread of the running {@link Execution},
 * every ctxlock operation is a scheduling point, a busy lock blocks the thread in the scheduler
 * instead of spinning, and a condition wait blocks until signalled (or a timeout is chosen). On
 * every other thread, and when no exploration runs, each hook returns at once.
 */
final class ExplorerProbe implements LockProbe {

  static final ExplorerProbe INSTANCE = new ExplorerProbe();

  /** The scenario thread's participant; null on every other thread. */
  private static final ThreadLocal<Participant> PARTICIPANT = new ThreadLocal<>();

  /** The running execution, or null. One at a time per JVM (see Explorer). */
  private static volatile @Nullable Execution active;

  private ExplorerProbe() {}

  static void begin(Execution e) {
    active = e;
  }

  static void end(Execution e) {
    if (active == e) {
      active = null;
    }
  }

  static void attach(Participant p) {
    PARTICIPANT.set(p);
  }

  /** This thread's participant in the running execution, unless the explorer itself acts. */
  private static @Nullable Participant me() {
    if (active == null) {
      return null;
    }
    Participant p = PARTICIPANT.get();
    return p == null || p.quiet > 0 ? null : p;
  }

  @Override
  public String name() {
    return "explorer";
  }

  @Override
  public boolean tracksFromStart() {
    return false;
  }

  private static String formName(int form) {
    switch (form) {
      case TRY:
        return "tryLock";
      case TIMED:
        return "tryLock(timeout)";
      case INTERRUPTIBLE:
        return "lockInterruptibly";
      case RELOCK:
        return "relock";
      default:
        return "lock";
    }
  }

  @Override
  public void acquire(LockMap lock, BackendTraits taker, int form) {
    Participant p = me();
    Execution e = active;
    if (p == null || e == null) {
      return;
    }
    p.timedAcquisition = form == TIMED;
    e.nameLock(lock, lock.name());
    e.point(p, formName(form), null, lock);
    if (form == RELOCK) {
      // A relock goes straight to the backend's blocking relock, with no first attempt: wait here,
      // in the scheduler, until no other thread holds the lock.
      Participant holder = e.holder(lock);
      while (holder != null && holder != p) {
        e.waitFor(p, lock, lock.name());
        e.point(p, "blocks on", null, lock);
        holder = e.holder(lock);
      }
    }
  }

  @Override
  public void acquired(LockMap lock, BackendTraits taker, int form, int irqLevels) {
    Participant p = me();
    Execution e = active;
    if (p != null && e != null) {
      e.acquired(p, lock);
    }
  }

  @Override
  public void restored(LockMap lock, BackendTraits taker, int irqLevels) {
    acquired(lock, taker, LOCK, irqLevels);
  }

  @Override
  public void released(LockMap lock) {
    Participant p = me();
    Execution e = active;
    if (p == null || e == null) {
      return;
    }
    // A point while the lock is still held: another thread chosen here finds it busy. The
    // release itself follows at once, before this thread's next point.
    e.point(p, "unlock", null, lock);
    e.released(lock);
  }

  @Override
  public @Nullable Object contended(@Nullable LockMap lock, String lockName, BackendTraits taker) {
    Participant p = me();
    Execution e = active;
    if (p == null || e == null || lock == null) {
      return null;
    }
    Participant holder = e.holder(lock);
    boolean inHandler = LocalCpu.current().frame() != null;
    if (holder == null || (holder == p && !inHandler)) {
      // Held by no thread of the scenario, or reentrance by this thread (the backend refuses it):
      // the backend decides, as without the explorer.
      return null;
    }
    // Held by another thread; or by this very CPU, under the interrupt handler now running on it:
    // a kernel CPU would spin here forever, so the scheduler blocks it, and a deadlock shows.
    e.waitFor(p, lock, lockName);
    Alternative.Kind resumed = e.point(p, "blocks on", null, lock);
    return resumed == Alternative.Kind.TIMEOUT ? TIMED_OUT : null;
  }

  @Override
  public int park(Object blocker, BooleanSupplier ready, boolean timed) {
    Participant p = me();
    Execution e = active;
    if (p == null || e == null) {
      return NOT_HANDLED;
    }
    if (ready.getAsBoolean()) {
      return READY;
    }
    String what = blocker instanceof LocalCpu ? "an interrupt" : String.valueOf(blocker);
    e.parkUntil(p, what, ready, timed);
    Alternative.Kind resumed =
        e.point(p, blocker instanceof LocalCpu ? "awaitInterrupt" : "waits on", what, null);
    return resumed == Alternative.Kind.TIMEOUT ? PARK_TIMED_OUT : READY;
  }

  @Override
  public void operation(String what, @Nullable Object subject) {
    Participant p = me();
    Execution e = active;
    if (p == null || e == null) {
      return;
    }
    String s = subject instanceof Thread t ? t.getName() : subject == null ? null : subject.toString();
    e.point(p, what, s, null);
  }
}
