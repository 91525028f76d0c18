/**
 * Not API: the lock validator (the kernel's lockdep), a client of the instrumentation seam ({@code
 * dev.ctxlock.internal.probe}). Depends on the seam, on {@code dev.ctxlock.internal} for the
 * emulated CPU, and on {@code dev.ctxlock.sync} only for the exception it reports with; nothing in
 * {@code dev.ctxlock.sync} depends on it.
 */
package dev.ctxlock.internal.lockdep;
