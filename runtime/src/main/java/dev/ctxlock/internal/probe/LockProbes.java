package dev.ctxlock.internal.probe;

import dev.ctxlock.internal.LocalCpu;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The seam's entry points, called by the lock primitives: each fans out to the loaded {@link
 * LockProbe}s.
 *
 * <h2>Cost</h2>
 *
 * <p>The probes are loaded once, when this class initializes, and kept in static final fields:
 * the JIT treats them as constants. {@link #TRACKING} is false unless some loaded probe tracks
 * holds, and the primitives test it before calling any hold hook, so with no such tool every hold
 * hook is dead code that the JIT removes: the lock paths compile as if there were no seam. The
 * contention hooks are called on slow paths only (a busy lock), where one more call is noise
 * against the wait.
 *
 * <p>A hook that throws (a validator report) is the acquisition's failure, as documented per hook
 * on {@link LockProbe}; probes after it in the chain are not called for that event.
 */
public final class LockProbes {

  /**
   * Whether some loaded probe tracks holds from the start: then every lock is built with a {@link
   * LockMap}. When false and {@link #MAY_TRACK} is false too, no hold hook is ever called.
   */
  public static final boolean TRACKING;

  /**
   * Whether some loaded probe tracks holds, from the start or once {@link #activate activated}:
   * the primitives test it (a constant) before looking at a lock's map, so that with no such tool
   * the check folds away.
   */
  public static final boolean MAY_TRACK;

  /**
   * Whether some loaded probe that tracks holds {@link LockProbe#usesCpu uses the acquiring
   * thread's CPU}: the primitives test it (a constant) before looking the CPU up.
   */
  public static final boolean HOLDS_USE_CPU;

  /**
   * Whether every loaded probe that tracks holds {@link LockProbe#holdHooksInline has light hold
   * hooks} and none uses the CPU: the primitives test it (a constant) to run a tracked
   * acquisition inline rather than in their out-of-line slow path.
   */
  public static final boolean HOLDS_INLINE;

  /** Whether an activated tool runs now (see {@link #activate}). */
  private static volatile boolean active;

  /** Every loaded probe, in load order; a probe's slot is its index here. */
  private static final LockProbe[] ALL;

  /** The probes that track holds: null, one probe, or a {@link Chain}. */
  private static final @Nullable LockProbe HOLDS;

  /** Every probe, for the contention hooks: null, one probe, or a {@link Chain}. */
  private static final @Nullable LockProbe CONTENTION;

  static {
    List<LockProbe> all = new ArrayList<>();
    List<LockProbe> holds = new ArrayList<>();
    Iterator<ProbeProvider> providers = ServiceLoader.load(ProbeProvider.class).iterator();
    while (true) {
      try {
        if (!providers.hasNext()) {
          break;
        }
        LockProbe probe = providers.next().probe();
        if (probe != null) {
          all.add(probe);
          if (probe.tracksHolds()) {
            holds.add(probe);
          }
        }
      } catch (ServiceConfigurationError | RuntimeException e) {
        // A broken provider on the class path must not break every lock: the tool it brings stays
        // off, the JVM says why, and the loader goes on with the next provider.
        System.getLogger("dev.ctxlock")
            .log(System.Logger.Level.WARNING, "a ctxlock tool could not be loaded: " + e, e);
      }
    }
    ALL = all.toArray(new LockProbe[0]);
    HOLDS = chain(holds);
    CONTENTION = chain(all);
    TRACKING = holds.stream().anyMatch(LockProbe::tracksFromStart);
    MAY_TRACK = HOLDS != null;
    HOLDS_USE_CPU = holds.stream().anyMatch(LockProbe::usesCpu);
    HOLDS_INLINE =
        !holds.isEmpty()
            && !HOLDS_USE_CPU
            && holds.stream().allMatch(LockProbe::holdHooksInline);
  }

  private LockProbes() {}

  private static @Nullable LockProbe chain(List<LockProbe> probes) {
    return probes.isEmpty()
        ? null
        : probes.size() == 1 ? probes.get(0) : new Chain(probes.toArray(new LockProbe[0]));
  }

  /**
   * Switches the tools that track only when activated on or off: locks built while on carry a
   * {@link LockMap}, and the operations that are not lock acquisitions (condition waits, signals,
   * interrupt operations) are reported while on. For a scheduler around its explorations.
   */
  public static void activate(boolean on) {
    active = on;
  }

  /**
   * Whether locks built now are tracked, and the operations that are not acquisitions reported:
   * {@link #TRACKING}, or an activated tool running. A constant false when no tool tracks holds.
   */
  public static boolean tracking() {
    return TRACKING || (MAY_TRACK && active);
  }

  /** The number of slots a {@link LockClass} has: one per loaded probe. */
  static int slotCount() {
    return ALL.length;
  }

  /** The slot of {@code probe} in every {@link LockClass}; -1 if it is not loaded. */
  public static int slotOf(LockProbe probe) {
    for (int i = 0; i < ALL.length; i++) {
      if (ALL[i] == probe) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the probe named {@code name} ({@link LockProbe#name}) is loaded in this JVM. */
  public static boolean isLoaded(String name) {
    for (LockProbe p : ALL) {
      if (p.name().equals(name)) {
        return true;
      }
    }
    return false;
  }

  // ---- Hold hooks: call only for a lock with a map (or, for the others, when tracking()).

  /** See {@link LockProbe#acquire(LockMap, BackendTraits, int, LocalCpu)}. */
  public static void acquire(
      LockMap lock, BackendTraits taker, int form, @Nullable LocalCpu cpu) {
    holds().acquire(lock, taker, form, cpu);
  }

  /** See {@link LockProbe#acquired(LockMap, BackendTraits, int, int, LocalCpu)}. */
  public static void acquired(
      LockMap lock, BackendTraits taker, int form, int irqLevels, @Nullable LocalCpu cpu) {
    holds().acquired(lock, taker, form, irqLevels, cpu);
  }

  /** See {@link LockProbe#released}. */
  public static void released(LockMap lock) {
    holds().released(lock);
  }

  /** See {@link LockProbe#restored}. */
  public static void restored(LockMap lock, BackendTraits taker, int irqLevels) {
    holds().restored(lock, taker, irqLevels);
  }

  /** See {@link LockProbe#beforeWait}. */
  public static void beforeWait(
      LockMap lock, BackendTraits taker, int irqLevelsKept, Object condVar) {
    holds().beforeWait(lock, taker, irqLevelsKept, condVar);
  }

  /** See {@link LockProbe#park}: the first probe that takes the wait over answers. */
  public static int park(Object blocker, BooleanSupplier ready, boolean timed) {
    return holds().park(blocker, ready, timed);
  }

  /** See {@link LockProbe#operation}. */
  public static void operation(String what, @Nullable Object subject) {
    holds().operation(what, subject);
  }

  private static LockProbe holds() {
    LockProbe p = HOLDS;
    if (p == null) {
      throw new IllegalStateException("a hold hook was called with no probe tracking holds");
    }
    return p;
  }

  // ---- Contention hooks: slow paths only, always.

  /** See {@link LockProbe#contended}. */
  public static @Nullable Object contended(
      @Nullable LockMap lock, String lockName, BackendTraits taker) {
    LockProbe p = CONTENTION;
    return p == null ? null : p.contended(lock, lockName, taker);
  }

  /** Whether a probe asked, through {@link #contended}'s {@code context}, to time the wait out. */
  public static boolean timedOut(@Nullable Object context) {
    if (context == LockProbe.TIMED_OUT) {
      return true;
    }
    if (context instanceof Object[] contexts && CONTENTION instanceof Chain) {
      for (Object c : contexts) {
        if (c == LockProbe.TIMED_OUT) {
          return true;
        }
      }
    }
    return false;
  }

  /** See {@link LockProbe#waited}. */
  public static void waited(@Nullable Object context, boolean acquired) {
    LockProbe p = CONTENTION;
    if (p != null) {
      p.waited(context, acquired);
    }
  }

  /** Several probes as one: each hook in load order. */
  private static final class Chain implements LockProbe {
    private final LockProbe[] probes;

    Chain(LockProbe[] probes) {
      this.probes = probes;
    }

    @Override
    public String name() {
      return "chain";
    }

    @Override
    public void acquire(
        LockMap lock, BackendTraits taker, int form, @Nullable LocalCpu cpu) {
      for (LockProbe p : probes) {
        if (p.tracksHolds()) {
          p.acquire(lock, taker, form, cpu);
        }
      }
    }

    @Override
    public void acquired(
        LockMap lock, BackendTraits taker, int form, int irqLevels, @Nullable LocalCpu cpu) {
      for (LockProbe p : probes) {
        if (p.tracksHolds()) {
          p.acquired(lock, taker, form, irqLevels, cpu);
        }
      }
    }

    @Override
    public void released(LockMap lock) {
      for (LockProbe p : probes) {
        if (p.tracksHolds()) {
          p.released(lock);
        }
      }
    }

    @Override
    public void restored(LockMap lock, BackendTraits taker, int irqLevels) {
      for (LockProbe p : probes) {
        if (p.tracksHolds()) {
          p.restored(lock, taker, irqLevels);
        }
      }
    }

    @Override
    public void beforeWait(LockMap lock, BackendTraits taker, int irqLevelsKept, Object condVar) {
      for (LockProbe p : probes) {
        if (p.tracksHolds()) {
          p.beforeWait(lock, taker, irqLevelsKept, condVar);
        }
      }
    }

    @Override
    public int park(Object blocker, BooleanSupplier ready, boolean timed) {
      for (LockProbe p : probes) {
        if (p.tracksHolds()) {
          int answer = p.park(blocker, ready, timed);
          if (answer != NOT_HANDLED) {
            return answer;
          }
        }
      }
      return NOT_HANDLED;
    }

    @Override
    public void operation(String what, @Nullable Object subject) {
      for (LockProbe p : probes) {
        if (p.tracksHolds()) {
          p.operation(what, subject);
        }
      }
    }

    /** One context per probe, in an array. */
    @Override
    public Object contended(@Nullable LockMap lock, String lockName, BackendTraits taker) {
      Object[] contexts = new Object[probes.length];
      for (int i = 0; i < probes.length; i++) {
        contexts[i] = probes[i].contended(lock, lockName, taker);
      }
      return contexts;
    }

    @Override
    public void waited(@Nullable Object context, boolean acquired) {
      Object[] contexts = (Object[]) context;
      for (int i = 0; i < probes.length; i++) {
        probes[i].waited(contexts == null ? null : contexts[i], acquired);
      }
    }
  }
}
