package dev.ctxlock.internal.lockdep;

import dev.ctxlock.internal.LocalCpu;
import dev.ctxlock.internal.probe.LockMap;
import java.util.Arrays;

/**
 * The locks one thread holds, in the order it took them, for the lock validator; with the chain
 * key of every prefix, so that the key of "these held, then that one" is one mix away.
 */
final class HeldLocks {

  /** The owning thread's emulated CPU (which keeps this record for life). */
  final LocalCpu cpu;

  HeldLocks(LocalCpu cpu) {
    this.cpu = cpu;
  }

  /**
   * Chain keys this thread found validated: an open-addressing set (0 marks a free slot; a key of
   * 0 is never remembered, it is only looked up in the shared set every time).
   */
  private long[] chainsSeen = new long[64];

  private int chainsSeenCount;

  /** The {@code Lockdep} chain epoch {@link #chainsSeen} belongs to. */
  private int chainsEpoch;

  private LockMap[] locks = new LockMap[8];
  private ValidationClass[] classes = new ValidationClass[8];
  private boolean[] spin = new boolean[8];
  /** {@code chains[i]}: the chain key of the first {@code i} entries. */
  private long[] chains = new long[9];

  private int size;

  /** How many of the held entries are spin locks. */
  private int spinHeld;

  int size() {
    return size;
  }

  LockMap lockAt(int i) {
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

  // Entries above the top are not cleared (remove leaves them), and push stores a reference only
  // when the entry differs: a thread that takes the same locks in the same order, the common
  // case, then writes no reference at all. A reference store into these long-lived arrays costs
  // the collector's write barrier (with G1, a fence when the card is not dirty yet), which
  // dominated the validator's cost per acquisition. The price: a lock's map stays reachable from
  // a thread that held it until that entry is reused (at most the deepest nesting the thread
  // reached); the map holds no reference to its lock.

  /** Records {@code lock} as held; {@link #ensureRoom} first. */
  void push(LockMap lock, ValidationClass cls, boolean isSpin) {
    if (size == locks.length) {
      ensureRoom(); // a restored entry, not preceded by ensureRoom
    }
    if (locks[size] != lock) {
      locks[size] = lock;
    }
    if (classes[size] != cls) {
      classes[size] = cls;
    }
    spin[size] = isSpin;
    if (isSpin) {
      spinHeld++;
    }
    chains[size + 1] = mix(chains[size], cls.hash);
    size++;
  }

  /** Removes {@code lock}, wherever it is (locks may be released in any order). */
  void remove(LockMap lock) {
    int top = size - 1;
    if (top >= 0 && locks[top] == lock) {
      if (spin[top]) {
        spinHeld--;
      }
      size = top; // the entry stays for the next push (see above)
      return;
    }
    for (int i = size - 1; i >= 0; i--) {
      if (locks[i] == lock) {
        if (spin[i]) {
          spinHeld--;
        }
        for (int j = i; j < size - 1; j++) {
          locks[j] = locks[j + 1];
          classes[j] = classes[j + 1];
          spin[j] = spin[j + 1];
          chains[j + 1] = mix(chains[j], classes[j].hash);
        }
        size--;
        return;
      }
    }
    // Not found: taken before the validator saw it (a class changed while held is refused, so
    // this is a lock taken through a raw backend call); nothing to remove.
  }

  /** Whether a spin lock is held: the sleep rule's fast check. */
  boolean holdsSpinLock() {
    return spinHeld > 0;
  }

  /** A held spin lock other than {@code except}, or null. */
  LockMap spinLockOtherThan(LockMap except) {
    for (int i = size - 1; i >= 0; i--) {
      if (spin[i] && locks[i] != except) {
        return locks[i];
      }
    }
    return null;
  }

  /** Whether this thread found chain {@code key} validated since the chains were last cleared. */
  boolean knowsChain(long key, int epoch) {
    if (epoch != chainsEpoch) {
      Arrays.fill(chainsSeen, 0L);
      chainsSeenCount = 0;
      chainsEpoch = epoch;
      return false;
    }
    long[] t = chainsSeen;
    int mask = t.length - 1;
    for (int i = (int) key & mask; ; i = (i + 1) & mask) {
      long k = t[i];
      if (k == key) {
        return key != 0;
      }
      if (k == 0) {
        return false;
      }
    }
  }

  /** Remembers that chain {@code key} is validated (in the shared set). */
  void rememberChain(long key) {
    if (key == 0) {
      return;
    }
    if (2 * (chainsSeenCount + 1) > chainsSeen.length) {
      long[] old = chainsSeen;
      chainsSeen = new long[old.length * 2];
      chainsSeenCount = 0;
      for (long k : old) {
        if (k != 0) {
          insert(k);
        }
      }
    }
    insert(key);
  }

  private void insert(long key) {
    long[] t = chainsSeen;
    int mask = t.length - 1;
    for (int i = (int) key & mask; ; i = (i + 1) & mask) {
      if (t[i] == key) {
        return;
      }
      if (t[i] == 0) {
        t[i] = key;
        chainsSeenCount++;
        return;
      }
    }
  }

  private static long mix(long chain, long next) {
    long h = (chain ^ next) * 0xC2B2AE3D27D4EB4FL;
    return h ^ (h >>> 31);
  }
}
