package dev.ctxlock.processor.diagnostics;

import static javax.tools.Diagnostic.Kind.ERROR;
import static javax.tools.Diagnostic.Kind.WARNING;

import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor prints: its kind and its text, in one place (MapStruct's message
 * catalogue). Texts name the rule that was broken and the types involved; most start with the
 * backend they concern ({@code @WithContext on p.FooBackend: ...}).
 */
public enum Messages {

  // ---- processor options

  UNKNOWN_STYLE_OPTION(
      ERROR,
      "unknown value \"%s\" for processor option -Actxlock.style; allowed values are inherent"
          + " and generic (case-insensitive)"),

  // ---- the annotated backend

  BACKEND_NOT_CONCRETE(
      ERROR,
      "@WithContext on %s: the annotated type is %s, but it must be a concrete class, enum or"
          + " record implementing dev.ctxlock.sync.Backend<S>"),
  BACKEND_NOT_A_BACKEND(
      ERROR,
      "@WithContext on %s: the annotated type does not implement dev.ctxlock.sync.Backend<S>;"
          + " only a lock backend can be taken with a contextual backend"),
  BACKEND_RAW(
      ERROR,
      "@WithContext on %s: the annotated type implements the raw type dev.ctxlock.sync.Backend;"
          + " implement Backend<S> with its state type S, which the contextual backend must share"),
  BACKEND_GENERIC(
      ERROR,
      "@WithContext on %s: a backend must not be generic, but it declares type parameters <%s>;"
          + " generated code names the backend without type arguments"),
  BACKEND_INNER(
      ERROR,
      "@WithContext on %s: a backend must not be a non-static inner class; declare it static"),
  BACKEND_INACCESSIBLE(
      ERROR,
      "@WithContext on %s: a backend must be accessible from its package %s, where the generated"
          + " classes live, but it is %s"),
  MISSING_INSTANCE(
      ERROR,
      "@WithContext on %s: %s %s lacks an accessible public static final INSTANCE of type %s%s;"
          + " generated code reaches every backend through its INSTANCE (an enum constant counts)"),

  // ---- the contextual backend

  CONTEXTUAL_NOT_A_BACKEND(
      ERROR,
      "@WithContext on %s: contextual %s is not a dev.ctxlock.sync.Backend; a contextual backend"
          + " must implement Backend<S> with the annotated backend's state type %s"),
  CONTEXTUAL_RAW(
      ERROR,
      "@WithContext on %s: contextual backend %s implements the raw type dev.ctxlock.sync.Backend,"
          + " so its state type is unknown; a contextual backend must implement Backend<%s>"),
  CONTEXTUAL_GENERIC(
      ERROR,
      "@WithContext on %s: contextual backend %s must not be generic, but it declares type"
          + " parameters <%s>; generated code names it without type arguments"),
  CONTEXTUAL_STATE_MISMATCH(
      ERROR,
      "@WithContext on %s: contextual backend %s has state type %s, but %s's state type is %s;"
          + " a contextual backend must run over exactly the same state type"),
  CONTEXTUAL_IS_SELF(
      ERROR,
      "@WithContext on %s: contextual names the annotated backend itself; a contextual backend"
          + " must be another, cheaper backend over the same state"),
  CONTEXTUAL_INACCESSIBLE(
      ERROR,
      "@WithContext on %s: contextual backend %s is not accessible from package %s, where the"
          + " generated code that names it lives"),

  // ---- the context type

  CONTEXT_NOT_A_CLASS(
      ERROR,
      "@WithContext on %s: context %s is %s, but a context must be a class or interface type whose"
          + " values prove the context"),
  CONTEXT_INACCESSIBLE(
      ERROR,
      "@WithContext on %s: context %s is not accessible from package %s, where the generated code"
          + " that names it lives"),

  // ---- several annotations on one backend

  DUPLICATE_CONTEXT(
      ERROR,
      "@WithContext on %s: context %s is named by more than one annotation; each context may"
          + " appear once per backend"),
  STYLE_CONFLICT(
      ERROR,
      "@WithContext on %s: this annotation resolves to style %s, but the annotation for context"
          + " %s resolves to style %s (DEFAULT is %s here); all annotations on one backend must"
          + " agree on the style"),
  CONSTANT_NAME_CLASH(
      ERROR,
      "@WithContext on %s: contexts %s and %s would both be the constant %s.%s; rename one of"
          + " the context types"),

  // ---- generated names

  GENERATED_NAME_TAKEN(
      ERROR,
      "@WithContext on %s: cannot generate %s, the %s for this backend: a type of that name"
          + " already exists; rename the backend or that type"),
  GENERATED_NAME_SHADOWS_JAVA_LANG(
      ERROR,
      "@WithContext on %s: cannot generate %s, the %s for this backend: it would shadow"
          + " java.lang.%s for every source in package %s; rename the backend"),
  GENERATED_NAME_CLASH(
      ERROR,
      "@WithContext on %s: cannot generate %s, the %s for this backend: backend %s maps to the"
          + " same generated name; rename one of the backends"),

  // ---- the processor itself

  WRITE_FAILED(ERROR, "@WithContext on %s: could not write %s: %s"),
  PROCESSOR_BUG(
      ERROR,
      "@WithContext on %s: the ctxlock processor crashed on this backend; this is a ctxlock"
          + " processor bug, please report it with this message: %s"),
  PROCESSOR_CRASH(
      ERROR,
      "the ctxlock processor crashed outside of any one backend; this is a ctxlock processor"
          + " bug, please report it with this message: %s"),

  // ---- warnings

  FORGEABLE_CONTEXT(
      WARNING,
      "@WithContext on %s: context %s can be obtained by code outside its package without"
          + " entering the context: %s. A proof anyone can construct proves nothing; make it a"
          + " final (or sealed) class with no public or protected constructor, obtained only from"
          + " the code that enters the context"),
  CONTEXT_NOT_A_TOKEN(
      WARNING,
      "@WithContext on %s: context %s does not extend dev.ctxlock.sync.ContextToken, so lockWith"
          + " gets no lifetime checks: a closed or another thread's proof is accepted, and"
          + " nothing stops it from being closed while a guard taken with it is open"),
  AMBIGUOUS_CONTEXTS(
      WARNING,
      "@WithContext on %s: contexts %s and %s are %s, so some class could be both; lockWith and"
          + " tryLockWith calls with a value of such a class would be ambiguous");

  /** What {@code @SuppressWarnings} says to silence the processor's warnings. */
  public static final String SUPPRESSION_KEY = "ctxlock";

  private final Diagnostic.Kind kind;
  private final String format;

  Messages(Diagnostic.Kind kind, String format) {
    this.kind = kind;
    this.format = format;
  }

  /** Returns whether the message is an error, a warning, ... */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /** Returns the text, with {@code args} in place of the format's {@code %s}. */
  public String format(Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
