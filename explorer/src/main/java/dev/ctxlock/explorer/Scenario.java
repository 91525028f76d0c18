package dev.ctxlock.explorer;

import dev.ctxlock.interrupt.InterruptHandler;
import dev.ctxlock.sync.ThrowingRunnable;

/**
 * What one schedule runs: the scenario function passed to {@link Explorer#explore} builds its locks
 * and data afresh, then declares the threads, the interrupts that may arrive, and the checks.
 *
 * <pre>{@code
 * Report report = Explorer.explorer().explore(s -> {
 *   SpinLock<int[]> a = new SpinLock<>("a", new int[1]);
 *   SpinLock<int[]> b = new SpinLock<>("b", new int[1]);
 *   s.thread("t1", () -> { try (var ga = a.lock(); var gb = b.lock()) { gb.get()[0]++; } });
 *   s.thread("t2", () -> { try (var gb = b.lock(); var ga = a.lock()) { ga.get()[0]++; } });
 * });
 * report.assertNoFailure();   // fails: DEADLOCK, with the trace and a replayable schedule
 * }</pre>
 */
public interface Scenario {

  /**
   * Declares a thread running {@code body}. Threads start together, in declaration order, once the
   * scenario function returns; the explorer then runs them one at a time.
   *
   * @throws IllegalArgumentException if another thread of this scenario has that name
   */
  void thread(String name, ThrowingRunnable<?> body);

  /**
   * Declares an interrupt that may arrive once on the thread named {@code threadName}, at any of
   * its scheduling points where its interrupts are enabled (or never, if the thread never reaches
   * one). Whether and where it arrives is a choice the search explores.
   *
   * @throws IllegalArgumentException if no thread of this scenario has that name (declare the
   *     thread first)
   */
  void interrupt(String threadName, InterruptHandler handler);

  /** Declares a check that runs after every thread ended; a throw is an {@code INVARIANT} failure. */
  void check(ThrowingRunnable<?> invariant);
}
