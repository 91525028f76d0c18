package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.LockMap;
import java.util.Arrays;

/**
 * One thread's side of the statistics: its {@link Cell} of each class it took, found by the class's
 * id, and the locks it holds now with the time each hold began (the kernel's {@code held_lock}
 * with its {@code holdtime_stamp}). Owner thread only.
 */
final class ThreadStats {

  private final Thread owner = Thread.currentThread();

  /** {@code cells[c.id]}: this thread's cell of class {@code c}, or null. */
  private Cell[] cells = new Cell[16];

  private LockMap[] locks = new LockMap[8];
  private Cell[] heldCells = new Cell[8];
  private long[] since = new long[8];
  private int size;

  /** This thread's cell of {@code c}, made on first use. */
  Cell cell(StatClass c) {
    int id = c.id;
    Cell[] a = cells;
    if (id < a.length) {
      Cell cell = a[id];
      if (cell != null) {
        return cell;
      }
    }
    return newCell(c);
  }

  private Cell newCell(StatClass c) {
    if (c.id >= cells.length) {
      cells = Arrays.copyOf(cells, Math.max(c.id + 1, cells.length * 2));
    }
    Cell cell = c.newCell(owner);
    cells[c.id] = cell;
    return cell;
  }

  /** Grows the held-lock arrays so that {@link #push} cannot fail. */
  void ensureRoom() {
    if (size == locks.length) {
      int n = size * 2;
      locks = Arrays.copyOf(locks, n);
      heldCells = Arrays.copyOf(heldCells, n);
      since = Arrays.copyOf(since, n);
    }
  }

  /** Records that {@code lock}, counted in {@code cell}, is held since {@code start}. */
  void push(LockMap lock, Cell cell, long start) {
    ensureRoom();
    locks[size] = lock;
    heldCells[size] = cell;
    since[size] = start;
    size++;
  }

  /** The index of {@code lock} among the held locks (the innermost first), or -1. */
  int indexOf(LockMap lock) {
    for (int i = size - 1; i >= 0; i--) {
      if (locks[i] == lock) {
        return i;
      }
    }
    return -1;
  }

  Cell cellAt(int i) {
    return heldCells[i];
  }

  long sinceAt(int i) {
    return since[i];
  }

  /** Removes entry {@code i} (locks may be released in any order). */
  void remove(int i) {
    int last = size - 1;
    if (i < last) {
      System.arraycopy(locks, i + 1, locks, i, last - i);
      System.arraycopy(heldCells, i + 1, heldCells, i, last - i);
      System.arraycopy(since, i + 1, since, i, last - i);
    }
    locks[last] = null;
    heldCells[last] = null;
    size = last;
  }
}
