package dev.ctxlock.processor.diagnostics;

import static javax.tools.Diagnostic.Kind.ERROR;
import static javax.tools.Diagnostic.Kind.WARNING;

import dev.ctxlock.processor.names.RuntimeNames;
import java.util.Locale;
import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor prints, in one place (the message catalogue of MapStruct and
 * AutoValue): its stable ID, its kind, how many arguments it takes, and its text. Each printed
 * message starts with its ID in brackets, {@code [ctxlock:StyleConflict]}, so that users can
 * search for it and tests can assert it; an ID never changes once released. Texts name the rule
 * that was broken and the types involved; most go on with the backend they concern ({@code
 * @WithContext on p.FooBackend: ...}).
 *
 * <p>{@link Reporter} checks each call's argument count against {@link #arity()}, and a test
 * checks every call site in the processor's sources.
 */
public enum Messages {

  // ---- processor options

  UNKNOWN_STYLE_OPTION(
      "UnknownStyleOption",
      ERROR,
      1,
      "unknown value \"%s\" for processor option -Actxlock.style; allowed values are inherent"
          + " and generic (case-insensitive)"),

  // ---- the annotated backend

  BACKEND_NOT_CONCRETE(
      "BackendNotConcrete",
      ERROR,
      2,
      "@WithContext on %s: the annotated type is %s, but it must be a concrete class, enum or"
          + " record implementing " + Names.BACKEND + "<S>"),
  BACKEND_NOT_A_BACKEND(
      "NotABackend",
      ERROR,
      1,
      "@WithContext on %s: the annotated type does not implement " + Names.BACKEND + "<S>;"
          + " only a lock backend can be taken with a contextual backend"),
  BACKEND_RAW(
      "RawBackend",
      ERROR,
      1,
      "@WithContext on %s: the annotated type implements the raw type " + Names.BACKEND + ";"
          + " implement Backend<S> with its state type S, which the contextual backend must share"),
  BACKEND_GENERIC(
      "GenericBackend",
      ERROR,
      2,
      "@WithContext on %s: a backend must not be generic, but it declares type parameters <%s>;"
          + " generated code names the backend without type arguments"),
  BACKEND_INNER(
      "InnerBackend",
      ERROR,
      1,
      "@WithContext on %s: a backend must not be a non-static inner class; declare it static"),
  BACKEND_INACCESSIBLE(
      "InaccessibleBackend",
      ERROR,
      3,
      "@WithContext on %s: a backend must be accessible from its package %s, where the generated"
          + " classes live, but it is %s"),
  MISSING_INSTANCE(
      "MissingInstance",
      ERROR,
      5,
      "@WithContext on %s: %s %s lacks an accessible public static final INSTANCE of type %s%s;"
          + " generated code reaches every backend through its INSTANCE (an enum constant counts)"),

  // ---- the contextual backend

  CONTEXTUAL_NOT_A_BACKEND(
      "ContextualNotABackend",
      ERROR,
      3,
      "@WithContext on %s: contextual %s is not a " + Names.BACKEND + "; a contextual backend"
          + " must implement Backend<S> with the annotated backend's state type %s"),
  CONTEXTUAL_RAW(
      "RawContextual",
      ERROR,
      3,
      "@WithContext on %s: contextual backend %s implements the raw type " + Names.BACKEND + ","
          + " so its state type is unknown; a contextual backend must implement Backend<%s>"),
  CONTEXTUAL_GENERIC(
      "GenericContextual",
      ERROR,
      3,
      "@WithContext on %s: contextual backend %s must not be generic, but it declares type"
          + " parameters <%s>; generated code names it without type arguments"),
  CONTEXTUAL_STATE_MISMATCH(
      "StateTypeMismatch",
      ERROR,
      5,
      "@WithContext on %s: contextual backend %s has state type %s, but %s's state type is %s;"
          + " a contextual backend must run over exactly the same state type"),
  CONTEXTUAL_IS_SELF(
      "ContextualIsSelf",
      ERROR,
      1,
      "@WithContext on %s: contextual names the annotated backend itself; a contextual backend"
          + " must be another, cheaper backend over the same state"),
  CONTEXTUAL_INACCESSIBLE(
      "InaccessibleContextual",
      ERROR,
      3,
      "@WithContext on %s: contextual backend %s is not accessible from package %s, where the"
          + " generated code that names it lives"),

  // ---- the context type

  CONTEXT_NOT_A_CLASS(
      "ContextNotAClass",
      ERROR,
      3,
      "@WithContext on %s: context %s is %s, but a context must be a class or interface type whose"
          + " values prove the context"),
  CONTEXT_INACCESSIBLE(
      "InaccessibleContext",
      ERROR,
      3,
      "@WithContext on %s: context %s is not accessible from package %s, where the generated code"
          + " that names it lives"),

  // ---- several annotations on one backend

  DUPLICATE_CONTEXT(
      "DuplicateContext",
      ERROR,
      2,
      "@WithContext on %s: context %s is named by more than one annotation; each context may"
          + " appear once per backend"),
  STYLE_CONFLICT(
      "StyleConflict",
      ERROR,
      5,
      "@WithContext on %s: this annotation resolves to style %s, but the annotation for context"
          + " %s resolves to style %s (DEFAULT is %s here); all annotations on one backend must"
          + " agree on the style"),
  CONSTANT_NAME_CLASH(
      "ConstantNameClash",
      ERROR,
      5,
      "@WithContext on %s: contexts %s and %s would both be the constant %s.%s; rename one of"
          + " the context types"),

  // ---- generated names

  GENERATED_NAME_TAKEN(
      "GeneratedNameTaken",
      ERROR,
      3,
      "@WithContext on %s: cannot generate %s, the %s for this backend: a type of that name"
          + " already exists; rename the backend or that type"),
  GENERATED_NAME_SHADOWS_JAVA_LANG(
      "GeneratedNameShadowsJavaLang",
      ERROR,
      5,
      "@WithContext on %s: cannot generate %s, the %s for this backend: it would shadow"
          + " java.lang.%s for every source in package %s; rename the backend"),
  GENERATED_NAME_CLASH(
      "GeneratedNameClash",
      ERROR,
      4,
      "@WithContext on %s: cannot generate %s, the %s for this backend: backend %s maps to the"
          + " same generated name; rename one of the backends"),

  // ---- the processor itself

  WRITE_FAILED(
      "WriteFailed",
      ERROR,
      3,
      "@WithContext on %s: could not write %s: %s"),
  PROCESSOR_BUG(
      "ProcessorBug",
      ERROR,
      2,
      "@WithContext on %s: the ctxlock processor crashed on this backend; this is a ctxlock"
          + " processor bug, please report it with this message: %s"),
  PROCESSOR_CRASH(
      "ProcessorCrash",
      ERROR,
      1,
      "the ctxlock processor crashed outside of any one backend; this is a ctxlock processor"
          + " bug, please report it with this message: %s"),

  // ---- warnings

  FORGEABLE_CONTEXT(
      "ForgeableContext",
      WARNING,
      3,
      "@WithContext on %s: context %s can be obtained by code outside its package without"
          + " entering the context: %s. A proof anyone can construct proves nothing; make it a"
          + " final (or sealed) class with no public or protected constructor, obtained only from"
          + " the code that enters the context"),
  CONTEXT_NOT_A_TOKEN(
      "ContextNotAToken",
      WARNING,
      2,
      "@WithContext on %s: context %s does not extend " + Names.CONTEXT_TOKEN + ", so lockWith"
          + " gets no lifetime checks: a closed or another thread's proof is accepted, and"
          + " nothing stops it from being closed while a guard taken with it is open"),
  AMBIGUOUS_CONTEXTS(
      "AmbiguousContexts",
      WARNING,
      4,
      "@WithContext on %s: contexts %s and %s are %s, so some class could be both; lockWith and"
          + " tryLockWith calls with a value of such a class would be ambiguous"),
  BACKEND_WAIT_TYPE_UNKNOWN(
      "BackendWaitTypeUnknown",
      WARNING,
      3,
      "@WithContext on %s: %s %s does not declare its wait type with @" + Names.WAITS + " on its"
          + " own class (the annotation is not inherited), so no rule counts it as spinning or as"
          + " sleeping: neither the lock validator's sleeping-in-atomic check, nor CondVar's"
          + " refusal to wait in atomic context, nor the Error Prone check CtxlockSleepInAtomic;"
          + " add @Waits(WaitType.SPIN) if its waiters stay on their CPU, or"
          + " @Waits(WaitType.SLEEP) if they sleep");

  /** What {@code @SuppressWarnings} says to silence the processor's warnings. */
  public static final String SUPPRESSION_KEY = "ctxlock";

  /** The prefix of every ID: {@code [ctxlock:Name]}. */
  public static final String ID_PREFIX = "ctxlock:";

  private final String id;
  private final Diagnostic.Kind kind;
  private final int arity;
  private final String format;

  Messages(String id, Diagnostic.Kind kind, int arity, String format) {
    this.id = ID_PREFIX + id;
    this.kind = kind;
    this.arity = arity;
    this.format = format;
  }

  /** The stable ID, e.g. {@code ctxlock:StyleConflict}; printed in brackets before the text. */
  public String id() {
    return id;
  }

  /** Whether the message is an error or a warning. */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /** How many arguments {@link #format} takes: one per {@code %s} of the text. */
  public int arity() {
    return arity;
  }

  /** The text without its ID, with {@code %s} where the arguments go. */
  String template() {
    return format;
  }

  /**
   * Returns {@code [id] text}, with {@code args} in place of the text's {@code %s}.
   *
   * @throws IllegalArgumentException if {@code args} are not {@link #arity()} many
   */
  public String format(Object... args) {
    if (args.length != arity) {
      throw new IllegalArgumentException(
          id + " takes " + arity + " arguments, but got " + args.length);
    }
    return "[" + id + "] " + String.format(Locale.ROOT, format, args);
  }

  /** The runtime's names the texts quote (a holder: constants' arguments cannot read ours). */
  private static final class Names {
    static final String BACKEND = RuntimeNames.BACKEND.canonicalName();
    static final String CONTEXT_TOKEN = RuntimeNames.CONTEXT_TOKEN.canonicalName();
    static final String WAITS = RuntimeNames.WAITS.canonicalName();
  }
}
