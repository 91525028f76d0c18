/**
 * Names shared by validation and writing, below both: the runtime types the processor reads and
 * generated code uses ({@link dev.ctxlock.processor.names.RuntimeNames}), and the naming rules of
 * generated classes and constants ({@link dev.ctxlock.processor.names.GeneratedNames}), which
 * validation applies to detect clashes before anything is written.
 */
package dev.ctxlock.processor.names;
