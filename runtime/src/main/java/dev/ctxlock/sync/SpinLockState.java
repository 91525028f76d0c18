package dev.ctxlock.sync;

import dev.ctxlock.internal.LocalCpu;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The state of one spin lock, shared by {@link SpinLockBackend} and {@link SpinLockIrqBackend}:
 * because both run one protocol over it, a {@code SpinLockIrq} taken with {@code lock()} and the
 * same lock taken with {@code lockWith(token)} exclude each other.
 *
 * <p>Opaque: created by {@link SpinLockBackend#newState()}, changed only by those two backends.
 * Other backends may name it as their state type to run over a spin lock, by delegating to {@link
 * SpinLockBackend#INSTANCE}.
 */
public final class SpinLockState {

  // The lock word is a long, not the owner Thread: a reference CAS or store carries the
  // collector's barriers (G1 checks for concurrent marking before it and records cross-region
  // pointers after it), which an integer CAS does not, and on the uncontended path they are a
  // measurable share of the whole lock (docs/performance.md, the spin lock ladder).

  /** The lock word of a free lock. */
  static final long FREE = 0L;
  /**
   * Set in every held word, whatever the thread's id: so an acquisition always changes the word,
   * and mutual exclusion depends on the CAS alone, never on ids being distinct or non-zero.
   */
  private static final long HELD = 1L;
  /** Set in the word of a lock that {@link SpinLockIrqBackend} took (interrupts disabled). */
  static final long IRQ = 2L;

  private static final int ID_SHIFT = 2;

  /**
   * Free, or who holds the lock and how it was taken: {@code id << 2 | HELD}, plus {@link #IRQ}
   * when the irq backend took it (so that the plain backend's unlock refuses it, while a
   * reentrant acquisition through either backend is still seen). Acquired with an acquire CAS
   * from {@link #FREE}, released with a release store of it: recording the owner costs nothing
   * beyond the CAS.
   *
   * <p>The holder may read it without ordering: a thread always sees its own last write, so
   * comparing the word with the caller's own word is exact, and another thread's word, stale or
   * not, is never the caller's (ids are unique; on JDK 17 and 18 see {@link #idIdentifies}).
   * Reads are opaque rather than plain because a plain {@code long} read may be split in two on
   * 32-bit platforms.
   */
  @SuppressWarnings("unused") // accessed through WORD
  private volatile long word;

  /**
   * The CPU whose interrupt level {@link SpinLockIrqBackend#lock} took, so that its unlock gives it
   * back without a thread-local lookup; null unless the irq backend holds the lock. Written by the
   * holder only, under the lock, after the CAS, and cleared before the release; so, as for the
   * word, a thread that reads its own CPU here holds the lock (through the irq backend), whatever
   * stale value another thread might read.
   */
  @Nullable LocalCpu irqCpu;

  /**
   * The handler frame the interrupt level of {@link SpinLockIrqBackend#lock} belongs to, when it
   * was taken inside an interrupt handler; null otherwise (the common case writes nothing here).
   * Written and read by the holder only, under the lock.
   */
  LocalCpu.@Nullable Frame irqFrame;

  private static final VarHandle WORD;

  /**
   * {@code Thread.threadId()} where it exists (JDK 19 and later: final, so no subclass can change
   * it), else {@code Thread.getId()} (JDK 17 and 18: overridable). A constant handle, so the JIT
   * compiles the call to a field load.
   */
  private static final MethodHandle THREAD_ID;

  /** Whether {@link #THREAD_ID} is the final {@code threadId()}. */
  private static final boolean FINAL_IDS;

  /**
   * Per thread class, before JDK 19: whether it inherits {@code Thread.getId()}. A class that
   * overrides it may report another thread's id; see {@link #idIdentifies}.
   */
  private static final ClassValue<Boolean> INHERITS_GET_ID =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("getId").getDeclaringClass() == Thread.class;
          } catch (NoSuchMethodException | RuntimeException e) {
            return false;
          }
        }
      };

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WORD = lookup.findVarHandle(SpinLockState.class, "word", long.class);
      MethodHandle id;
      boolean finalIds;
      try {
        id = lookup.findVirtual(Thread.class, "threadId", MethodType.methodType(long.class));
        finalIds = true;
      } catch (NoSuchMethodException beforeJdk19) {
        id = lookup.findVirtual(Thread.class, "getId", MethodType.methodType(long.class));
        finalIds = false;
      }
      THREAD_ID = id;
      FINAL_IDS = finalIds;
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  SpinLockState() {}

  /** The word {@link SpinLockBackend} writes for {@code thread}. */
  static long plainWord(Thread thread) {
    return threadId(thread) << ID_SHIFT | HELD;
  }

  /** The word {@link SpinLockIrqBackend} writes for {@code thread}. */
  static long irqWord(Thread thread) {
    return threadId(thread) << ID_SHIFT | HELD | IRQ;
  }

  private static long threadId(Thread thread) {
    try {
      return (long) THREAD_ID.invokeExact(thread);
    } catch (RuntimeException | Error e) {
      throw e; // an Error (a stack overflow) passes through unchanged
    } catch (Throwable t) {
      throw new AssertionError("Thread's id accessor declares no checked exception", t);
    }
  }

  /**
   * Whether {@code thread}'s id is its own, so that a word equal to its word proves that it holds
   * the lock. Always, from JDK 19. Before, unless its class overrides {@code getId()}: such a
   * thread may share its reported id with another, and then a lock the other holds looks like its
   * own. Mutual exclusion never depends on this (see {@link #HELD}); the checks that do (refusing
   * reentrance, which would otherwise throw at a thread that merely waits) ask here first, on
   * their slow paths only. Unlocking through the raw backend and {@code isHeldByCurrentThread} do
   * not ask, so for such threads on JDK 17 and 18 they trust the reported id.
   */
  static boolean idIdentifies(Thread thread) {
    return FINAL_IDS || thread.getClass() == Thread.class || INHERITS_GET_ID.get(thread.getClass());
  }

  /** One attempt: an acquire CAS from free to {@code word}. */
  boolean tryAcquire(long word) {
    return (long) WORD.compareAndExchangeAcquire(this, FREE, word) == FREE;
  }

  /** Whether the lock looks free; an opaque read, for spinning without a bus-locking CAS. */
  boolean looksFree() {
    return (long) WORD.getOpaque(this) == FREE;
  }

  /**
   * The lock word, read without ordering: exact when compared with the calling thread's own word
   * (see {@link #word}).
   */
  long word() {
    return (long) WORD.getOpaque(this);
  }

  /** Whether {@code thread} (the calling thread) holds the lock, whichever backend took it. */
  boolean isHeldBy(Thread thread) {
    return (word() | IRQ) == irqWord(thread);
  }

  /**
   * Frees the lock. Release store: everything the holder wrote happens-before the next
   * acquirer's successful CAS reads {@link #FREE}.
   */
  void release() {
    WORD.setRelease(this, FREE);
  }

  @Override
  public String toString() {
    long w = word();
    if (w == FREE) {
      return "SpinLockState[free]";
    }
    return "SpinLockState[held by the thread with id " + (w >>> ID_SHIFT)
        + ((w & IRQ) != 0 ? ", interrupts disabled]" : "]");
  }
}
