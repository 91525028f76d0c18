package dev.ctxlock.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CtxlockTokenEscapesTest {

  private final CompilationTestHelper compilation =
      Fixtures.withBackendPair(
          CompilationTestHelper.newInstance(CtxlockTokenEscapes.class, getClass()));

  @Test
  void flagsTokensStoredInFields() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.ContextToken;
            import p.Quiet;

            class Test {
              // BUG: Diagnostic contains: A ContextToken stored in static field FOREVER outlives
              static final LocalInterruptDisabled FOREVER = LocalInterrupts.disable();

              // BUG: Diagnostic contains: stored in field initial
              final Quiet initial = Quiet.enter();

              private ContextToken current;
              private Object anything;

              void keep(LocalInterruptDisabled irqOff) {
                // BUG: Diagnostic contains: stored in field current
                current = irqOff;
                // BUG: Diagnostic contains: stored in field anything
                this.anything = irqOff;
              }

              <T extends ContextToken> void generic(T token) {
                // BUG: Diagnostic contains: stored in field current
                current = token;
              }

              static final class Holder<C extends ContextToken> {
                C held;

                Holder(C token) {
                  // BUG: Diagnostic contains: stored in field held
                  this.held = token;
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void flagsTokensCapturedByCodeForAnotherThread() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.util.List;
            import java.util.Timer;
            import java.util.TimerTask;
            import java.util.concurrent.CompletableFuture;
            import java.util.concurrent.Executor;
            import java.util.concurrent.ExecutorService;
            import java.util.concurrent.ForkJoinPool;
            import java.util.concurrent.ScheduledExecutorService;
            import java.util.concurrent.TimeUnit;

            class Test {
              void run(
                  Executor executor,
                  ExecutorService pool,
                  ScheduledExecutorService scheduler,
                  SpinLockIrq<int[]> lock,
                  Timer timer,
                  Thread target,
                  List<String> names) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: irqOff, a ContextToken, is captured by code passed to Executor.execute
                  executor.execute(() -> lock.lockWith(irqOff).close());
                  // BUG: Diagnostic contains: passed to ExecutorService.submit
                  pool.submit(() -> irqOff.hashCode());
                  // BUG: Diagnostic contains: passed to ScheduledExecutorService.schedule
                  scheduler.schedule(() -> irqOff.hashCode(), 1, TimeUnit.SECONDS);
                  // BUG: Diagnostic contains: passed to ForkJoinPool.execute
                  ForkJoinPool.commonPool().execute(() -> irqOff.hashCode());
                  // BUG: Diagnostic contains: passed to CompletableFuture.runAsync
                  CompletableFuture.runAsync(() -> irqOff.hashCode());
                  CompletableFuture.completedFuture(1)
                      // BUG: Diagnostic contains: passed to CompletableFuture.thenApply
                      .thenApply(x -> x + irqOff.hashCode());
                  // BUG: Diagnostic contains: passed to new Thread
                  new Thread(() -> irqOff.hashCode()).start();
                  // BUG: Diagnostic contains: passed to Executor.execute
                  executor.execute(irqOff::close);
                  executor.execute(
                      // BUG: Diagnostic contains: passed to Executor.execute
                      () -> names.forEach(name -> irqOff.hashCode()));
                  executor.execute(
                      // BUG: Diagnostic contains: passed to Executor.execute
                      new Runnable() {
                        @Override
                        public void run() {
                          irqOff.hashCode();
                        }
                      });
                  // BUG: Diagnostic contains: passed to a Thread subclass
                  new Thread() {
                    @Override
                    public void run() {
                      irqOff.hashCode();
                    }
                  }.start();
                  timer.schedule(
                      // BUG: Diagnostic contains: passed to Timer.schedule
                      new TimerTask() {
                        @Override
                        public void run() {
                          irqOff.hashCode();
                        }
                      },
                      1L);
                  // BUG: Diagnostic contains: passed to LocalInterrupts.raise
                  LocalInterrupts.raise(target, irq -> lock.lockWith(irqOff).close());
                }
              }

              static final class MyExecutor implements Executor {
                @Override
                public void execute(Runnable command) {
                  new Thread(command).start();
                }

                void runHere(Runnable command) {
                  command.run();
                }
              }

              void ownExecutor(MyExecutor executor, LocalInterruptDisabled irqOff) {
                // BUG: Diagnostic contains: passed to MyExecutor.execute
                executor.execute(() -> irqOff.hashCode());
                executor.runHere(() -> irqOff.hashCode());
              }
            }
            """)
        .doTest();
  }

  @Test
  void leavesAloneTokensThatStayOnTheirThread() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.SpinLockIrq;
            import java.util.List;
            import java.util.concurrent.Executor;
            import java.util.function.Supplier;

            class Test {
              private LocalInterruptDisabled field;
              private final InterruptHandler handler = irq -> irq.hashCode();

              void run(Executor executor, SpinLockIrq<int[]> lock, List<String> names, Thread target) {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  names.forEach(name -> lock.lockWith(irqOff).close());
                  Supplier<Integer> here = () -> irqOff.hashCode();
                  here.get();
                  executor.execute(() -> {
                    try (LocalInterruptDisabled own = LocalInterrupts.disable()) {
                      own.hashCode();
                    }
                  });
                  LocalInterrupts.raise(target, irq -> irq.hashCode());
                  LocalInterrupts.raise(target, handler);
                }
                field = null;
              }

              @SuppressWarnings("CtxlockTokenEscapes")
              void suppressed(Executor executor, LocalInterruptDisabled irqOff) {
                field = irqOff;
                executor.execute(() -> irqOff.hashCode());
              }
            }
            """)
        .doTest();
  }

  @Test
  void flagsATokenStoredThroughARecordsCanonicalConstructor() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;

            class Test {
              record Holder(LocalInterruptDisabled token, int n) {}

              Holder keep() {
                try (LocalInterruptDisabled irqOff = LocalInterrupts.disable()) {
                  // BUG: Diagnostic contains: passed to record Holder's constructor is stored
                  return new Holder(irqOff, 1);
                }
              }
            }
            """)
        .doTest();
  }
}
