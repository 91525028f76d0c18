package dev.ctxlock.explorer.tutorial;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import dev.ctxlock.sync.SpinLockIrq;
import dev.ctxlock.sync.SpinLockIrqBackend;
import java.util.ArrayDeque;

/**
 * The driver pattern of docs/explorer.md: a network device whose receive ring is shared with its
 * interrupt handler (so it is a {@code SpinLockIrq}), and whose statistics sit behind a second
 * lock that both the transmit path and the handler take. {@link Buggy} takes the statistics with
 * interrupts on; {@link HalfFixed} makes them irq-safe but takes the two locks in the other order
 * than the handler; {@link Fixed} does both right.
 */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
public final class NetDevice {

  /** Packets the handler received, for the transmit path to reclaim. */
  public static final class Ring {
    final ArrayDeque<Integer> packets = new ArrayDeque<>();
  }

  /** Counters. */
  public static final class Stats {
    long sent;
    long received;
  }

  private NetDevice() {}

  /** The bug: {@code stats} is a plain spin lock, taken with interrupts enabled by xmit. */
  public static final class Buggy {
    final SpinLockIrq<Ring> ring = new SpinLockIrq<>("ring", new Ring());
    final SpinLock<Stats> stats = new SpinLock<>("stats", new Stats());

    /** The transmit path, on a driver thread. */
    public void xmit(int packet) {
      try (Guard<Stats, SpinLockBackend> s = stats.lock()) { // interrupts on: the bug
        s.get().sent++;
        try (Guard<Ring, SpinLockIrqBackend> r = ring.lock()) {
          r.get().packets.poll(); // reclaim a buffer
        }
      }
    }

    /** The receive interrupt handler. */
    public void onReceive(LocalInterruptDisabled irqOff, int packet) {
      try (Guard<Ring, SpinLockBackend> r = ring.lockWith(irqOff)) {
        r.get().packets.add(packet);
        try (Guard<Stats, SpinLockBackend> s = stats.lock()) {
          s.get().received++;
        }
      }
    }
  }

  /**
   * A first fix that is not one: statistics are irq-safe now, but xmit takes stats then ring while
   * the handler takes ring then stats: an ABBA between a CPU in xmit and a handler on another.
   */
  public static final class HalfFixed {
    final SpinLockIrq<Ring> ring = new SpinLockIrq<>("ring", new Ring());
    final SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());

    public void xmit(int packet) {
      try (Guard<Stats, SpinLockIrqBackend> s = stats.lock()) { // interrupts off while held
        s.get().sent++;
        try (Guard<Ring, SpinLockIrqBackend> r = ring.lock()) {
          r.get().packets.poll();
        }
      }
    }

    public void onReceive(LocalInterruptDisabled irqOff, int packet) {
      try (Guard<Ring, SpinLockBackend> r = ring.lockWith(irqOff);
          Guard<Stats, SpinLockBackend> s = stats.lockWith(irqOff)) {
        r.get().packets.add(packet);
        s.get().received++;
      }
    }

    public long received() {
      try (Guard<Stats, SpinLockIrqBackend> s = stats.lock()) {
        return s.get().received;
      }
    }
  }

  /** The fix: statistics irq-safe, and one order everywhere: ring, then stats. */
  public static final class Fixed {
    final SpinLockIrq<Ring> ring = new SpinLockIrq<>("ring", new Ring());
    final SpinLockIrq<Stats> stats = new SpinLockIrq<>("stats", new Stats());

    public void xmit(int packet) {
      try (Guard<Ring, SpinLockIrqBackend> r = ring.lock(); // interrupts off from here
          LocalInterruptDisabled irqOff = LocalInterrupts.assumeDisabled();
          Guard<Stats, SpinLockBackend> s = stats.lockWith(irqOff)) {
        r.get().packets.poll();
        s.get().sent++;
      }
    }

    public void onReceive(LocalInterruptDisabled irqOff, int packet) {
      try (Guard<Ring, SpinLockBackend> r = ring.lockWith(irqOff);
          Guard<Stats, SpinLockBackend> s = stats.lockWith(irqOff)) {
        r.get().packets.add(packet);
        s.get().received++;
      }
    }

    public long received() {
      try (Guard<Stats, SpinLockIrqBackend> s = stats.lock()) {
        return s.get().received;
      }
    }
  }
}
