/**
 * Not API: the instrumentation seam, the one way tools observe ctxlock's locks, in the shape of the
 * kernel's lockdep hooks ({@code lock_acquire}, {@code lock_contended}, {@code lock_acquired},
 * {@code lock_release}).
 *
 * <p>{@code Lock}, {@code Guard} and {@code CondVar} call {@link
 * dev.ctxlock.internal.probe.LockProbes} at every acquisition (each form, each backend),
 * contention, release, {@code callUnlocked} window and condition wait; tools ({@link
 * dev.ctxlock.internal.probe.LockProbe}s: the lock validator, the JFR contention event, and
 * whatever else is found as a {@link dev.ctxlock.internal.probe.ProbeProvider}) observe through it
 * and never touch a lock. What a tool learns of a backend is what it declares ({@link
 * dev.ctxlock.internal.probe.BackendTraits}) and what an acquisition was seen to do (the interrupt
 * levels it took), never its name.
 *
 * <p>This package depends on no other ctxlock package; tools depend on it.
 */
package dev.ctxlock.internal.probe;
