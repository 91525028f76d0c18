/**
 * Locks: {@link dev.ctxlock.sync.Lock} and its {@link dev.ctxlock.sync.Guard}, the {@link
 * dev.ctxlock.sync.Backend} contract, the shipped backends (spin lock, irq-disabling spin lock,
 * mutex), the context-taking fast path ({@link dev.ctxlock.sync.BackendWithContext}, {@link
 * dev.ctxlock.sync.ContextToken}), the rest of the kernel's sync toolkit ({@link
 * dev.ctxlock.sync.CondVar}, {@link dev.ctxlock.sync.TimedBackend}, {@link
 * dev.ctxlock.sync.LockedBy}) and the lock validator ({@link dev.ctxlock.sync.LockValidator}).
 *
 * <h2>Package dependencies</h2>
 *
 * <p>{@code dev.ctxlock.internal} depends on no other ctxlock package; this package and {@code
 * dev.ctxlock.interrupt} both use it. Between these two there is one edge each way, and only one:
 * {@code LocalInterruptDisabled} (interrupt) is a {@link dev.ctxlock.sync.ContextToken} (sync),
 * and {@code SpinLockIrqBackend} (sync) names {@code LocalInterruptDisabled} as its
 * {@code @WithContext} context, because the irq lock's fast path is what the token proves. Every
 * other meeting point goes through {@code dev.ctxlock.internal.LocalCpu}.
 */
package dev.ctxlock.sync;
