package dev.ctxlock.internal.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code -Dctxlock.stats.longHold}: a duration in {@code ns}, {@code us}, {@code ms} or {@code s}
 * (nanoseconds without a unit); absent, blank or not a duration, the default of 20 ms.
 */
class LongHoldTest {

  private static final long DEFAULT = TimeUnit.MILLISECONDS.toNanos(20);

  @Test
  void durationsInEveryUnit() {
    assertEquals(5_000_000L, LockStats.parseLongHold("5ms"));
    assertEquals(500_000L, LockStats.parseLongHold("500us"));
    assertEquals(2_000_000_000L, LockStats.parseLongHold("2s"));
    assertEquals(750L, LockStats.parseLongHold("750ns"));
    assertEquals(1_234L, LockStats.parseLongHold("1234"));
    assertEquals(5_000_000L, LockStats.parseLongHold(" 5 MS "));
  }

  @Test
  void theDefaultForNothingOrNonsense() {
    assertEquals(DEFAULT, LockStats.parseLongHold(null));
    assertEquals(DEFAULT, LockStats.parseLongHold(" "));
    assertEquals(DEFAULT, LockStats.parseLongHold("soon"));
    assertEquals(DEFAULT, LockStats.parseLongHold("-5ms"));
    assertEquals(DEFAULT, LockStats.parseLongHold("99999999999999999999ms"));
  }
}
