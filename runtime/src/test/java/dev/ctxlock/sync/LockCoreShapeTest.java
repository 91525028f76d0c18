package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.testing.Javap;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code Lock}'s acquisition core that its performance rests on, read from the
 * compiled class with {@code javap}: the sizes that decide what the JIT inlines (see "The slow
 * path is one method" and "Why the guard is allocated here" in {@code Lock.java}). A change that
 * breaks one of them still passes every functional test; only a profile would show the guard
 * escaping. Sizes are in bytes of bytecode, as HotSpot's inlining flags count them.
 */
class LockCoreShapeTest {

  /** HotSpot's FreqInlineSize on the platforms the build runs on (JDK 17 to 25). */
  private static final int FREQ_INLINE_SIZE = 325;

  /** HotSpot's C1MaxInlineSize. */
  private static final int C1_MAX_INLINE_SIZE = 35;

  @Test
  void theSlowPathIsTooLargeForC2ToInlineIntoTheCore() throws Exception {
    int size = bytecodeSize("acquireSlow");
    assertTrue(
        size > FREQ_INLINE_SIZE,
        "Lock.acquireSlow is " + size + " bytes: at most " + FREQ_INLINE_SIZE + ", C2 may inline"
            + " it, and a tracked acquisition's guard escapes");
  }

  @Test
  void theMethodThatAllocatesTheGuardIsSmallEnoughForC1ToInline() throws Exception {
    int size = bytecodeSize("acquire");
    assertTrue(
        size <= C1_MAX_INLINE_SIZE,
        "Lock.acquire is " + size + " bytes: over " + C1_MAX_INLINE_SIZE + ", C1 calls it");
  }

  @Test
  void theFastPathStaysWithinC2sInliningLimit() throws Exception {
    int size = bytecodeSize("take");
    assertTrue(size <= FREQ_INLINE_SIZE, "Lock.take is " + size + " bytes");
  }

  /** The bytecode length of {@code Lock}'s private method {@code name} (the only one so named). */
  private static int bytecodeSize(String name) throws Exception {
    return Javap.size(Lock.class, name + "(");
  }
}
