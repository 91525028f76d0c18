package dev.ctxlock.sample;

/**
 * The statistics a driver keeps about its device: the value protected by the sample's {@code
 * SpinLockIrq<Stats>}. The kernel example's {@code struct Inner}.
 *
 * <p>The fields are plain on purpose: the lock is what makes them safe. They are only ever read or
 * written through a {@code Guard}, by the worker's code, by its interrupt handler (on the worker
 * thread, possibly while the worker's own code is between two instructions) and by the device
 * thread. Every update also bumps {@link #updates}, so a lost update shows up as a sum that does
 * not add up.
 */
public final class Stats {

  /** Interrupts the device raised, counted by the device thread with {@code lock()}. */
  long raised;

  /** Interrupts the worker's handler handled, counted with {@code lockWith(token)}. */
  long handled;

  /** Updates made by the worker with {@code lock()}, interrupts enabled. */
  long byLock;

  /** Updates made by {@code Worker.noirqWork} with {@code lockWith(token)}. */
  long byNoirqWork;

  /** Updates made through {@link GenericHelpers}, with {@code lockWith(witness, token)}. */
  long byGeneric;

  /** Every update of any kind: the sum of the five counters above if nothing was lost. */
  long updates;

  /**
   * Work the interrupt handler posted for the worker and the worker has not taken yet: the
   * condition of the worker's {@code CondVar}. The handler adds one per interrupt (part of its
   * update, not one of its own); the worker takes it all at once.
   */
  long inbox;

  /** Work the worker took from {@link #inbox}: every interrupt's, in the end. */
  long processed;

  /** Returns an immutable copy; call it under the lock. */
  Snapshot snapshot() {
    return new Snapshot(raised, handled, byLock, byNoirqWork, byGeneric, updates, inbox, processed);
  }

  /**
   * An immutable copy of {@link Stats}, safe to read anywhere.
   *
   * @param raised interrupts raised by the device
   * @param handled interrupts handled on the worker
   * @param byLock worker updates with {@code lock()}
   * @param byNoirqWork worker updates with {@code lockWith(token)} in {@code noirqWork}
   * @param byGeneric worker updates through the generic helper
   * @param updates all updates
   * @param inbox work posted by the handler and not yet taken by the worker
   * @param processed work the worker took
   */
  public record Snapshot(
      long raised,
      long handled,
      long byLock,
      long byNoirqWork,
      long byGeneric,
      long updates,
      long inbox,
      long processed) {}
}
