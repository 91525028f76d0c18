package dev.ctxlock.internal.probe;

import dev.ctxlock.internal.LocalCpu;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.ref.WeakReference;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the tools see of one lock: its name and its {@link LockClass}. The kernel's {@code
 * lockdep_map}, embedded in every lock while some tool tracks holds (else the lock has none). Its
 * identity is the lock's: tools key held locks by it.
 */
public final class LockMap {

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private static final VarHandle STAT_ACQUISITIONS;
  private static final VarHandle STAT_MARKS;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      STAT_ACQUISITIONS = l.findVarHandle(LockMap.class, "statAcquisitions", long.class);
      STAT_MARKS = l.findVarHandle(LockMap.class, "statMarks", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * {@link #statSince} before the lock's first counted hold, and after an acquisition that the
   * lock statistics failed to count: the release that follows has no hold to time.
   */
  public static final long STAT_NOT_HELD = Long.MIN_VALUE;

  private final String name;
  private volatile LockClass lockClass;

  /**
   * The lock this map belongs to, weakly: a tool that keeps the map past the lock (the lock
   * statistics, which keep its counts) learns from this when the lock is gone.
   */
  private final WeakReference<Object> owner;

  /** One slot per loaded probe, indexed by {@link LockProbes#slotOf}. */
  private final Object[] slots;

  /**
   * The CPU of the last thread that asked {@link #callerCpu}: a racy cache (threads that take the
   * lock at once may overwrite each other's), safe because a CPU's thread is a final field, so a
   * thread that reads another's CPU here sees that thread and looks its own up.
   */
  private @Nullable LocalCpu lastCpu;

  // The lock statistics' per-lock fields. As the kernel's lockdep_map carries lockstat's, the map
  // carries what every tracked acquisition and release of the lock statistics touches, so that
  // they read and write nothing but the map: through the slot's data they would be two more
  // dependent loads (the slot array, then the data), after the acquisition's compare-and-set,
  // on the path that decides how soon the lock is free again (docs/performance.md, "Lock
  // statistics"). What they mean is the statistics' (dev.ctxlock.internal.stats.LockStats).

  /**
   * The class {@link #statAcquisitions} counts for, or null before the first counted
   * acquisition. Written and read by the holder only: plain, ordered by the lock itself.
   */
  private @Nullable LockClass statClass;

  /** Acquisitions counted, since the map was made. The holder writes, opaque; anyone reads. */
  @SuppressWarnings("unused") // through STAT_ACQUISITIONS
  private long statAcquisitions;

  /**
   * When the current (or, between holds, the last) counted hold began, on the statistics' clock,
   * or {@link #STAT_NOT_HELD}. Holder.
   */
  private long statSince = STAT_NOT_HELD;

  /** The statistics' wait marks: written by waiters, who do not hold the lock, so atomic. */
  @SuppressWarnings("unused") // through STAT_MARKS
  private volatile long statMarks;

  private LockMap(String name, LockClass lockClass, Object owner) {
    this.name = name;
    this.lockClass = lockClass;
    this.owner = new WeakReference<>(owner);
    this.slots = new Object[LockProbes.slotCount()];
  }

  /**
   * The map of {@code lock}, named {@code name}, which is being constructed now, whose class is
   * its construction site: the first stack frame outside the constructors of {@code lockType} and
   * its subclasses, and outside this package.
   */
  public static LockMap ofNewLock(String name, Class<?> lockType, Object lock) {
    String site =
        WALKER.walk(
            frames ->
                frames
                    .filter(
                        f ->
                            f.getDeclaringClass().getPackage() != LockMap.class.getPackage()
                                && !(f.getMethodName().equals("<init>")
                                    && lockType.isAssignableFrom(f.getDeclaringClass())))
                    .findFirst()
                    .map(
                        f ->
                            f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName()
                                + ":" + f.getLineNumber() + ")")
                    .orElse("<unknown>"));
    return new LockMap(name, LockClass.of(site, site, name), lock);
  }

  /**
   * The calling thread's CPU, for a tracked acquisition of this lock. The same as {@link
   * LocalCpu#current()}, without its thread-local lookup when the caller was the last thread to
   * ask (a lock that one thread takes again and again, the common case): the check reads the
   * cached CPU's thread, and the cache is written only when another thread asks.
   */
  public LocalCpu callerCpu() {
    LocalCpu c = lastCpu;
    if (c != null && c.isCurrent()) {
      return c;
    }
    c = LocalCpu.current();
    lastCpu = c;
    return c;
  }

  /** The lock's name. */
  public String name() {
    return name;
  }

  /** The lock's class now. */
  public LockClass lockClass() {
    return lockClass;
  }

  /**
   * Puts the lock in subclass {@code subclass} (0: the class itself) of its construction site's
   * class: the kernel's {@code lockdep_set_subclass}. The caller checked that the lock is not held.
   */
  public void setSubclass(int subclass) {
    String site = lockClass.baseSite();
    lockClass =
        subclass == 0
            ? LockClass.of(site, site, name)
            : LockClass.of(site + "#" + subclass, site + " subclass " + subclass, name);
  }

  /**
   * Puts the lock in the class named {@code className}: the kernel's {@code
   * lockdep_set_class_and_name}. The caller checked that the lock is not held.
   */
  public void setClass(String className) {
    Objects.requireNonNull(className, "className");
    lockClass = LockClass.of("name:" + className, "class " + className, name);
  }

  /**
   * The data a tool keeps for this lock in slot {@code slot} ({@link LockProbes#slotOf}), or
   * null. A plain read, for the hold hooks of a thread that holds the lock (or is taking it): what
   * the data was set to by a holder before, the lock's own release-acquire ordering publishes.
   */
  public @Nullable Object data(int slot) {
    return slots[slot];
  }

  /**
   * Sets the data in slot {@code slot} to {@code value}: a plain store, for the hold hooks of the
   * thread that holds the lock, which the lock's release-acquire ordering publishes to the next
   * holder (as {@link #data} says). Not for data that threads without the lock write.
   */
  public void setData(int slot, @Nullable Object value) {
    slots[slot] = value;
  }

  /** The lock this map belongs to, or null once it was collected. */
  public @Nullable Object owner() {
    return owner.get();
  }

  // ---- The lock statistics' fields (see above); each accessor is one access to its field, as the
  // ---- field's comment says, for the hooks compiled into every tracked acquisition and release.

  /** The class the acquisitions are counted for; the holder only. */
  public @Nullable LockClass statClass() {
    return statClass;
  }

  /** Sets the class the acquisitions are counted for; the holder only. */
  public void setStatClass(LockClass c) {
    statClass = c;
  }

  /** One more acquisition; the holder only. */
  public void countStatAcquisition() {
    STAT_ACQUISITIONS.setOpaque(this, (long) STAT_ACQUISITIONS.getOpaque(this) + 1);
  }

  /** The acquisitions counted so far; any thread, whole if a little late. */
  public long statAcquisitions() {
    return (long) STAT_ACQUISITIONS.getOpaque(this);
  }

  /** When the current (or last) counted hold began, or {@link #STAT_NOT_HELD}; the holder only. */
  public long statSince() {
    return statSince;
  }

  /** Sets when the current hold began; the holder only. */
  public void setStatSince(long since) {
    statSince = since;
  }

  /** The wait marks: a volatile read. */
  public long statMarks() {
    return statMarks;
  }

  /** Adds {@code delta} to the wait marks atomically, and returns what they were. */
  public long getAndAddStatMarks(long delta) {
    return (long) STAT_MARKS.getAndAdd(this, delta);
  }

  /** Sets the wait marks to {@code update} if they are {@code expected}, atomically. */
  public boolean compareAndSetStatMarks(long expected, long update) {
    return STAT_MARKS.compareAndSet(this, expected, update);
  }

  /** {@code name (site)}, as reports show a lock. */
  public String describe() {
    return name + " (" + lockClass.site() + ")";
  }

  @Override
  public String toString() {
    return "LockMap[" + describe() + "]";
  }
}
