package dev.ctxlock.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CtxlockGuardOutlivesTokenTest {

  private final CompilationTestHelper compilation =
      Fixtures.withBackendPair(
          CompilationTestHelper.newInstance(CtxlockGuardOutlivesToken.class, getClass()));

  @Test
  void flagsGuardsThatOutliveTheirToken() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.SpinLockBackend;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import dev.ctxlock.sync.SpinLockIrqBackendContexts;
            import p.Loud;
            import p.Quiet;
            import p.QuietBackend;

            class Test {
              private Guard<int[], SpinLockBackend> kept;
              private static final SpinLockIrq<int[]> LOCK = new SpinLockIrq<>(new int[1]);

              void outerVariable(SpinLockIrq<int[]> lock) {
                Guard<int[], SpinLockBackend> g;
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: This guard, taken with irqOff, is assigned to g, declared outside the scope that closes irqOff
                  g = lock.lockWith(irqOff);
                  g.get()[0]++;
                }
                g.close();
              }

              void outerVariableThroughAWitness(Lock<int[], SpinLockIrqBackend> lock) {
                Guard<int[], SpinLockBackend> g = null;
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: assigned to g
                  g = lock.tryLockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff);
                } finally {
                  if (g != null) {
                    g.close();
                  }
                }
              }

              <T> Guard<T, QuietBackend> returned(Loud<T> lock) {
                try (Quiet quiet = Quiet.enter()) {
                  // BUG: Diagnostic contains: is returned from inside the try-with-resources that closes quiet
                  return lock.lockWith(quiet);
                }
              }

              Guard<int[], SpinLockBackend> returnedConditionally(SpinLockIrq<int[]> lock, boolean now) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: is returned
                  return now ? lock.lockWith(irqOff) : null;
                }
              }

              void field(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: is stored in a field
                  kept = lock.lockWith(irqOff);
                }
              }

              void array(SpinLockIrq<int[]> lock, Object[] guards) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: is stored in an array element
                  guards[0] = lock.lockWith(irqOff);
                }
              }

              void javaNineResources(SpinLockIrq<int[]> lock) {
                LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff);
                // BUG: Diagnostic contains: This guard, taken with irqOff, is listed before irqOff
                try (g; irqOff) {
                  g.get()[0]++;
                }
              }

              final InterruptHandler handler =
                  irq -> {
                    // BUG: Diagnostic contains: is stored in a field
                    kept = LOCK.lockWith(irq);
                  };
            }
            """)
        .doTest();
  }

  @Test
  void leavesAloneGuardsClosedBeforeTheirToken() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockBackend;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import java.util.function.Function;

            class Test {
              private Guard<int[], SpinLockIrqBackend> plain;
              private static final SpinLockIrq<int[]> LOCK = new SpinLockIrq<>(new int[1]);

              void resources(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff)) {
                  g.get()[0]++;
                  try (Guard<int[], SpinLockBackend> h = LOCK.tryLockWith(irqOff)) {
                    if (h != null) {
                      h.get()[0]++;
                    }
                  }
                }
              }

              void localInsideTheScope(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  Guard<int[], SpinLockBackend> g;
                  g = lock.lockWith(irqOff);
                  g.close();
                }
              }

              void outerVariableClosedInside(SpinLockIrq<int[]> lock) {
                Guard<int[], SpinLockBackend> g;
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  g = lock.lockWith(irqOff);
                  g.close();
                }
              }

              void resourcesInTheRightOrder(SpinLockIrq<int[]> lock) {
                LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff);
                try (irqOff; g) {
                  g.get()[0]++;
                }
              }

              Guard<int[], SpinLockBackend> lentTokenTheCallerScopes(
                  SpinLockIrq<int[]> lock, LocalInterruptDisabled irqOff) {
                return lock.lockWith(irqOff);
              }

              void plainLockStored(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  plain = lock.lock();
                }
              }

              Function<LocalInterruptDisabled, Guard<int[], SpinLockBackend>> factory() {
                return token -> LOCK.lockWith(token);
              }

              final InterruptHandler handler =
                  irq -> {
                    try (Guard<int[], SpinLockBackend> g = LOCK.lockWith(irq)) {
                      g.get()[0]++;
                    }
                  };

              @SuppressWarnings("CtxlockGuardOutlivesToken")
              Guard<int[], SpinLockBackend> suppressed(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  return lock.lockWith(irqOff);
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void flagsAGuardCopiedOutOrReturnedThroughASwitch() {
    CompilationTestHelper.newInstance(CtxlockGuardOutlivesToken.class, getClass())
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockBackend;
            import dev.ctxlock.sync.SpinLockIrq;

            class Test {
              Guard<int[], SpinLockBackend> copied(SpinLockIrq<int[]> lock) {
                Guard<int[], SpinLockBackend> outer;
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff);
                  // BUG: Diagnostic contains: is assigned to outer
                  outer = g;
                }
                return outer;
              }

              Guard<int[], SpinLockBackend> switched(SpinLockIrq<int[]> lock, int k) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  return switch (k) {
                    // BUG: Diagnostic contains: is returned from inside the try-with-resources
                    case 0 -> lock.lockWith(irqOff);
                    default -> {
                      // BUG: Diagnostic contains: is returned from inside the try-with-resources
                      yield lock.lockWith(irqOff);
                    }
                  };
                }
              }

              void closedInside(SpinLockIrq<int[]> lock) {
                Guard<int[], SpinLockBackend> outer;
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff);
                  outer = g;
                  outer.close();
                }
              }
            }
            """)
        .doTest();
  }
}
