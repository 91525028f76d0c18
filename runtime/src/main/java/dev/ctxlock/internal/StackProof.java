package dev.ctxlock.internal;

import org.jspecify.annotations.Nullable;

/**
 * Proves, where a context is entered, that the stack holds what leaving it will need, whatever the
 * JIT compiled into the caller.
 *
 * <h2>Why</h2>
 *
 * <p>A {@link StackOverflowError} is thrown at a method's entry, when the JIT-compiled (or
 * interpreted) callee bangs the stack a fixed distance (the shadow zone) below its caller's stack
 * pointer and reaches the guard zone; code compiled into the caller's own frame makes no new frame
 * and cannot overflow. A try-with-resources closes its resource in the frame where it opened it,
 * at the same stack pointer. So a close that is a call cannot overflow if, from that frame, the
 * opening made a call that banged at least as deep as the close's calls will; and a call from the
 * frame whose own call just overflowed (the handler of the try-with-resources around the call that
 * overflowed) bangs where that call did, and overflows too unless such a proof ran.
 *
 * <p>Interpreted, every call is a frame, and an opening that mirrors its close's frames is such a
 * proof (see {@code Lock}, "Stack for the release"). Compiled, the opening is usually inlined
 * whole into the caller, proving nothing, and so is the close, needing nothing. But not always:
 * past {@code NodeCountInliningCutoff} (a large caller, e.g. a recursive method C2 inlines into
 * itself) C2 still inlines a token's one-call {@code close()} (it is trivial) but not the method
 * it calls; a window's release and retake ({@code callUnlocked}, a {@code CondVar} wait) run in
 * frames below the window's, with failure paths that run interpreted the first time.
 *
 * <p>So a token's making and a window make a proof first: one call to {@link ProofFrame#bang},
 * which no JIT compiles into its caller and which bangs several kilobytes below the caller's frame
 * in every JIT state (see there): more than a close, a window's release, retake and their failure
 * paths need, even interpreted. If it overflows, it does so before anything changed. It replaced
 * call-site probes (a {@code VolatileCallSite} recursing a few frames deep) that proved less
 * (C1's larger frames outgrew a token's) at more cost (a window's proof took about 15 ns; this one
 * a few: docs/performance.md, "Stack proofs").
 *
 * <h2>Strict mode</h2>
 *
 * <p>A lock's acquisition makes no proof call by default: its release is built to compile into
 * the caller, and the acquisition proves the release's calls where the JIT compiled them the same
 * way ({@code Guard.proveRelease}). What that cannot cover (docs/guarantees.md, "The limit": a
 * release C2 calls from a cold exception handler, C1's larger frames, a user's backend's own
 * calls below the release) the JVM can ask to have covered, with {@code
 * -Dctxlock.stackProof=strict} ({@link #STRICT}): then every acquisition makes the same proof
 * first ({@link #ofAcquisition()}). The price is that call on every acquisition, about as much
 * again as an uncontended spin-lock acquisition, which is why it is not the default: by default
 * an uncontended acquisition costs less than {@code ReentrantLock}'s, and strict, about as much.
 */
public final class StackProof {

  /** The system property that selects the mode: {@code strict}, or {@code default}. */
  public static final String PROPERTY = "ctxlock.stackProof";

  /**
   * Whether every acquisition proves the stack for its release: {@code
   * -Dctxlock.stackProof=strict}, read once. A constant, so that the default mode's acquisitions
   * compile as if the test were not there.
   */
  public static final boolean STRICT = isStrict(System.getProperty(PROPERTY));

  private StackProof() {}

  /**
   * Reads the mode: {@code strict}, else the default; a value that is neither {@code strict} nor
   * {@code default} (nor empty) is named in a warning, so that a misspelt switch is not silently
   * the default.
   */
  static boolean isStrict(@Nullable String value) {
    if (value == null || value.isEmpty() || value.equals("default")) {
      return false;
    }
    if (value.equals("strict")) {
      return true;
    }
    System.getLogger("dev.ctxlock")
        .log(
            System.Logger.Level.WARNING,
            "-D" + PROPERTY + "=" + value + " is not a mode (strict or default): the default"
                + " stack proofs stay");
    return false;
  }

  /**
   * In strict mode, returns if the stack below the caller's frame holds what the release of a lock
   * taken from that frame needs, else throws {@link StackOverflowError}; a no-op in the default
   * mode, folded away. Call it before the acquisition changes anything.
   */
  public static void ofAcquisition() {
    if (STRICT) {
      ProofFrame.bang(1);
    }
  }

  /**
   * Returns if the stack below the caller's frame holds what a close made from that frame needs;
   * else throws {@link StackOverflowError}. Call it before anything that the close undoes.
   */
  public static void ofClose() {
    ProofFrame.bang(1);
  }

  /**
   * Returns if the stack below the caller's frame holds what a window made from that frame needs:
   * a lock released and taken again ({@code callUnlocked}, a {@code CondVar} wait), with the
   * backend's calls below both, and the failure paths of each, which run interpreted the first
   * time they run (a path that never ran is compiled as a trap); else throws {@link
   * StackOverflowError}. Call it before the window changes anything.
   */
  public static void ofWindow() {
    ProofFrame.bang(1);
  }
}
