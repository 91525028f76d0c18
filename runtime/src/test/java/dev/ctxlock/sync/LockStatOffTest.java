package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Lock statistics are off by default: without {@code -Dctxlock.stats}, {@link LockStat} answers
 * "off" and collects nothing, however locks are used. Runs where the property is not set.
 */
class LockStatOffTest {

  @Test
  @SuppressWarnings("try") // a guard held only for its lock
  void offByDefault() {
    assumeTrue(System.getProperty("ctxlock.stats") == null, "ctxlock.stats is set");
    SpinLock<int[]> lock = new SpinLock<>("off", new int[1]);
    for (int i = 0; i < 10; i++) {
      try (Guard<int[], SpinLockBackend> g = lock.lock()) {
        g.get()[0]++;
      }
    }
    assertFalse(LockStat.isEnabled());
    assertEquals(List.of(), LockStat.snapshot());
    LockStat.reset(); // a no-op
    assertEquals(List.of(), LockStat.snapshot());
    assertTrue(LockStat.table().contains("lock statistics are off"), LockStat.table());
  }
}
