/**
 * Not API: the explorer's scheduler, its search strategies and its client of ctxlock's
 * instrumentation seam. Use {@code dev.ctxlock.explorer.Explorer}.
 */
package dev.ctxlock.explorer.internal;
