package dev.ctxlock.sync;

import dev.ctxlock.internal.StackProof;
import dev.ctxlock.internal.probe.BackendTraits;
import dev.ctxlock.internal.probe.LockProbes;
import org.jspecify.annotations.Nullable;

/**
 * Proof that the current thread holds a {@link Lock}: gives access to the protected value and
 * releases the lock when closed. The analog of the kernel's {@code Guard<'_, T, B>}, where a
 * try-with-resources block plays the part of the borrow's scope:
 *
 * <pre>{@code
 * try (Guard<List<String>, SpinLockBackend> g = names.lock()) {
 *   g.get().add("x");
 * }
 * }</pre>
 *
 * <p>{@code B} is the backend that took the lock, and so the one that releases it: a guard from
 * {@code lockWith} on a {@code SpinLockIrq} is a {@code Guard<T, SpinLockBackend>}, so closing it
 * leaves the interrupt state alone.
 *
 * <p>A guard is confined to the thread that acquired it: every method but a repeated {@link
 * #close()} throws {@link IllegalStateException} on another thread. It closes exactly once. When
 * it was taken with a {@link ContextToken}, it counts as open against that token until closed,
 * and the token cannot be closed before it.
 *
 * @param <T> the protected value's type
 * @param <B> the backend that took the lock
 */
// B is a phantom type: it names the backend that took the lock in the guard's static type, so
// that a guard from lockWith() and one from lock() are different types (closing one leaves the
// context alone, closing the other leaves it).
@SuppressWarnings("UnusedTypeParameter")
public final class Guard<T, B extends Backend<?>> implements AutoCloseable {

  private static final byte OPEN = 0;
  /** Inside {@link #callUnlocked}: the lock is released, the guard is not usable. */
  private static final byte UNLOCKED = 1;
  private static final byte CLOSED = 2;
  /**
   * A wait's or {@link #callUnlocked}'s release or relock failed, and whether the lock is held
   * now is not known yet: the failure path sets this before it asks, so that if asking fails too
   * (a {@link StackOverflowError} at the query's call), {@link #close()}, which the caller's
   * try-with-resources makes from a shallower frame, asks again and releases if it is held. Not
   * usable otherwise; counted on its token as an open guard is, until decided.
   */
  private static final byte UNDECIDED = 3;

  // Not final, though never reassigned: a constructor that writes a final field ends in a
  // release barrier, and until escape analysis removes it, C2 cannot see across it that the
  // taker read in close() is the constant Lock passed in. It then leaves Backend.unlock a
  // virtual call wherever the shared call site in close() has seen several backends. (The
  // acquisition's CAS is such a barrier too, which is why Lock allocates the guard after it: see
  // Lock.acquire.) A guard is
  // confined to its thread, so it needs no final-field publication guarantee; a guard leaked to
  // another thread through a race may show these as null there, and the thread check throws
  // before using them.
  private Lock<T, ?> lock;
  /** The backend that took the lock, erased: it runs over {@code lock.state} (see Lock). */
  private Backend<Object> taker;
  private @Nullable ContextToken token;
  private Thread owner;
  private byte status;

  /**
   * One more than the interrupt-disable levels the acquisition took, as observed (the level after
   * minus before; see {@link #irqLevels}); 0 when it was not observed. Observed only while a tool
   * tracks locks: elsewhere, what the backend's acquisitions were seen to do stands for it.
   */
  private byte irqLevelsPlusOne;

  /**
   * Called by {@link Lock} just before acquiring, on the acquiring thread. The guard keeps the
   * token it counts against: it is confined to the token's thread and never outlives the token
   * open (the token refuses to close first), which is what the check guards against.
   */
  @SuppressWarnings("CtxlockTokenEscapes")
  Guard(Lock<T, ?> lock, Backend<Object> taker, @Nullable ContextToken token) {
    this.lock = lock;
    this.taker = taker;
    this.token = token;
    this.owner = Thread.currentThread();
  }

  /**
   * Returns the protected value.
   *
   * @throws IllegalStateException after {@link #close()}, inside {@link #callUnlocked}, or on
   *     another thread
   */
  public T get() {
    checkOpen("get");
    return lock.data;
  }

  /**
   * Replaces the protected value.
   *
   * @throws IllegalStateException after {@link #close()}, inside {@link #callUnlocked}, or on
   *     another thread
   */
  public void set(T value) {
    checkOpen("set");
    lock.data = value;
  }

  /** Returns the lock this guard holds (or held). */
  public Lock<T, ?> lockRef() {
    Lock<T, ?> l = lock;
    if (l == null) {
      // Only on a thread that got this guard through a data race (see the fields).
      throw new IllegalStateException(
          "this guard reached another thread without synchronization; guards are confined to the"
              + " thread that acquired them");
    }
    return l;
  }

  /**
   * Releases the lock, runs {@code action}, and takes the lock again with the backend that took
   * it: the kernel's {@code do_unlocked}. While the action runs, this guard stays open and
   * counted against its token, and {@code get}, {@code set}, {@code close} and nested {@code
   * callUnlocked} / {@code runUnlocked} on it throw {@link IllegalStateException}.
   *
   * <p>The relock happens also when the action throws, and first re-checks the token (open, this
   * thread). If the relock throws, this guard ends closed (the lock is not held) and the action's
   * own exception, if any, stays the primary one with the relock's suppressed. An {@link Error}
   * may strike after the backend took the lock: then the backend is asked whether this thread
   * holds it, and the guard stays open if so. Where even asking fails (the stack overflowed
   * again), the guard is left undecided: unusable, and {@link #close()}, which try-with-resources
   * makes from a shallower frame, asks again and releases the lock if this thread holds it. A
   * release that fails is decided the same way.
   *
   * @return what the action returned
   * @throws X what the action threw
   * @throws IllegalStateException if the guard is not open on this thread (nothing changed), or
   *     the relock fails
   */
  public <R, X extends Throwable> R callUnlocked(ThrowingSupplier<R, X> action) throws X {
    checkOpen("callUnlocked");
    // The release, the retake and their failure paths, proved before anything changes.
    StackProof.ofWindow();
    releaseTemporarily();
    R result = null;
    Throwable failure = null;
    try {
      result = action.get();
    } catch (Throwable t) {
      failure = t;
    }
    Throwable primary = retake(failure);
    if (primary != null) {
      throw Guard.<X>rethrow(primary);
    }
    return result;
  }

  /**
   * Releases the lock for {@link #callUnlocked} or a {@link CondVar} wait; the caller checked
   * {@link #checkOpen}. The guard is unusable before the release: an irq backend's release
   * re-enables interrupts and runs pending handlers, and one that can reach this guard must not
   * see it open on a free lock. If the release throws, the guard is left as the lock is: open if
   * still held, else closed.
   */
  void releaseTemporarily() {
    status = UNLOCKED;
    if (LockProbes.MAY_TRACK && lock.map != null) {
      LockProbes.released(lock.map);
    }
    try {
      unlockBy(taker, lock.state);
    } catch (Throwable t) {
      status = UNDECIDED; // before the query, which may overflow too: see UNDECIDED
      decide();
      throw t;
    }
  }

  /**
   * Takes the lock again after {@link #releaseTemporarily()}, with the backend that took it,
   * after re-checking the token (open, this thread). If that fails, the guard ends closed and the
   * failure is added to {@code failure} as suppressed, or becomes the returned failure.
   *
   * @return the failure to throw, or null
   */
  @Nullable Throwable retake(@Nullable Throwable failure) {
    try {
      if (token != null) {
        token.checkUsable();
      }
      RuntimeException refused = relock(lock, this, taker);
      status = OPEN;
      if (refused != null) {
        // A tool refused, and the lock is held again all the same: this guard stays open, and the
        // refusal is thrown like a failed wait's.
        if (failure == null) {
          return refused;
        }
        failure.addSuppressed(refused);
      }
      return failure;
    } catch (Throwable relockFailure) {
      // A backend throws an exception before it acquires (its contract); an Error may strike
      // after. Only for an Error is the backend asked whether this thread holds the lock now: an
      // exception may say that this thread holds it already (an action that took the lock in
      // the window and kept it), and that hold is not this guard's.
      if (relockFailure instanceof Error) {
        status = UNDECIDED; // before the query, which may overflow too: see UNDECIDED
        decide();
      } else {
        status = closeAfterLoss();
      }
      if (failure == null) {
        return relockFailure;
      }
      failure.addSuppressed(relockFailure);
      return failure;
    }
  }

  /** Takes {@code l} again for {@code g}; a helper that keeps the capture types apart. */
  private static <T> @Nullable RuntimeException relock(
      Lock<T, ?> l, Guard<T, ?> g, Backend<Object> taker) {
    return l.reacquire(g, taker);
  }

  /** Tells the tools that {@code l} is held again after a failed release. */
  private static void restored(Lock<?, ?> l, Backend<Object> taker, int irqLevels) {
    try {
      LockProbes.restored(l.map, Backends.traits(taker), Math.max(irqLevels, 0));
    } catch (RuntimeException | Error e) {
      // Only the tools' records miss the hold; the lock is held and the guard open, as they must.
    }
  }

  /** Records the interrupt levels the acquisition took; for {@link Lock}. */
  void observedIrqLevels(int levels) {
    irqLevelsPlusOne = (byte) (levels + 1);
  }

  /**
   * The interrupt-disable levels that releasing this guard gives back: as observed at its
   * acquisition, else as the backend's acquisitions were seen to take them, else {@link
   * BackendTraits#UNKNOWN} (or {@link BackendTraits#VARIES}).
   */
  int irqLevels() {
    int observed = irqLevelsPlusOne - 1;
    return observed >= 0 ? observed : Backends.traits(taker).irqLevels();
  }

  /** The backend that took the lock; for {@link CondVar}. */
  Backend<Object> taker() {
    return taker;
  }

  /** The token this guard was taken with, or null; for {@link CondVar}. */
  @Nullable ContextToken token() {
    return token;
  }

  /**
   * Decides an {@link #UNDECIDED} guard after a failed release or relock of a wait or {@link
   * #callUnlocked}: open again if this thread holds the lock (so that closing it still releases),
   * closed if not; undecided still if asking fails, for {@link #close()} to decide.
   */
  private void decide() {
    int held = holds(lock, taker);
    if (held > 0) {
      status = OPEN;
      if (LockProbes.MAY_TRACK && lock.map != null) {
        restored(lock, taker, irqLevels());
      }
    } else if (held == 0) {
      status = closeAfterLoss();
    }
  }

  /**
   * Closes an {@link #UNDECIDED} guard: releases the lock if this thread holds it, else only ends
   * the guard; if even asking fails here, ends it without releasing (the runtime never releases
   * a lock it cannot confirm this thread holds).
   */
  private void closeUndecided() {
    if (owner != Thread.currentThread()) {
      throw unusable("close");
    }
    decide();
    if (status == OPEN) {
      closeOpen();
    } else if (status == UNDECIDED) {
      status = closeAfterLoss();
    }
  }

  // The ownership query of the failure paths. A failure path runs where a release or relock has
  // just failed, perhaps at a call that overflowed the stack: a query that is itself a call can
  // overflow there too. So the shipped backends are asked through their own types, as unlockBy
  // releases, which C2 compiles into the caller, and the answer is three-valued: a query that
  // failed is not taken for "not held", which would end a guard on a held lock.

  /** Whether this thread holds {@code l}, taken by {@code taker}: 1, 0, or -1 if asking failed. */
  private static int holds(Lock<?, ?> l, Backend<Object> taker) {
    try {
      Object t = taker;
      if (t instanceof SpinLockBackend || t instanceof SpinLockIrqBackend) {
        return ((SpinLockState) l.state).isHeldBy(Thread.currentThread()) ? 1 : 0;
      } else if (t instanceof MutexBackend) {
        return ((MutexState) l.state).sync.heldByCurrentThread() ? 1 : 0;
      }
      return l.isHeldByCurrentThread() ? 1 : 0;
    } catch (Throwable t) {
      return -1;
    }
  }

  /** Ends a guard whose lock is no longer held: closed, and no longer counted on its token. */
  private byte closeAfterLoss() {
    if (token != null) {
      token.uncountGuard();
    }
    return CLOSED;
  }

  /**
   * Runs {@code action} with the lock released, as {@link #callUnlocked} does.
   *
   * @throws X what the action threw
   */
  public <X extends Throwable> void runUnlocked(ThrowingRunnable<X> action) throws X {
    callUnlocked(
        () -> {
          action.run();
          return null;
        });
  }

  /**
   * Releases the lock. A second {@code close()} is a no-op, from any thread. A guard left
   * undecided by a failed {@link #callUnlocked} or {@link CondVar} wait releases the lock if this
   * thread holds it, and ends either way.
   *
   * @throws IllegalStateException on another thread than the acquiring one, or inside {@link
   *     #callUnlocked}, with nothing changed
   */
  @Override
  public void close() {
    closeIfOpen();
  }

  // Why close is split this way. A guard costs nothing only if escape analysis removes it, and it
  // does only if every call that receives the guard is inlined, at every call site, including the
  // one in try-with-resources' exception handler (reachable whenever the body can throw, even if
  // it never does). C2 declines to inline a method of more than MaxTrivialSize (6) bytes of
  // bytecode at a call site that its profile shows never reached, which that handler's is; so
  // close() is a single call, and the call inside it, reached from every hot close, is profiled
  // as hot. Below it, every method that receives the guard stays within MaxInlineSize (35 bytes:
  // closeIfOpen, closeOpen, beginClose), in case the profile is too young to call it hot; the work
  // is done by a static method that receives the guard's fields instead of the guard (release);
  // and the failure path (failedRelease) is a branch never taken in a run without failures, which
  // the JIT compiles as a trap.

  /** Closes the guard unless it is closed already. */
  private void closeIfOpen() {
    byte s = status;
    if (s == UNDECIDED) {
      closeUndecided();
    } else if (s != CLOSED) {
      closeOpen();
    }
  }

  /** Closes an open guard; see the comment above for why it is this small. */
  private void closeOpen() {
    beginClose();
    Throwable failure = release(lock, taker, token);
    if (failure != null) {
      failedRelease(failure);
    }
  }

  /**
   * Checks that this guard is open on this thread (else throws, with nothing changed) and marks it
   * closed before the release: an irq backend's release runs pending handlers, which must find
   * this guard closed, not open on a free lock.
   */
  private void beginClose() {
    if (status != OPEN || owner != Thread.currentThread()) {
      throw unusable("close");
    }
    status = CLOSED;
  }

  /**
   * The release of a guard marked closed: no longer counted on its token, no longer held for the
   * tools, released by its backend. Static, and given the guard's fields rather than the guard
   * (see above).
   *
   * @return null, or what the release threw
   */
  private static @Nullable Throwable release(
      Lock<?, ?> l, Backend<Object> taker, @Nullable ContextToken token) {
    if (token != null) {
      token.uncountGuard();
    }
    // A null taker is proveRelease's guard: it releases nothing, so the tools hear of nothing.
    if (LockProbes.MAY_TRACK && l.map != null && taker != null) {
      LockProbes.released(l.map);
    }
    try {
      unlockBy(taker, l.state);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  /**
   * {@code taker.unlock(state)}, with the shipped backends called through their own types.
   *
   * <p>Why. A release cut short by a {@link StackOverflowError} leaves the lock held, and what
   * can be cut short is a real call: once the stack has overflowed in a frame, a call from that
   * frame needs stack that is not there, while code compiled into the frame needs none. Where the
   * guard's backend is not a constant (a guard that outlived a call, at a call site shared by
   * many backends: every real program's), {@code taker.unlock} is a megamorphic virtual call,
   * never inlined. Tested by class here, each shipped backend is an exact type, so its {@code
   * unlock} is bound statically and compiled into the caller with the rest of the release. Where
   * the backend, or its class, is known to the JIT the tests fold away. A user's backend is still
   * called virtually: see docs/guarantees.md for that limit.
   */
  static void unlockBy(Backend<Object> taker, Object state) {
    // By class rather than by identity: where the JIT already knows the backend's class (from
    // the acquisition's own check), each test folds away; a shipped backend is a final class.
    Object t = taker;
    if (t instanceof SpinLockBackend b) {
      b.unlock((SpinLockState) state);
    } else if (t instanceof SpinLockIrqBackend b) {
      b.unlock((SpinLockState) state);
    } else if (t instanceof MutexBackend b) {
      b.unlock((MutexState) state);
    } else if (t != null) {
      taker.unlock(state);
    }
    // else: proveRelease's guard, of no backend; nothing to release. Only a guard made by
    // proveRelease has no taker on its own thread (a guard seen through a race fails its thread
    // check in beginClose before it gets here).
  }

  /**
   * Makes, for an acquisition of {@code l} and before it changes anything, the calls that closing
   * its guard will make: {@link #close()} of a guard of no backend, which runs the whole release
   * down to {@link #unlockBy} and releases nothing there (nor tells the tools: see {@link
   * #release}). For {@link Lock}'s acquisition core; see the comment above it. In strict mode
   * ({@code -Dctxlock.stackProof=strict}) it first makes {@link StackProof#ofAcquisition()}'s call,
   * which covers what this cannot (see below).
   */
  static void proveRelease(Lock<?, ?> l) {
    StackProof.ofAcquisition(); // strict mode: kilobytes proved in one call; else folded away
    new Guard<>(l, null, null).close();
  }

  // Why the acquisition closes a guard of no backend first. A release compiled into its caller
  // needs no frame; but C2 calls a method of the release instead of inlining it when that method
  // already has a compiled copy of its own larger than InlineSmallCode (1,000 bytes with C2 alone),
  // and once every backend has run through the shared release, its copies are that large (close,
  // closeIfOpen, closeOpen, release or unlockBy, whichever was compiled last). The call is then
  // made from the caller's frame, in try-with-resources' handler, where a StackOverflowError may
  // just have been thrown at a call of the same frame; and where the acquisition was compiled
  // into the caller, nothing had proved that the stack below that frame holds the release's
  // frames. The proof makes the release's calls itself: it runs the same methods, with the same
  // inlining (one caller, one compilation, the same compiled copies), so where the release is a
  // call, so is the proof, from the same frame or a deeper one (an acquisition called rather than
  // inlined), and a compiled callee bangs the stack the same distance below the caller's frame
  // whoever calls it. An overflow in the proof is thrown before the acquisition changed anything;
  // once the proof returned, the release finds the stack it needs. Where the release is compiled
  // into the caller, so is the proof, and it folds away: the guard is scalar-replaced, its backend
  // the constant null, and every test on it is decided at compile time (docs/performance.md).
  // What it cannot prove: a release that the JIT compiled differently from the proof (past
  // NodeCountInliningCutoff, or at a handler's call site C2 decided is cold), a user's backend's
  // own calls below unlockBy (the proof stops there), and a release that runs interpreted after
  // a deoptimization (docs/guarantees.md, "The limit"). Strict mode covers all three: its
  // StackProof.ofAcquisition, the first call here, proves kilobytes below the caller in one call.

  /**
   * The release threw {@code failure}. If the lock is still held (the backend threw before it
   * released, whatever it threw), the guard opens again, counted on its token and held for the
   * tools, so that nothing changed and it can still be closed. Whether it is held is the
   * backend's answer for this thread (a lock of a non-reentrant backend has one holder, so it is
   * this guard's hold); if even asking fails, the guard stays closed: the runtime never releases
   * a lock it cannot confirm this thread holds. Then rethrows.
   */
  private void failedRelease(Throwable failure) {
    Lock<T, ?> l = lock;
    if (holds(l, taker) > 0) {
      if (LockProbes.MAY_TRACK && l.map != null) {
        restored(l, taker, irqLevels());
      }
      status = OPEN;
      if (token != null) {
        token.countGuard();
      }
    }
    throw Guard.<RuntimeException>rethrow(failure);
  }

  /** Throws unless this guard is open on the calling thread; nothing changes either way. */
  void checkOpen(String what) {
    if (status != OPEN || owner != Thread.currentThread()) {
      throw unusable(what);
    }
  }

  private IllegalStateException unusable(String what) {
    if (owner != Thread.currentThread()) {
      return new IllegalStateException(
          "cannot " + what + " a guard of " + lockName() + " on thread "
              + Thread.currentThread().getName() + ": guards are confined to the thread that"
              + " acquired them (" + (owner == null ? "another thread" : owner.getName()) + ")");
    }
    if (status == UNLOCKED) {
      return new IllegalStateException(
          "cannot " + what + " a guard of " + lockName() + " inside its own callUnlocked/"
              + "runUnlocked: the lock is released until the action returns");
    }
    if (status == UNDECIDED) {
      return new IllegalStateException(
          "cannot " + what + " a guard of " + lockName() + ": a wait or callUnlocked failed to"
              + " release or take the lock back; close it");
    }
    return new IllegalStateException(
        "cannot " + what + " a guard of " + lockName() + ": it is closed");
  }

  /** The lock's name; null-safe for a thread that got this guard through a race. */
  private String lockName() {
    Lock<T, ?> l = lock;
    return l == null ? "an unknown lock" : l.name();
  }

  /**
   * Rethrows {@code t} as {@code X}. Sound because {@code t} came out of {@code action.get()},
   * whose signature allows only {@code X} besides unchecked throwables; the cast is erased, so an
   * unchecked throwable passes through unchanged.
   */
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"}) // X is inferred from action
  private static <X extends Throwable> X rethrow(Throwable t) throws X {
    throw (X) t;
  }

  @Override
  public String toString() {
    String s =
        switch (status) {
          case OPEN -> "open";
          case UNLOCKED -> "unlocked";
          case UNDECIDED -> "undecided";
          default -> "closed";
        };
    return "Guard[" + lockName() + ", " + s + ", via " + Lock.describe(taker) + "]";
  }
}
