package dev.ctxlock.errorprone;

import com.google.errorprone.CompilationTestHelper;
import com.google.errorprone.scanner.ScannerSupplier;
import org.junit.jupiter.api.Test;

/**
 * All five checks together over code that uses ctxlock in unusual shapes, and over code that does
 * not use it at all: nothing crashes and nothing is reported.
 */
class OddCodeTest {

  private final CompilationTestHelper compilation =
      Fixtures.withBackendPair(
          CompilationTestHelper.newInstance(
              ScannerSupplier.fromBugCheckerClasses(
                  CtxlockGuardOutlivesToken.class,
                  CtxlockHandlerClosesToken.class,
                  CtxlockTokenEscapes.class,
                  CtxlockPreferLockWith.class,
                  CtxlockSleepInAtomic.class),
              getClass()));

  @Test
  void unusualShapesOfCorrectCode() {
    compilation
        .addSourceLines(
            "Odd.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.ContextToken;
            import dev.ctxlock.sync.Guard;
            import dev.ctxlock.sync.Lock;
            import dev.ctxlock.sync.SpinLockBackend;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.util.List;
            import java.util.function.BiFunction;
            import java.util.function.Function;
            import java.util.function.Supplier;
            import p.Quiet;

            class Odd {
              record Pair<A, B>(A first, B second) {}

              enum Mode { ON, OFF }

              static final Supplier<LocalInterruptDisabled> DISABLE = LocalInterrupts::disable;
              static final Function<Integer, int[]> ARRAYS = int[]::new;
              static final BiFunction<String, int[], SpinLockIrq<int[]>> LOCKS = SpinLockIrq::new;
              static final InterruptHandler NOTHING = irq -> {};
              static final InterruptHandler VAR_PARAMETER = (var irq) -> irq.hashCode();

              int switches(SpinLockIrq<int[]> lock, Mode mode, Object o) {
                try (LocalInterruptDisabled irqOff = DISABLE.get();
                    Guard<int[], SpinLockBackend> g = lock.lockWith(irqOff)) {
                  int n =
                      switch (mode) {
                        case ON -> g.get()[0];
                        case OFF -> {
                          yield o instanceof String s ? s.length() : 0;
                        }
                      };
                  return n + (o instanceof Pair<?, ?> p ? p.hashCode() : 0);
                }
              }

              <C extends ContextToken, L extends Lock<int[], ?>> int generic(L lock, C token) {
                try (var g = lock.lock()) {
                  return g.get()[0] + token.hashCode();
                }
              }

              void labelsAndLoops(List<SpinLockIrq<int[]>> locks) {
                outer:
                for (SpinLockIrq<int[]> lock : locks) {
                  try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                    for (int i = 0; ; i++) {
                      try (Guard<int[], SpinLockBackend> g = lock.tryLockWith(irqOff)) {
                        if (g != null) {
                          break outer;
                        }
                      }
                      if (i > 3) {
                        continue outer;
                      }
                    }
                  }
                }
              }

              void localClassAndAnonymous(SpinLockIrq<int[]> lock) {
                class Local implements InterruptHandler {
                  @Override
                  public void handle(LocalInterruptDisabled context) {
                    try (var g = lock.lockWith(context)) {
                      g.get()[0]++;
                    }
                  }
                }
                LocalInterrupts.raise(Thread.currentThread(), new Local());
                LocalInterrupts.raise(Thread.currentThread(), new Local()::handle);
              }

              void tryWithoutResourcesAndNestedTokens(Lock<int[], ?> lock) {
                try {
                  lock.name();
                } finally {
                  lock.backend();
                }
                try (Quiet quiet = Quiet.enter()) {
                  try (Quiet inner = Quiet.enter()) {
                    inner.hashCode();
                  }
                  quiet.hashCode();
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }

  @Test
  void codeWithoutCtxlock() {
    CompilationTestHelper.newInstance(
            ScannerSupplier.fromBugCheckerClasses(
                CtxlockGuardOutlivesToken.class,
                CtxlockHandlerClosesToken.class,
                CtxlockTokenEscapes.class,
                CtxlockPreferLockWith.class,
                CtxlockSleepInAtomic.class),
            getClass())
        .addSourceLines(
            "Plain.java",
            """
            import java.io.StringReader;
            import java.util.concurrent.Executor;
            import java.util.concurrent.locks.ReentrantLock;

            class Plain {
              private AutoCloseable kept;

              interface Lock { AutoCloseable lockWith(AutoCloseable token); void close(); }

              int run(Executor executor, ReentrantLock lock, Lock custom) throws Exception {
                try (StringReader reader = new StringReader("x");
                    AutoCloseable c = custom.lockWith(reader)) {
                  kept = reader;
                  executor.execute(() -> reader.close());
                  lock.lock();
                  try {
                    return reader.read();
                  } finally {
                    lock.unlock();
                    custom.close();
                  }
                }
              }
            }
            """)
        .expectNoDiagnostics()
        .doTest();
  }
}
