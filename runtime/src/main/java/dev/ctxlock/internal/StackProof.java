package dev.ctxlock.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VolatileCallSite;
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
 * opening made a call that banged at least as deep as the close's calls will.
 *
 * <p>Interpreted, every call is a frame, and an opening that mirrors its close's frames is such a
 * proof (see {@code Lock}, "Stack for the release"). Compiled, the opening is usually inlined
 * whole into the caller, proving nothing, and so is the close, needing nothing. But not always:
 * past {@code NodeCountInliningCutoff} (a large caller, e.g. a recursive method C2 inlines into
 * itself) C2 still inlines a token's one-call {@code close()} (it is trivial) but not the method
 * it calls, and that call, made from the exception handler of a frame whose own call just
 * overflowed, overflows too: the token stays open and its interrupt level disabled for good.
 *
 * <p>{@link #ofClose()} makes the proof a call that is never compiled into its caller: through a
 * {@link VolatileCallSite}, whose target the JIT re-reads at each call instead of inlining it. Its
 * frames (the call site's invoker, then {@link #probe} recursing) bang deeper than a close's call
 * and its own callees when C2 compiled them (a token's {@code close()} reaches the CPU's depth in
 * one or two such frames), so once it has returned, the close of anything opened in the same
 * frame finds the stack it needs. If it overflows, it does so before the opening changed anything.
 *
 * <p>The limit: a close that runs in larger frames than the proof's (C1's, with profiling, early
 * in a run) can still need more, and does in a few trials of some runs of the overflow test
 * (docs/guarantees.md). A proof four times as deep measured no such run in eight, at three times
 * the cost of this one; it was not taken.
 *
 * <p>The cost is the call: a few nanoseconds, paid where a token is made
 * ({@code LocalInterrupts.disable()}), not by locks taken with a token the caller holds.
 *
 * <h2>Strict mode</h2>
 *
 * <p>A lock's acquisition makes no proof call by default: its release is built to compile into
 * the caller, and the acquisition proves the release's calls where the JIT compiled them the same
 * way ({@code Guard.proveRelease}). What that cannot cover (docs/guarantees.md, "The limit": a
 * release C2 calls from a cold exception handler, C1's larger frames, a user's backend's own
 * calls below the release) the JVM can ask to have covered, with {@code
 * -Dctxlock.stackProof=strict} ({@link #STRICT}): then every acquisition proves the stack for its
 * release ({@link #ofAcquisition()}), and every proof here, a token's and a window's too, is one
 * call to {@link ProofFrame}, which proves several kilobytes below the caller in every JIT state.
 * The price is that call on every acquisition, about as much again as an uncontended acquisition
 * (docs/performance.md, "Strict stack proofs").
 */
public final class StackProof {

  /**
   * Frames of {@link #probe}: C2 and C1 compile one level of a recursion into the level above it,
   * so at least two of these are frames of their own, below the invoker's.
   */
  private static final int PROBE_LEVELS = 4;

  /**
   * Frames of {@link #probeWindow} for {@link #ofWindow()}: deeper than a window's release, its
   * retake and their failure paths, interpreted (see there).
   */
  static final int WINDOW_PROBE_LEVELS = PROBE_LEVELS * 4;

  // Each proof has a call site and a probe of its own: a probe's compiled code (how many levels
  // of its recursion the JIT inlines into one frame) follows the depths it is called with, and a
  // deeper proof sharing it would change the frames, and so the depth, of the shallower one.
  private static final MethodHandle PROBE_OUT_OF_LINE = outOfLine("probe");
  private static final MethodHandle WINDOW_PROBE_OUT_OF_LINE = outOfLine("probeWindow");

  private static MethodHandle outOfLine(String probe) {
    try {
      MethodHandle target =
          MethodHandles.lookup()
              .findStatic(StackProof.class, probe, MethodType.methodType(int.class, int.class));
      return new VolatileCallSite(target).dynamicInvoker();
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The system property that selects the mode: {@code strict}, or {@code default}. */
  public static final String PROPERTY = "ctxlock.stackProof";

  /**
   * Whether every acquisition proves the stack for its release, and every proof is a {@link
   * ProofFrame}: {@code -Dctxlock.stackProof=strict}, read once. A constant, so that the default
   * mode's acquisitions compile as if the test were not there.
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
    if (STRICT) {
      ProofFrame.bang(1);
      return;
    }
    try {
      int unused = (int) PROBE_OUT_OF_LINE.invokeExact(PROBE_LEVELS);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable impossible) {
      throw new AssertionError(impossible); // probe throws nothing checked
    }
  }

  /**
   * Returns if the stack below the caller's frame holds what a window made from that frame needs:
   * a lock released and taken again ({@code callUnlocked}, a {@code CondVar} wait), with the
   * backend's calls below both, and the failure paths of each, which run interpreted the first
   * time they run (a path that never ran is compiled as a trap); else throws {@link
   * StackOverflowError}. Call it before the window changes anything.
   *
   * <p>Four times as deep as {@link #ofClose()}'s proof: about 15 nanoseconds, against a window
   * that releases a lock, takes it back, and in a wait queues, parks or spins.
   */
  public static void ofWindow() {
    if (STRICT) {
      ProofFrame.bang(1);
      return;
    }
    try {
      int unused = (int) WINDOW_PROBE_OUT_OF_LINE.invokeExact(WINDOW_PROBE_LEVELS);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable impossible) {
      throw new AssertionError(impossible); // probe throws nothing checked
    }
  }

  /** {@code levels} nested frames, each banging the stack below the last. */
  @SuppressWarnings("UnusedMethod") // called through PROBE_OUT_OF_LINE
  private static int probe(int levels) {
    return levels <= 1 ? 1 : probe(levels - 1) + 1;
  }

  /** {@link #probe}'s twin for {@link #ofWindow()}: see the fields. */
  @SuppressWarnings("UnusedMethod") // called through WINDOW_PROBE_OUT_OF_LINE
  private static int probeWindow(int levels) {
    return levels <= 1 ? 1 : probeWindow(levels - 1) + 1;
  }
}
