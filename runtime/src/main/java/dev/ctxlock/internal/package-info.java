/**
 * Not API: implementation shared between ctxlock's packages. Nothing here is stable, and the
 * package is not exported to modules.
 */
package dev.ctxlock.internal;
