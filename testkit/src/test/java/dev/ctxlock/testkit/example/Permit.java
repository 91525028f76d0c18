package dev.ctxlock.testkit.example;

import dev.ctxlock.sync.ContextToken;

/** A user context: proof that the thread entered some mode. Only {@link #enter()} makes one. */
public final class Permit extends ContextToken {
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private Permit() {}

  /** Enters the mode, one more level. */
  public static Permit enter() {
    DEPTH.get()[0]++;
    return new Permit();
  }

  /** How many levels the calling thread is in. */
  public static int depth() {
    return DEPTH.get()[0];
  }

  @Override
  protected void release() {
    DEPTH.get()[0]--;
  }
}
