package dev.ctxlock.sync;

import java.util.Arrays;

/**
 * The locks one thread holds, in the order it took them, for the lock validator; with the chain
 * key of every prefix, so that the key of "these held, then that one" is one mix away.
 */
final class HeldLocks {

  private Lock<?, ?>[] locks = new Lock<?, ?>[8];
  private ValidationClass[] classes = new ValidationClass[8];
  private boolean[] spin = new boolean[8];
  /** {@code chains[i]}: the chain key of the first {@code i} entries. */
  private long[] chains = new long[9];

  private int size;

  int size() {
    return size;
  }

  Lock<?, ?> lockAt(int i) {
    return locks[i];
  }

  ValidationClass classAt(int i) {
    return classes[i];
  }

  /** The chain key of the held classes followed by {@code next}, taken by a try or not. */
  long chainKey(ValidationClass next, boolean isTry) {
    return mix(chains[size], next.hash + (isTry ? 1 : 0));
  }

  /** Grows the arrays so that the next {@link #push} cannot fail. */
  void ensureRoom() {
    if (size == locks.length) {
      int n = size * 2;
      locks = Arrays.copyOf(locks, n);
      classes = Arrays.copyOf(classes, n);
      spin = Arrays.copyOf(spin, n);
      chains = Arrays.copyOf(chains, n + 1);
    }
  }

  /** Records {@code lock} as held; {@link #ensureRoom} first. */
  void push(Lock<?, ?> lock, ValidationClass cls, boolean isSpin) {
    if (size == locks.length) {
      ensureRoom(); // a restored entry, not preceded by ensureRoom
    }
    locks[size] = lock;
    classes[size] = cls;
    spin[size] = isSpin;
    chains[size + 1] = mix(chains[size], cls.hash);
    size++;
  }

  /** Removes {@code lock}, wherever it is (locks may be released in any order). */
  void remove(Lock<?, ?> lock) {
    for (int i = size - 1; i >= 0; i--) {
      if (locks[i] == lock) {
        for (int j = i; j < size - 1; j++) {
          locks[j] = locks[j + 1];
          classes[j] = classes[j + 1];
          spin[j] = spin[j + 1];
          chains[j + 1] = mix(chains[j], classes[j].hash);
        }
        size--;
        locks[size] = null;
        classes[size] = null;
        return;
      }
    }
    // Not found: taken before the validator saw it (a class changed while held is refused, so
    // this is a lock taken through a raw backend call); nothing to remove.
  }

  /** A held spin lock other than {@code except}, or null. */
  Lock<?, ?> spinLockOtherThan(Lock<?, ?> except) {
    for (int i = size - 1; i >= 0; i--) {
      if (spin[i] && locks[i] != except) {
        return locks[i];
      }
    }
    return null;
  }

  private static long mix(long chain, long next) {
    long h = (chain ^ next) * 0xC2B2AE3D27D4EB4FL;
    return h ^ (h >>> 31);
  }
}
