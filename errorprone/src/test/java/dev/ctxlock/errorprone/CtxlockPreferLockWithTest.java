package dev.ctxlock.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CtxlockPreferLockWithTest {

  private final CompilationTestHelper compilation =
      Fixtures.withBackendPair(
          CompilationTestHelper.newInstance(CtxlockPreferLockWith.class, getClass()));

  private final BugCheckerRefactoringTestHelper refactoring =
      Fixtures.withBackendPair(
          BugCheckerRefactoringTestHelper.newInstance(CtxlockPreferLockWith.class, getClass()));

  @Test
  void flagsLockAndTryLockWhereAnEnclosingTokenProvesTheContext() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import p.Loud;
            import p.LoudBackend;
            import p.Quiet;

            class Test {
              void sameTry(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    // BUG: Diagnostic contains: irqOff (an open LocalInterruptDisabled) already proves the context SpinLockIrqBackend enters on every acquisition: lockWith(irqOff) takes this lock with SpinLockBackend instead
                    Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                }
              }

              void nestedTry(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  if (lock.name().isEmpty()) {
                    // BUG: Diagnostic contains: tryLockWith(irqOff)
                    try (Guard<int[], SpinLockIrqBackend> g = lock.tryLock()) {
                      if (g != null) {
                        g.get()[0]++;
                      }
                    }
                  }
                }
              }

              void localVariable(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: lockWith(irqOff)
                  Guard<int[], SpinLockIrqBackend> g = lock.lock();
                  try (g) {
                    g.get()[0]++;
                  }
                }
              }

              <T> T generic(SpinLockIrq<T> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    // BUG: Diagnostic contains: lockWith(irqOff)
                    var g = lock.lock()) {
                  return g.get();
                }
              }

              <L extends SpinLockIrq<String>> String boundedReceiver(L lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    // BUG: Diagnostic contains: lockWith(irqOff)
                    var g = lock.lock()) {
                  return g.get();
                }
              }

              void usersOwnBackend(Loud<String> lock) {
                try (Quiet quiet = Quiet.enter();
                    // BUG: Diagnostic contains: quiet (an open Quiet) already proves the context LoudBackend enters on every acquisition: lockWith(quiet) takes this lock with QuietBackend instead
                    Guard<String, LoudBackend> g = lock.lock()) {
                  g.set("x");
                }
              }

              void innermostTokenOfTheRightType(Loud<String> loud, SpinLockIrq<int[]> irq) {
                try (Quiet quiet = Quiet.enter();
                    LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    // BUG: Diagnostic contains: lockWith(quiet)
                    Guard<String, LoudBackend> a = loud.lock();
                    // BUG: Diagnostic contains: lockWith(irqOff)
                    Guard<int[], SpinLockIrqBackend> b = irq.lock()) {
                  a.set("x");
                  b.get()[0]++;
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void flagsLockThroughAWitnessWhenTheLockClassHasNoLockWith() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import p.Quiet;
            import p.WitnessOnlyBackend;

            class Test {
              void runtimeWitness(Lock<int[], SpinLockIrqBackend> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    // BUG: Diagnostic contains: lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)
                    Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                }
              }

              void usersWitness(Lock<String, WitnessOnlyBackend> lock) {
                try (Quiet quiet = Quiet.enter();
                    // BUG: Diagnostic contains: tryLockWith(WitnessOnlyBackendContexts.QUIET, quiet)
                    Guard<String, WitnessOnlyBackend> g = lock.tryLock()) {
                  if (g != null) {
                    g.set("x");
                  }
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void flagsLockInInterruptHandlersWithTheirOwnToken() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;

            class Test {
              static final SpinLockIrq<int[]> LOCK = new SpinLockIrq<>(new int[1]);

              final InterruptHandler lambda =
                  irq -> {
                    // BUG: Diagnostic contains: lockWith(irq)
                    try (Guard<int[], SpinLockIrqBackend> g = LOCK.lock()) {
                      g.get()[0]++;
                    }
                  };

              static final class Named implements InterruptHandler {
                @Override
                public void handle(LocalInterruptDisabled context) {
                  // BUG: Diagnostic contains: lockWith(context)
                  try (var g = LOCK.lock()) {
                    g.get()[0]++;
                  }
                }
              }

              static void onTick(LocalInterruptDisabled tick) {
                // BUG: Diagnostic contains: lockWith(tick)
                try (var g = LOCK.lock()) {
                  g.get()[0]++;
                }
              }

              void raise() {
                LocalInterrupts.raise(Thread.currentThread(), Test::onTick);
              }

              void nestedHandlerInsideAToken() {
                try (LocalInterruptDisabled outer = LocalInterrupts.disable()) {
                  LocalInterrupts.raise(
                      Thread.currentThread(),
                      inner -> {
                        // BUG: Diagnostic contains: lockWith(inner)
                        try (var g = LOCK.lock()) {
                          g.get()[0]++;
                        }
                      });
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void leavesAloneWhatLockWithCannotReplace() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Mutex;
            import dev.ctxlock.sync.MutexBackend;
            import dev.ctxlock.sync.SpinLock;
            import dev.ctxlock.sync.SpinLockBackend;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import java.util.function.Supplier;
            import p.Loud;
            import p.LoudBackend;
            import p.Quiet;

            class Test {
              void noTokenOpen(SpinLockIrq<int[]> lock) {
                try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                }
              }

              void tokenListedAfterTheGuard(SpinLockIrq<int[]> lock) {
                try (Guard<int[], SpinLockIrqBackend> g = lock.lock();
                    LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  g.get()[0]++;
                }
              }

              void tokenClosedInCatchAndFinally(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  lock.name();
                } catch (RuntimeException e) {
                  try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                    g.get()[0]++;
                  }
                } finally {
                  try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                    g.get()[0]++;
                  }
                }
              }

              Supplier<Integer> lambdaMayRunAfterTheTokenCloses(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  return () -> {
                    try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                      return g.get()[0];
                    }
                  };
                }
              }

              Object anonymousClassMayRunLater(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  return new Object() {
                    @Override
                    public String toString() {
                      try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                        return "" + g.get()[0];
                      }
                    }
                  };
                }
              }

              void locksWithoutAFastPathForTheToken(
                  SpinLock<int[]> spin, Mutex<int[]> mutex, Loud<String> loud) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockBackend> a = spin.lock();
                    Guard<int[], MutexBackend> b = mutex.lock();
                    Guard<String, LoudBackend> c = loud.lock()) {
                  a.get()[0] += b.get()[0] + c.get().length();
                }
              }

              void tokenOfAnotherContext(SpinLockIrq<int[]> lock) {
                try (Quiet quiet = Quiet.enter();
                    Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                }
              }

              void tokenNotInTryWithResources(SpinLockIrq<int[]> lock) {
                LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                try (Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                } finally {
                  irqOff.close();
                }
              }

              Guard<int[], SpinLockIrqBackend> guardThatLeavesTheTokensScope(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  return lock.lock();
                }
              }

              @SuppressWarnings("CtxlockPreferLockWith")
              void suppressed(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                }
              }

              void alreadyLockWith(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff)) {
                  g.get()[0]++;
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void ignoresCodeThatDoesNotUseCtxlock() {
    CompilationTestHelper.newInstance(CtxlockPreferLockWith.class, getClass())
        .addSourceLines(
            "Test.java",
            """
            import java.util.concurrent.locks.ReentrantLock;

            class Test {
              interface Lock { AutoCloseable lock(); }

              void run(ReentrantLock a, Lock b) throws Exception {
                a.lock();
                try (AutoCloseable c = b.lock()) {
                  a.unlock();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void fixRewritesTheCallAndTheGuardsBackendTypeArgument() {
    refactoring
        .addInputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import p.Loud;
            import p.LoudBackend;
            import p.Quiet;

            class Test {
              int resource(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  return g.get()[0];
                }
              }

              int tryLock(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], ?> g = lock.tryLock()) {
                  return g == null ? -1 : g.get()[0];
                }
              }

              <T> T inferred(SpinLockIrq<T> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var g = lock.lock()) {
                  return g.get();
                }
              }

              void users(Loud<String> lock) {
                try (Quiet quiet = Quiet.enter();
                    Guard<String, LoudBackend> g = lock.lock()) {
                  g.set("x");
                }
              }

              final InterruptHandler handler =
                  irq -> {
                    try (Guard<int[], SpinLockIrqBackend> g = new SpinLockIrq<>(new int[1]).lock()) {
                      g.get()[0]++;
                    }
                  };
            }
            """)
        .addOutputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockBackend;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import p.Loud;
            import p.LoudBackend;
            import p.Quiet;
            import p.QuietBackend;

            class Test {
              int resource(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff)) {
                  return g.get()[0];
                }
              }

              int tryLock(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], ?> g = lock.tryLockWith(irqOff)) {
                  return g == null ? -1 : g.get()[0];
                }
              }

              <T> T inferred(SpinLockIrq<T> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var g = lock.lockWith(irqOff)) {
                  return g.get();
                }
              }

              void users(Loud<String> lock) {
                try (Quiet quiet = Quiet.enter();
                    Guard<String, QuietBackend> g = lock.lockWith(quiet)) {
                  g.set("x");
                }
              }

              final InterruptHandler handler =
                  irq -> {
                    try (Guard<int[], SpinLockBackend> g = new SpinLockIrq<>(new int[1]).lockWith(irq)) {
                      g.get()[0]++;
                    }
                  };
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void fixNamesTheWitnessWhenTheLockClassHasNoLockWith() {
    refactoring
        .addInputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.SpinLockIrqBackend;

            class Test {
              int run(Lock<int[], SpinLockIrqBackend> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockIrqBackend> g = lock.lock()) {
                  return g.get()[0];
                }
              }
            }
            """)
        .addOutputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.SpinLockBackend;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import dev.ctxlock.sync.SpinLockIrqBackendContexts;

            class Test {
              int run(Lock<int[], SpinLockIrqBackend> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], SpinLockBackend> g = lock.lockWith(SpinLockIrqBackendContexts.LOCAL_INTERRUPT_DISABLED, irqOff)) {
                  return g.get()[0];
                }
              }
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void noFixWhereTheDeclaredGuardTypeCannotHoldTheContextualGuard() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;

            class Test {
              void run(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    // BUG: Diagnostic contains: lockWith(irqOff)
                    Guard<int[], ? super SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                }
              }
            }
            """)
        .doTest();
    BugCheckerRefactoringTestHelper.newInstance(CtxlockPreferLockWith.class, getClass())
        .addInputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;

            class Test {
              void run(SpinLockIrq<int[]> lock) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    Guard<int[], ? super SpinLockIrqBackend> g = lock.lock()) {
                  g.get()[0]++;
                }
              }
            }
            """)
        .expectUnchanged()
        .doTest(TestMode.TEXT_MATCH);
  }

  private static final String USES =
      """
      import dev.ctxlock.interrupt.LocalInterruptDisabled;
      import dev.ctxlock.interrupt.LocalInterrupts;
      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.SpinLockIrq;
      import dev.ctxlock.sync.SpinLockIrqBackend;

      class Test {
        static void bump(Guard<int[], SpinLockIrqBackend> g) { g.get()[0]++; }
        static void any(Guard<int[], ?> g) { g.get()[0]++; }
        static <B extends dev.ctxlock.sync.Backend<?>> void generic(Guard<int[], B> g) {}

        void declared(SpinLockIrq<int[]> irq) {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
            // BUG: Diagnostic contains: lockWith(irqOff)
            Guard<int[], SpinLockIrqBackend> g = irq.lock();
            bump(g);
            g.close();
          }
        }

        void inferred(SpinLockIrq<int[]> irq) {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              // BUG: Diagnostic contains: lockWith(irqOff)
              var g = irq.lock()) {
            bump(g);
          }
        }

        void anyBackend(SpinLockIrq<int[]> irq) {
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              // BUG: Diagnostic contains: lockWith(irqOff)
              var g = irq.lock()) { // takes any backend
            any(g);
            generic(g);
            if (g != null) {
              g.get()[0]++;
            }
          }
        }
      }
      """;

  @Test
  void noFixWhereAUseOfTheGuardNeedsTheLocksBackend() {
    compilation.addSourceLines("Test.java", USES).doTest();
    Fixtures.withBackendPair(
            BugCheckerRefactoringTestHelper.newInstance(CtxlockPreferLockWith.class, getClass()))
        .addInputLines("Test.java", USES.replace("// BUG: Diagnostic contains: lockWith(irqOff)\n", ""))
        .addOutputLines(
            "Test.java",
            USES.replace("// BUG: Diagnostic contains: lockWith(irqOff)\n", "")
                .replace(
                    "irq.lock()) { // takes any backend", "irq.lockWith(irqOff)) { // takes any backend"))
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void noWarningForAGuardThatLeavesItsScope() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.SpinLockIrq;
            import dev.ctxlock.sync.SpinLockIrqBackend;
            import java.util.List;

            class Test {
              Guard<int[], ?> kept;

              Guard<int[], SpinLockIrqBackend> returned(SpinLockIrq<int[]> irq) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  Guard<int[], SpinLockIrqBackend> g = irq.lock();
                  g.get()[0]++;
                  return g;
                }
              }

              void stored(SpinLockIrq<int[]> irq) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  var g = irq.lock();
                  kept = g;
                }
              }

              void captured(SpinLockIrq<int[]> irq, List<Integer> values) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
                    var g = irq.lock()) {
                  Runnable later = () -> g.get()[0]++;
                  later.run();
                }
              }
            }
            """)
        .doTest();
  }
}
