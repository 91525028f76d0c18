package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.LockMap;

/**
 * The waits that began on a lock and that no holder has claimed yet, kept in one word of the
 * lock's {@link LockMap} ({@link LockMap#statMarks}): how the holder that releases a lock others
 * wait for finds out that it is their contending point.
 *
 * <p>The low 32 bits count unclaimed waits; the high 32 bits count how many times holders claimed
 * them. A holder that releases the lock claims every unclaimed wait at once; a waiter remembers the
 * claim count it marked under, so that when it is done it can tell whether its own wait was
 * claimed. One word, so that both change together; atomic, as waiters do not hold the lock.
 */
final class WaitMarks {

  private WaitMarks() {}

  /**
   * A waiter: one more wait on {@code lock} for a holder to claim.
   *
   * @return the claims so far, for {@link #unmark}
   */
  static int mark(LockMap lock) {
    return (int) (lock.getAndAddStatMarks(1L) >>> 32);
  }

  /** Whether some wait on {@code lock} is unclaimed: a plain load on common hardware. */
  static boolean marked(LockMap lock) {
    return (int) lock.statMarks() != 0;
  }

  /** The holder, as it releases {@code lock}: claims every unclaimed wait, and returns how many. */
  static int claim(LockMap lock) {
    while (true) {
      long w = lock.statMarks();
      int waits = (int) w;
      if (waits == 0 || lock.compareAndSetStatMarks(w, ((w >>> 32) + 1) << 32)) {
        return waits;
      }
    }
  }

  /**
   * A waiter that got {@code lock} or gave up, and that marked when {@code claims} waits had been
   * claimed: if no holder claimed since, its wait is unclaimed (it began as the holder released),
   * and is withdrawn, so that no later holder, this waiter included, claims a wait it did not
   * make anyone do.
   */
  static void unmark(LockMap lock, int claims) {
    while (true) {
      long w = lock.statMarks();
      if ((int) (w >>> 32) != claims || (int) w == 0 || lock.compareAndSetStatMarks(w, w - 1)) {
        return;
      }
    }
  }
}
