/**
 * Locks: {@link dev.ctxlock.sync.Lock} and its {@link dev.ctxlock.sync.Guard}, the {@link
 * dev.ctxlock.sync.Backend} contract, the shipped backends (spin lock, irq-disabling spin lock,
 * mutex), and the context-taking fast path ({@link dev.ctxlock.sync.BackendWithContext}, {@link
 * dev.ctxlock.sync.ContextToken}).
 */
package dev.ctxlock.sync;
