package dev.ctxlock.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The floor for a spin lock that knows its owner without a reference in its lock word: the word is
 * a {@code long} naming the owner by thread id, and unlock checks it, as {@code SpinLockBackend}
 * does; nothing else (no guard, no back-off, no context).
 */
final class IdWordSpinLock {
  private static final VarHandle WORD;

  static {
    try {
      WORD = MethodHandles.lookup().findVarHandle(IdWordSpinLock.class, "word", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unused") // through WORD
  private volatile long word;

  @SuppressWarnings("deprecation") // getId: threadId() is JDK 19+
  private static long myWord() {
    return Thread.currentThread().getId() << 2 | 1;
  }

  void lock() {
    long me = myWord();
    while ((long) WORD.compareAndExchangeAcquire(this, 0L, me) != 0L) {
      while ((long) WORD.getOpaque(this) != 0L) {
        Thread.onSpinWait();
      }
    }
  }

  void unlock() {
    if ((long) WORD.getOpaque(this) != myWord()) {
      throw new IllegalStateException("not the owner");
    }
    WORD.setRelease(this, 0L);
  }
}
