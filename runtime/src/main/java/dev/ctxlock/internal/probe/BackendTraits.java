package dev.ctxlock.internal.probe;

/**
 * What the tools know of one backend class: what it declares (its label, its wait type) and what
 * its acquisitions were seen to do to the thread's interrupt level. Never its identity: a user's
 * backend that declares what a shipped one declares is treated the same in every rule.
 *
 * <p>One instance per backend class, made by the runtime from the backend's {@code @Waits}.
 */
public final class BackendTraits {

  /** {@link #irqLevels()} before any acquisition by this backend was observed. */
  public static final int UNKNOWN = -1;
  /** {@link #irqLevels()} once two observations disagreed: the backend decides per call. */
  public static final int VARIES = -2;

  private final String label;
  private final boolean spins;
  private final boolean sleeps;

  /** Levels every observed acquisition took, or {@link #UNKNOWN} / {@link #VARIES}. */
  private volatile int irqLevels = UNKNOWN;

  /**
   * {@code irqLevels >= 0}, as a plain field for the lock's fast path (see {@link
   * #levelsConstant}): written only with {@link #irqLevels}.
   */
  private boolean levelsConstant;

  /**
   * @param label the backend's class name, for reports and events
   * @param spins declared {@code @Waits(SPIN)}: holding it is atomic context
   * @param sleeps declared {@code @Waits(SLEEP)}: a waiting acquisition may sleep
   */
  public BackendTraits(String label, boolean spins, boolean sleeps) {
    this.label = label;
    this.spins = spins;
    this.sleeps = sleeps;
  }

  /** The backend's class name (an enum backend's enum class, not its constant). */
  public String label() {
    return label;
  }

  /** Whether the backend declares that its waiters spin: holding it is atomic context. */
  public boolean spins() {
    return spins;
  }

  /** Whether the backend declares that its waiters sleep. */
  public boolean sleeps() {
    return sleeps;
  }

  /**
   * The interrupt-disable levels every observed acquisition of this backend took (and so its
   * release gives back), or {@link #UNKNOWN} before the first observation, or {@link #VARIES}.
   */
  public int irqLevels() {
    return irqLevels;
  }

  /**
   * Whether every observed acquisition took the same number of levels ({@link #irqLevels} is
   * that number): then a lock need not observe its acquisitions for a {@code CondVar} to know
   * what a release gives back. A plain read, for the fast path of every acquisition where no tool
   * tracks locks: a stale {@code false} only makes one more acquisition observe itself, and a
   * stale {@code true} is what the fast path would have assumed a moment earlier (a backend whose
   * levels start to vary is learned at the first wait that sees it, see CondVar).
   */
  public boolean levelsConstant() {
    return levelsConstant;
  }

  /** Records that an acquisition took {@code levels} interrupt-disable levels. */
  public void observeIrqLevels(int levels) {
    int known = irqLevels;
    if (known == levels || known == VARIES) {
      return;
    }
    // Racy but monotonic enough: UNKNOWN becomes a value, a disagreement becomes VARIES, and a
    // lost update can only be repeated by the next observation.
    int now = known == UNKNOWN ? levels : VARIES;
    irqLevels = now;
    levelsConstant = now >= 0;
  }

  @Override
  public String toString() {
    return label + (spins ? " [SPIN]" : sleeps ? " [SLEEP]" : " [wait type unknown]");
  }
}
