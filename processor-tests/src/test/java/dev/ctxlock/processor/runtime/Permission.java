package dev.ctxlock.processor.runtime;

/** A context that is not a ContextToken: no lifetime checks. */
public final class Permission {
  private Permission() {}

  public static Permission grant() {
    return new Permission();
  }
}
