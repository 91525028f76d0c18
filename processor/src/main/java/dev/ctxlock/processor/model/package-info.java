/**
 * Immutable values describing a validated backend ({@link dev.ctxlock.processor.model.BackendModel},
 * one {@link dev.ctxlock.processor.model.ContextBinding} per annotation), and the canonical names of
 * the runtime types (the processor does not depend on the runtime).
 */
package dev.ctxlock.processor.model;
