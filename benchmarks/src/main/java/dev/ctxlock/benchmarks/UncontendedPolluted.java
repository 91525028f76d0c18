package dev.ctxlock.benchmarks;

import dev.ctxlock.interrupt.LocalInterruptDisabled;
import dev.ctxlock.interrupt.LocalInterrupts;
import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.Lock;
import dev.ctxlock.sync.SpinLockIrqBackendContexts;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;

/**
 * {@link UncontendedOps} after every backend (SpinLock, SpinLockIrq, Mutex, a generic-style lock,
 * a user backend) has run through the same Lock and Guard methods in this JVM, so that their call
 * sites have seen many backends before the measured code is compiled: the profile a real
 * application gives them.
 */
public class UncontendedPolluted extends UncontendedOps {

  @Setup(Level.Trial)
  public void pollute() {
    Lock<long[], UserBackend> user = new Lock<>(UserBackend.INSTANCE, "user", new long[1]);
    List<Lock<long[], ?>> all = List.of(irq, genericIrq, spin, mutex, user);
    for (int round = 0; round < 20_000; round++) {
      for (Lock<long[], ?> lock : all) {
        try (Guard<long[], ?> g = lock.lock()) {
          g.get()[0]++;
        }
        try (Guard<long[], ?> g = lock.tryLock()) {
          if (g != null) {
            g.get()[0]++;
          }
        }
      }
      try (LocalInterruptDisabled off = LocalInterrupts.disable()) {
        try (Guard<long[], ?> g = irq.lockWith(off)) {
          g.get()[0]++;
        }
        try (Guard<long[], ?> g =
            genericIrq.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, off)) {
          g.get()[0]++;
        }
      }
    }
  }
}
