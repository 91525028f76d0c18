package dev.ctxlock.internal.probe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One class of locks: every lock constructed at one place in the code, or put in the class with a
 * subclass number or an explicit name. The kernel's {@code lock_class}: tools keep their per-class
 * data here (the validator its order graph, statistics their counters), each in its own slot.
 */
public final class LockClass {

  private static final ConcurrentHashMap<String, LockClass> CLASSES = new ConcurrentHashMap<>();

  private final String key;
  private final String site;
  private final String firstName;
  /** A well-spread 64-bit value per class, for tools that hash chains of classes. */
  private final long hash;

  /**
   * One slot per loaded probe, indexed by {@link LockProbes#slotOf}: set once, by a CAS, to an
   * object the tool made (which must be safe to publish: final fields, or its own
   * synchronization), then read with a plain load on the tools' hot paths.
   */
  private final Object[] slots;

  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

  private LockClass(String key, String site, String firstName) {
    this.key = key;
    this.site = site;
    this.firstName = firstName;
    long h = key.hashCode() * 0x9E3779B97F4A7C15L;
    this.hash = h ^ (h >>> 29) ^ System.identityHashCode(this);
    this.slots = new Object[LockProbes.slotCount()];
  }

  /** The class with {@code key}, made on first use with {@code site} and {@code firstName}. */
  static LockClass of(String key, String site, String firstName) {
    LockClass c = CLASSES.get(key);
    return c != null ? c : CLASSES.computeIfAbsent(key, k -> new LockClass(k, site, firstName));
  }

  /** The key the class is found by: a construction site, a subclass of one, or a declared name. */
  public String key() {
    return key;
  }

  /** Where locks of this class are constructed, or the name the class was declared with. */
  public String site() {
    return site;
  }

  /** The construction site without a subclass suffix. */
  String baseSite() {
    int sharp = key.indexOf('#');
    return key.startsWith("name:") ? site : sharp < 0 ? key : key.substring(0, sharp);
  }

  /** The name of the first lock of this class, for reports about the class. */
  public String firstName() {
    return firstName;
  }

  /** A well-spread 64-bit hash of this class, stable for its life. */
  public long hash() {
    return hash;
  }

  /**
   * The data a tool keeps for this class in slot {@code slot} ({@link LockProbes#slotOf}), made by
   * {@code make} on first use (once: concurrent first uses see the same object).
   */
  @SuppressWarnings("unchecked")
  public <D> D data(int slot, Function<LockClass, D> make) {
    Object d = slots[slot];
    return d != null ? (D) d : made(slot, make);
  }

  /** {@link #data}'s first use: makes the data, unless another thread's is there first. */
  @SuppressWarnings("unchecked")
  private <D> D made(int slot, Function<LockClass, D> make) {
    Object d = SLOTS.getVolatile(slots, slot);
    if (d == null) {
      D made = make.apply(this);
      d = SLOTS.compareAndExchange(slots, slot, (Object) null, (Object) made);
      if (d == null) {
        d = made;
      }
    }
    return (D) d;
  }

  /** Every class made so far; for tools that reset or list their data. */
  public static Iterable<LockClass> all() {
    return CLASSES.values();
  }

  @Override
  public String toString() {
    return "LockClass[" + key + "]";
  }
}
