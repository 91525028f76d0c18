package dev.ctxlock.processor.runtime;

import dev.ctxlock.sync.ContextToken;

/** Proof of being in the "quiet" context; only {@link #enter()} makes one. */
public final class Quiet extends ContextToken {
  private Quiet() {}

  public static Quiet enter() {
    return new Quiet();
  }

  @Override
  protected void release() {}
}
