/**
 * Not API: the seam's JFR client, the {@code dev.ctxlock.LockContended} event. Depends only on
 * {@code dev.ctxlock.internal.probe}.
 */
package dev.ctxlock.internal.jfr;
