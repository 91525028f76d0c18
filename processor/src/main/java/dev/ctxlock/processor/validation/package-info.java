/**
 * Validation of annotated backends, one concern per class: resolution (defer, do not report),
 * the backend itself, {@code context}, {@code contextual}, rules across annotations, generated
 * names, and the four warnings (about contexts, and about backends that do not declare their wait
 * type). {@link dev.ctxlock.processor.validation.BackendValidator} runs them all and builds the
 * model when none reported an error.
 */
package dev.ctxlock.processor.validation;
