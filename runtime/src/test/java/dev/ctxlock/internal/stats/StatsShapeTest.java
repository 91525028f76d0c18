package dev.ctxlock.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.testing.Javap;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shape of the statistics' hold hooks, read from the compiled classes. The hooks are compiled
 * into every tracked acquisition and release, so what they compile to must stay small whatever the
 * JIT found hot: a hook that grew past C2's InlineSmallCode once compiled on its own is called out
 * of line from then on, and the release's guard escapes (docs/performance.md, "Lock statistics").
 * Functional tests pass whatever this shape is; the contended benchmark shows the difference.
 */
class StatsShapeTest {

  @Test
  void theReleaseHookReadsOnlyTheMapWritesNothingAndCallsItsRarePath() throws Exception {
    // No reset of the start: the next acquisition overwrites it (or, failing, sets "not held").
    assertEquals(
        List.of(
            "LockMap.statSince",
            "CoarseClock.now",
            "WaitMarks.marked",
            "LockStats.releasedSlow"),
        calls(LockStats.class, "released(dev.ctxlock.internal.probe.LockMap);"));
  }

  @Test
  void theAcquisitionHookTouchesOnlyTheMapAndCallsItsRarePath() throws Exception {
    assertEquals(
        List.of(
            "LockMap.statClass",
            "LockMap.lockClass",
            "LockMap.countStatAcquisition",
            "CoarseClock.now",
            "LockMap.setStatSince",
            "LockStats.acquiredFirst",
            "LockMap.setStatSince"), // the failure path: its release finds no hold
        calls(
            LockStats.class,
            "acquired(dev.ctxlock.internal.probe.LockMap, dev.ctxlock.internal.probe.BackendTraits,"
                + " int, int);"));
  }

  @Test
  void everyStackWalkIsACallTheJitDoesNotInline() throws Exception {
    // The walk's setup compiles to kilobytes; inlined into the release hook, it made the hook
    // too big to inline into releases. Through the VolatileCallSite it stays a call.
    List<String> here = Javap.instructions(CallSites.class, "here(");
    assertTrue(
        here.stream().anyMatch(i -> i.contains("MethodHandle.invokeExact")),
        "CallSites.here does not call through its handle: " + here);
    assertTrue(
        here.stream().noneMatch(i -> i.contains("StackWalker") || i.contains("CallSites.walk")),
        "CallSites.here walks in line: " + here);
  }

  /** The methods that {@code signature} invokes, as {@code Class.method}, in order. */
  private static List<String> calls(Class<?> owner, String signature) throws Exception {
    return Javap.instructions(owner, signature).stream()
        .filter(i -> i.contains(": invoke"))
        .map(i -> i.replaceAll(".*// (Interface)?Method ", "").replaceAll(":.*", ""))
        .map(m -> m.replaceAll("^.*/", ""))
        .map(m -> m.contains(".") ? m : owner.getSimpleName() + "." + m)
        .collect(Collectors.toList());
  }
}
