package dev.ctxlock.explorer.internal;

import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.sync.ThrowingRunnable;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One scenario thread and what the scheduler knows of it. Fields are guarded by the execution's
 * monitor, except where said.
 */
final class Participant {

  final int index;
  final String name;
  final ThrowingRunnable<?> body;
  @Nullable Thread thread;

  /** The interrupt declared for this thread; null once it arrived, or if none was declared. */
  @Nullable InterruptHandler declaredInterrupt;

  boolean started;
  boolean finished;

  /** The lock this thread waits for, or null. */
  @Nullable LockMap waitingFor;
  /** What {@link #waitingFor} was called in the trace. */
  @Nullable String waitingForName;
  /** The condition this thread waits on until {@link #parkedUntil}, or null. */
  @Nullable Object parkBlocker;
  @Nullable BooleanSupplier parkedUntil;
  /** Whether the current wait (lock or park) may time out. */
  boolean timedWait;
  /** Whether this thread's acquisition in progress is a timed one (from the acquire hook). */
  boolean timedAcquisition;

  /** The thread's interrupt state at its last scheduling point. */
  boolean irqsDisabled;
  boolean inHandler;

  /** What the scheduler tells this thread to do when it runs again. */
  Alternative.@Nullable Kind resume;

  /** Owner thread only: while the explorer itself acts on this thread, hooks do not schedule. */
  int quiet;

  Participant(int index, String name, ThrowingRunnable<?> body) {
    this.index = index;
    this.name = name;
    this.body = body;
  }

  boolean blocked() {
    return waitingFor != null || parkedUntil != null;
  }

  @Override
  public String toString() {
    return name;
  }
}
