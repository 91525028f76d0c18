package dev.ctxlock.sync;

/**
 * Base of context tokens whose lifetime and thread the runtime checks: the Java stand-in for the
 * kernel's borrow checker on {@code &'a LocalInterruptDisabled}.
 *
 * <p>A token is confined to the thread that created it and is open until {@link #close()}d. When a
 * context type extends this class, both generated forms of {@code lockWith} refuse, with {@link
 * IllegalStateException} and nothing taken, a token that is closed or belongs to another thread;
 * and the token counts the guards taken with it, so that closing it while one of them is still
 * open throws and changes nothing. Example:
 *
 * <pre>{@code
 * try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
 *      Guard<Stats, SpinLockBackend> g = stats.lockWith(irqOff)) {
 *   g.get().count++;
 * } // the guard closes first, then the token: resources close in reverse order
 * }</pre>
 *
 * <p>Subclasses implement only {@link #release()}, which leaves the context. Passing a token to a
 * method lends it: only its creator closes it.
 *
 * <p>Not thread-safe, by design: every method but a repeated {@code close()} must run on the
 * owning thread, and the bookkeeping is plain fields read and written by that thread alone.
 */
public abstract class ContextToken implements AutoCloseable {

  // The token's whole mutable state packs into one int, so that the checks on the hot paths are
  // one load and compare, and close()'s body stays small enough to be inlined (see close()):
  // then a token that lives in one method is scalar-replaced and costs no allocation.
  static final int CLOSED = 1;
  /** Closed by the lender because the code it was lent to misused it; see {@link #endBorrow}. */
  static final int REFUSED = 2;
  /** Lent to code that must not close it. */
  static final int BORROWED = 4;
  /** A borrowed token whose borrower tried to close it; see {@link #closeAttempted()}. */
  static final int CLOSE_TRIED = 8;
  /** One open guard taken with this token; the count lives in the bits above the flags. */
  static final int ONE_GUARD = 16;
  private static final int GUARD_SHIFT = 4;

  private final Thread owner;

  /**
   * Flags and open-guard count ({@code guards * ONE_GUARD | flags}). Read and written on the owner
   * thread only, and only by this class's methods (for {@link Lock} and {@link Guard}: {@link
   * #countGuard}, {@link #uncountGuard}), whose callers check the thread first; so a plain int is
   * exact.
   */
  private int bits;

  /** Creates an open token owned by the calling thread. */
  protected ContextToken() {
    this(false);
  }

  /**
   * Creates an open token owned by the calling thread; a {@code borrowed} one is lent to code that
   * must not close it ({@link #close()} throws) and is ended by its lender with {@link
   * #endBorrow}. The runtime uses this for the token an interrupt handler receives.
   */
  protected ContextToken(boolean borrowed) {
    this.owner = Thread.currentThread();
    this.bits = borrowed ? BORROWED : 0;
  }

  /**
   * Leaves the context: checks, then calls {@link #release()} once. A second {@code close()} is a
   * no-op. The token counts as closed even if {@code release()} throws.
   *
   * @throws IllegalStateException with nothing changed, if called on another thread than the one
   *     that created the token, on a borrowed token, or while a guard taken with this token is
   *     still open
   */
  @Override
  public final void close() {
    closeToken();
  }

  // Why close() is a single call, as Guard.close() is. try-with-resources calls close() from its
  // exception handler too, a call site that the profile shows never reached, and C2 inlines
  // nothing of more than MaxTrivialSize (6) bytes of bytecode there. A close() that is not inlined
  // is a call, and a call needs a new frame: where the handler runs because the stack overflowed
  // in the same frame, that frame does not fit either, the token stays open, and its interrupt
  // level stays disabled for good. A one-call close() is inlined at every site, and the call in it
  // is profiled as hot (every close goes through it), so the whole close compiles into the
  // caller's frame wherever the caller is compiled.

  /** The body of {@link #close()}; see above for why it is apart. */
  private void closeToken() {
    if (bits != 0 || owner != Thread.currentThread()) {
      closeSlow();
      return;
    }
    bits = CLOSED;
    release();
  }

  private void closeSlow() {
    if ((bits & CLOSED) != 0) {
      return;
    }
    checkOwner("close");
    if ((bits & BORROWED) != 0) {
      // Recorded for the lender's report (a borrower that catches this exception still broke
      // its contract); nothing else changes.
      bits |= CLOSE_TRIED;
      throw new IllegalStateException(
          describe() + " is borrowed: only the code that lent it may end it");
    }
    int guards = bits >>> GUARD_SHIFT;
    if (guards != 0) {
      throw new IllegalStateException(
          "cannot close " + describe() + " while " + guards
              + " guard(s) taken with it are open; close the guards first");
    }
    // bits == 0 on the owner thread: close() only gets here through a race it cannot have, as
    // every field is owner-confined; handle it like the fast path anyway.
    bits = CLOSED;
    release();
  }

  /** Leaves the context; called once, by {@link #close()}, on the owner thread. */
  protected abstract void release();

  /** Returns {@code true} until the token is closed, ended or refused. */
  protected final boolean isOpen() {
    return (bits & CLOSED) == 0;
  }

  /** Returns how many guards taken with this token are still open. */
  protected final int openGuards() {
    return bits >>> GUARD_SHIFT;
  }

  /** Returns whether the code this borrowed token was lent to tried to close it. */
  protected final boolean closeAttempted() {
    return (bits & CLOSE_TRIED) != 0;
  }

  /**
   * Refuses this token from now on, without calling {@link #release()}: it no longer proves its
   * context, and closing it is a no-op. For the runtime, when it takes back the context the token
   * stood for (an interrupt level that a handler leaked and the runtime voided).
   *
   * @throws IllegalStateException if not called on the owner thread (nothing changed)
   */
  protected final void revoke() {
    checkOwner("revoke");
    bits |= CLOSED | REFUSED;
  }

  /**
   * Ends a borrowed token without calling {@link #release()}: its lender leaves the context
   * itself. With {@code refuse}, every later use (a {@code lockWith}, a relock in {@link
   * Guard#runUnlocked}) fails with a message saying the token was refused.
   *
   * @throws IllegalStateException if the token is not borrowed or not on its owner thread
   */
  protected final void endBorrow(boolean refuse) {
    checkOwner("endBorrow");
    if ((bits & BORROWED) == 0) {
      throw new IllegalStateException(describe() + " is not borrowed");
    }
    bits |= refuse ? CLOSED | REFUSED : CLOSED;
  }

  /** Counts one more open guard taken with this token; owner thread, after {@link #checkUsable}. */
  final void countGuard() {
    bits += ONE_GUARD;
  }

  /** Counts one guard taken with this token fewer; owner thread, as its guard closes. */
  final void uncountGuard() {
    bits -= ONE_GUARD;
  }

  /**
   * Throws unless this token may prove its context now: open, and on its owner thread. Called on
   * every {@code lockWith}, so the common case is one load, one mask and one compare.
   */
  final void checkUsable() {
    if ((bits & CLOSED) != 0 || owner != Thread.currentThread()) {
      throw unusable();
    }
  }

  private IllegalStateException unusable() {
    if (owner != Thread.currentThread()) {
      return wrongThread("use");
    }
    if ((bits & REFUSED) != 0) {
      return new IllegalStateException(
          describe() + " was refused: the interrupt handler it belongs to returned with its"
              + " bookkeeping broken (a level left disabled, a guard taken with its token still"
              + " open, or its token closed), so it no longer proves its context");
    }
    return new IllegalStateException(describe() + " is closed");
  }

  private void checkOwner(String what) {
    if (owner != Thread.currentThread()) {
      throw wrongThread(what);
    }
  }

  private IllegalStateException wrongThread(String what) {
    return new IllegalStateException(
        "cannot " + what + " " + describe() + " on thread " + Thread.currentThread().getName()
            + ": it belongs to thread " + owner.getName());
  }

  private String describe() {
    return getClass().getSimpleName() + " token";
  }

  @Override
  public String toString() {
    int b = bits;
    String s = (b & REFUSED) != 0 ? "refused" : (b & CLOSED) != 0 ? "closed" : "open";
    return getClass().getSimpleName() + "[" + s + ", thread=" + owner.getName()
        + ", openGuards=" + (b >>> GUARD_SHIFT) + ((b & BORROWED) != 0 ? ", borrowed" : "") + "]";
  }
}
