/**
 * Not API: lock statistics, the kernel's lockstat ({@code dev.ctxlock.sync.LockStat} is its API).
 * A client of the instrumentation seam, loaded when the JVM runs with {@code -Dctxlock.stats=on}
 * or {@code print}. Depends on {@code dev.ctxlock.internal.probe} only; {@code LockStat} reads
 * its counts from {@link dev.ctxlock.internal.stats.LockStats}.
 */
package dev.ctxlock.internal.stats;
