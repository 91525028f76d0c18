/**
 * JavaPoet writers of generated code (the witness class, always; the inherent lock class, for style
 * INHERENT), the naming rules, and the optional annotations generated code carries when the
 * compilation can see them.
 */
package dev.ctxlock.processor.writing;
