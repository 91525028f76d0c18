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

  private static final byte OPEN = 0;
  private static final byte CLOSED = 1;
  /** Closed by the runtime because the code it was lent to misused it; see {@link #endBorrow}. */
  private static final byte REFUSED = 2;

  private final Thread owner;
  private final boolean borrowed;
  private byte status;

  /**
   * Guards taken with this token and not yet closed. Written by {@link Lock} and {@link Guard} on
   * the owner thread only (both check the thread first), so a plain int is exact.
   */
  int openGuards;

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
    this.borrowed = borrowed;
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
    if (status != OPEN) {
      return;
    }
    checkOwner("close");
    if (borrowed) {
      throw new IllegalStateException(
          describe() + " is borrowed: only the code that lent it may end it");
    }
    if (openGuards != 0) {
      throw new IllegalStateException(
          "cannot close " + describe() + " while " + openGuards
              + " guard(s) taken with it are open; close the guards first");
    }
    status = CLOSED;
    release();
  }

  /** Leaves the context; called once, by {@link #close()}, on the owner thread. */
  protected abstract void release();

  /** Returns {@code true} until the token is closed, ended or refused. */
  protected final boolean isOpen() {
    return status == OPEN;
  }

  /** Returns how many guards taken with this token are still open. */
  protected final int openGuards() {
    return openGuards;
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
    if (!borrowed) {
      throw new IllegalStateException(describe() + " is not borrowed");
    }
    status = refuse ? REFUSED : CLOSED;
  }

  /**
   * Throws unless this token may prove its context now: open, and on its owner thread. Called on
   * every {@code lockWith}, so the common case is one combined test.
   */
  final void checkUsable() {
    if (status != OPEN | owner != Thread.currentThread()) {
      throw unusable();
    }
  }

  private IllegalStateException unusable() {
    if (owner != Thread.currentThread()) {
      return wrongThread("use");
    }
    if (status == REFUSED) {
      return new IllegalStateException(
          describe() + " was refused: the code it was lent to returned with its bookkeeping"
              + " broken (a guard taken with it still open, or the context level changed)");
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
    String s = status == OPEN ? "open" : status == CLOSED ? "closed" : "refused";
    return getClass().getSimpleName() + "[" + s + ", thread=" + owner.getName()
        + ", openGuards=" + openGuards + (borrowed ? ", borrowed" : "") + "]";
  }
}
