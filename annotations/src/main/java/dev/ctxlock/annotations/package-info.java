/**
 * The {@link dev.ctxlock.annotations.WithContext} annotation read by the ctxlock processor.
 *
 * <p>CLASS retention: the annotations are needed at compile time only, and class files keep them
 * for incremental compilers that reprocess a type from its class file.
 */
package dev.ctxlock.annotations;
