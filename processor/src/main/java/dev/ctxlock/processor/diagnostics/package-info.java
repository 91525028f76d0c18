/**
 * Every message the processor prints ({@link dev.ctxlock.processor.diagnostics.Messages}, each with
 * its kind), where it points ({@link dev.ctxlock.processor.diagnostics.Location}), and the {@link
 * dev.ctxlock.processor.diagnostics.Reporter} that prints and honors
 * {@code @SuppressWarnings("ctxlock")}.
 */
package dev.ctxlock.processor.diagnostics;
