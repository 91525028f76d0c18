package dev.ctxlock.processor.runtime;

import dev.ctxlock.sync.ContextToken;

/** A generic context token, used as {@code Ticket<?>}. */
public final class Ticket<R> extends ContextToken {
  private Ticket() {}

  public static <R> Ticket<R> issue() {
    return new Ticket<>();
  }

  @Override
  protected void release() {}
}
