/**
 * The ctxlock annotation processor: {@link dev.ctxlock.processor.WithContextProcessor} and its round
 * handling (options, deferred backends, the per-backend pipeline validate, model, generate).
 *
 * <ul>
 *   <li>{@code validation}: one class per rule, reading annotations through mirrors and producing
 *       a {@code model} or diagnostics;
 *   <li>{@code model}: immutable values the writers consume;
 *   <li>{@code writing}: JavaPoet writers and the naming rules of generated code;
 *   <li>{@code diagnostics}: the message catalogue and the reporter.
 * </ul>
 */
package dev.ctxlock.processor;
