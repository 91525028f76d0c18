/**
 * Not API: lock statistics, the kernel's lockstat ({@code dev.ctxlock.sync.LockStat} is its API).
 * A client of the instrumentation seam, loaded when the JVM runs with {@code -Dctxlock.stats=on}
 * or {@code print}. Depends on {@code dev.ctxlock.internal.probe}, and on {@code
 * dev.ctxlock.sync} only for the rows it returns.
 */
package dev.ctxlock.internal.stats;
