package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.StackProof;
import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.testing.Javap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shape of the release paths that the overflow guarantee rests on (docs/guarantees.md, "The
 * overflow guarantee and its limit"), read from the compiled classes: a release compiled into its
 * caller needs no frame of its own, so a {@link StackOverflowError} cannot cut it short, and what
 * C2 compiles into a caller at a rarely taken call site is a statically bound method of at most
 * MaxInlineSize bytes. Functional tests pass whatever these sizes are; only an overflow at the
 * wrong moment, in the wrong JIT state, shows the difference
 * ({@code atomicity.StackOverflowRecursionTest} prints those counts).
 */
class ReleaseShapeTest {

  /** HotSpot's MaxInlineSize: C2 inlines a method this small at any call site. */
  private static final int MAX_INLINE_SIZE = 35;

  @Test
  void eachShippedBackendsUnlockIsSmallEnoughToInlineAtAnyCallSite() throws Exception {
    assertSmall(SpinLockBackend.class, "unlock(dev.ctxlock.sync.SpinLockState);");
    assertSmall(SpinLockIrqBackend.class, "unlock(dev.ctxlock.sync.SpinLockState);");
    assertSmall(MutexBackend.class, "unlock(dev.ctxlock.sync.MutexState);");
    // What AQS's release calls back: the state's release, hand-off flag kept (MutexState.Sync).
    assertSmall(MutexState.Sync.class, "tryRelease(int);");
  }

  @Test
  void aGuardCallsEachShippedBackendsUnlockThroughItsOwnType() throws Exception {
    // Bound statically, so inlined even where the guard's backend is not a constant and the
    // virtual call Backend.unlock would be megamorphic (every real program's shared call site).
    List<String> code = Javap.instructions(Guard.class, "unlockBy(");
    for (String backend : List.of("SpinLockBackend", "SpinLockIrqBackend", "MutexBackend")) {
      assertTrue(
          code.stream()
              .anyMatch(i -> i.contains("invokevirtual") && i.contains(backend + ".unlock:")),
          "Guard.unlockBy does not call " + backend + ".unlock directly: " + code);
    }
  }

  @Test
  void aTokensCloseStaysSmallAllTheWayToTheLevel() throws Exception {
    assertSmall(ContextToken.class, "close(");
    assertSmall(ContextToken.class, "closeToken(");
    assertSmall(LocalInterruptDisabled.class, "release(");
  }

  @Test
  void aTokenIsMadeOnlyAfterACallTheJitCannotInlineProvedTheStackForItsClose() throws Exception {
    // Past NodeCountInliningCutoff C2 inlines close() (trivial) but calls closeToken; the proof
    // is what makes that call fit (StackProof). It must come first, before anything changes.
    assertFirstCall(LocalInterruptDisabled.class, "disable(", "StackProof.ofClose");
    // What the proof is: everyProofIsAProofFrame... below.
  }

  @Test
  void anAcquisitionMakesTheReleasesCallsBeforeItChangesAnything() throws Exception {
    // Where C2 calls a method of the release rather than inlining it (a compiled copy of its own
    // over InlineSmallCode), the acquisition has made the same call from the same frame first
    // (Guard.proveRelease): the first call of the core, before the token check and the backend.
    // In strict mode the proof's first call proves kilobytes (StackProof.ofAcquisition, a no-op
    // folded away in the default mode).
    assertFirstCall(Lock.class, "acquire(", "Guard.proveRelease");
    assertFirstCall(Guard.class, "proveRelease(", "StackProof.ofAcquisition");
    List<String> proof = Javap.instructions(Guard.class, "proveRelease(");
    assertTrue(
        proof.stream().anyMatch(i -> i.contains("invokevirtual") && i.contains("close:()V")),
        "Guard.proveRelease does not close a guard through Guard.close: " + proof);
  }

  @Test
  void aWindowProvesTheStackForItsReleaseRetakeAndFailurePathsBeforeItChangesAnything()
      throws Exception {
    // The release and retake of callUnlocked and a CondVar wait run in frames below the window's
    // own, and their failure paths run interpreted the first time (compiled as traps): an
    // acquisition's proof, made from the caller's frame for a close, does not cover them.
    assertCallBefore(
        Guard.class,
        "callUnlocked(",
        "StackProof.ofWindow",
        List.of("releaseTemporarily:", "retake:"));
    assertCallBefore(
        CondVar.class,
        "doAwait(",
        "StackProof.ofWindow",
        List.of(
            "LockProbes.beforeWait",
            "ConcurrentLinkedQueue.add",
            "Guard.releaseTemporarily:",
            "Guard.retake:"));
  }

  @Test
  void everyProofIsAProofFrameACallEveryJitMakesAndSizesForItsInterpretedFrame()
      throws Exception {
    // Over FreqInlineSize (C2's limit at hot call sites, 325 bytes) and C1MaxInlineSize, so never
    // compiled into the caller; under HugeMethodLimit (8,000), so compiled; a throw, a
    // deoptimization point, for which the compilers bang the stack as deep as the interpreted
    // frame (ProofFrame).
    int size = Javap.size(ProofFrameAccess.type(), "bang(int);");
    assertTrue(size > 325 && size < 8_000, "ProofFrame.bang is " + size + " bytes");
    List<String> code = Javap.instructions(ProofFrameAccess.type(), "bang(int);");
    assertTrue(
        code.stream().anyMatch(i -> i.contains("athrow")),
        "ProofFrame.bang has no deoptimization point: " + code);
    for (String proof : List.of("ofAcquisition(", "ofClose(", "ofWindow(")) {
      assertTrue(
          Javap.instructions(StackProof.class, proof).stream()
              .anyMatch(i -> i.contains("invokestatic") && i.contains("ProofFrame.bang:")),
          "StackProof." + proof + ") does not call ProofFrame.bang");
    }
  }

  /** {@code ProofFrame} is package-private in {@code dev.ctxlock.internal}. */
  private static final class ProofFrameAccess {
    static Class<?> type() throws ClassNotFoundException {
      return Class.forName("dev.ctxlock.internal.ProofFrame");
    }
  }

  @Test
  void anIrqReleaseAsksACountWhetherHandlersArePendingNotTheQueue() throws Exception {
    // The queue's isEmpty walks to its first live node (about 200 bytes compiled, in every
    // release of an irq lock or a token); the count is one load, and the delivery a call.
    List<String> release = Javap.instructions(LocalCpu.class, "enableAndDeliver(");
    assertTrue(
        release.stream()
            .noneMatch(i -> i.contains("ConcurrentLinkedQueue") || i.contains("hasPending")),
        "LocalCpu.enableAndDeliver asks the queue: " + release);
  }

  private static void assertSmall(Class<?> owner, String signature) throws Exception {
    int size = Javap.size(owner, signature);
    assertTrue(
        size <= MAX_INLINE_SIZE,
        owner.getSimpleName() + "." + signature + " is " + size + " bytes: over "
            + MAX_INLINE_SIZE + ", C2 calls it where the call site is rarely taken");
  }

  /**
   * Asserts that {@code method} of {@code c} calls {@code first} before any call of {@code later}
   * (each of which it makes).
   */
  private static void assertCallBefore(
      Class<?> c, String method, String first, List<String> later) throws Exception {
    List<String> calls =
        Javap.instructions(c, method).stream().filter(i -> i.contains(": invoke")).toList();
    int proof = indexOfCall(calls, first);
    assertTrue(proof >= 0, c.getSimpleName() + "." + method + ") never calls " + first + calls);
    for (String callee : later) {
      int at = indexOfCall(calls, callee);
      assertTrue(at >= 0, c.getSimpleName() + "." + method + ") never calls " + callee + calls);
      assertTrue(
          proof < at,
          c.getSimpleName() + "." + method + ") calls " + callee + " before " + first + calls);
    }
  }

  private static int indexOfCall(List<String> calls, String callee) {
    for (int i = 0; i < calls.size(); i++) {
      if (calls.get(i).contains(callee)) {
        return i;
      }
    }
    return -1;
  }

  /** Asserts that the first call {@code method} of {@code c} makes is to {@code callee}. */
  private static void assertFirstCall(Class<?> c, String method, String callee) throws Exception {
    List<String> code = Javap.instructions(c, method);
    List<String> calls = code.stream().filter(i -> i.contains(": invoke")).toList();
    assertTrue(
        !calls.isEmpty() && calls.get(0).contains(callee),
        c.getSimpleName() + "." + method + ") does not begin with a call of " + callee + ": "
            + code);
  }
}
