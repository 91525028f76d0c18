package dev.ctxlock.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

class CtxlockHandlerClosesTokenTest {

  private final CompilationTestHelper compilation =
      CompilationTestHelper.newInstance(CtxlockHandlerClosesToken.class, getClass());

  @Test
  void flagsHandlersThatCloseTheirToken() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import dev.ctxlock.sync.ContextToken;

            class Test {
              final InterruptHandler lambda =
                  irq -> {
                    // BUG: Diagnostic contains: irq is the token this interrupt handler borrows
                    irq.close();
                  };

              final InterruptHandler expressionLambda =
                  // BUG: Diagnostic contains: irq.close() throws IllegalStateException
                  irq -> irq.close();

              final InterruptHandler resource =
                  irq -> {
                    // BUG: Diagnostic contains: try-with-resources closes it
                    try (irq) {
                      LocalInterrupts.areDisabled();
                    }
                  };

              final InterruptHandler resourceVariable =
                  irq -> {
                    // BUG: Diagnostic contains: try-with-resources closes it
                    try (LocalInterruptDisabled same = irq) {
                      LocalInterrupts.areDisabled();
                    }
                  };

              final InterruptHandler nestedLambda =
                  irq -> {
                    Runnable later =
                        () -> {
                          // BUG: Diagnostic contains: irq is the token this interrupt handler borrows
                          irq.close();
                        };
                    later.run();
                  };

              // BUG: Diagnostic contains: This handler closes the token it borrows
              final InterruptHandler reference = LocalInterruptDisabled::close;

              final InterruptHandler anonymous =
                  new InterruptHandler() {
                    @Override
                    public void handle(LocalInterruptDisabled context) {
                      // BUG: Diagnostic contains: context is the token
                      context.close();
                    }
                  };

              static final class Named implements InterruptHandler {
                @Override
                public void handle(LocalInterruptDisabled context) {
                  // BUG: Diagnostic contains: context is the token
                  ((ContextToken) context).close();
                }
              }

              interface Tick extends InterruptHandler {}

              final Tick subinterface =
                  irq -> {
                    // BUG: Diagnostic contains: irq is the token
                    irq.close();
                  };

              static void onIrq(ContextToken token) {
                // BUG: Diagnostic contains: token is the token
                token.close();
              }

              void raise() {
                LocalInterrupts.raise(Thread.currentThread(), Test::onIrq);
              }
            }
            """)
        .doTest();
  }

  @Test
  void leavesAloneTokensTheCodeOwns() {
    compilation
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;
            import java.util.function.Consumer;

            class Test {
              final InterruptHandler ownToken =
                  irq -> {
                    try (LocalInterruptDisabled mine = LocalInterrupts.disable()) {
                      LocalInterrupts.areDisabled();
                    }
                    LocalInterruptDisabled other = LocalInterrupts.disable();
                    other.close();
                  };

              final Consumer<LocalInterruptDisabled> notAHandler = token -> token.close();

              static void notUsedAsAHandler(LocalInterruptDisabled token) {
                token.close();
              }

              static void handlerElsewhere(LocalInterruptDisabled token) {}

              void raise() {
                LocalInterrupts.raise(Thread.currentThread(), Test::handlerElsewhere);
                notAHandler.accept(LocalInterrupts.disable());
              }

              @SuppressWarnings("CtxlockHandlerClosesToken")
              final InterruptHandler suppressed = irq -> irq.close();

              void plainResources() throws Exception {
                try (AutoCloseable closeable = () -> {}) {
                  closeable.hashCode();
                }
              }
            }
            """)
        .doTest();
  }

  @Test
  void fixDeletesTheCloseStatement() {
    BugCheckerRefactoringTestHelper.newInstance(CtxlockHandlerClosesToken.class, getClass())
        .addInputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterrupts;

            class Test {
              final InterruptHandler handler =
                  irq -> {
                    LocalInterrupts.areDisabled();
                    irq.close();
                  };
            }
            """)
        .addOutputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterrupts;

            class Test {
              final InterruptHandler handler =
                  irq -> {
                    LocalInterrupts.areDisabled();
                  };
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void fixKeepsAnIfWhoseBodyIsTheClose() {
    BugCheckerRefactoringTestHelper.newInstance(CtxlockHandlerClosesToken.class, getClass())
        .addInputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterrupts;

            class Test {
              static boolean last;

              final InterruptHandler lastStatement =
                  irqOff -> {
                    if (last) irqOff.close();
                  };

              final InterruptHandler followed =
                  irqOff -> {
                    if (last) irqOff.close();
                    LocalInterrupts.areDisabled();
                  };

              final InterruptHandler loop =
                  irqOff -> {
                    while (last) irqOff.close();
                  };
            }
            """)
        .addOutputLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterrupts;

            class Test {
              static boolean last;

              final InterruptHandler lastStatement =
                  irqOff -> {
                    if (last) {}
                  };

              final InterruptHandler followed =
                  irqOff -> {
                    if (last) {}
                    LocalInterrupts.areDisabled();
                  };

              final InterruptHandler loop =
                  irqOff -> {
                    while (last) {}
                  };
            }
            """)
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void flagsACloseThroughALocalAlias() {
    CompilationTestHelper.newInstance(CtxlockHandlerClosesToken.class, getClass())
        .addSourceLines(
            "Test.java",
            """
            import dev.ctxlock.interrupt.InterruptHandler;
            import dev.ctxlock.interrupt.LocalInterruptDisabled;
            import dev.ctxlock.interrupt.LocalInterrupts;

            class Test {
              final InterruptHandler alias =
                  irqOff -> {
                    var same = irqOff;
                    LocalInterruptDisabled again = same;
                    // BUG: Diagnostic contains: irqOff is the token this interrupt handler borrows (again is the same token)
                    again.close();
                  };

              final InterruptHandler resourceAlias =
                  irqOff -> {
                    var same = irqOff;
                    // BUG: Diagnostic contains: try-with-resources closes it
                    try (same) {
                      LocalInterrupts.areDisabled();
                    }
                  };

              final InterruptHandler reassigned =
                  irqOff -> {
                    var other = irqOff;
                    other = LocalInterrupts.disable();
                    other.close();
                  };
            }
            """)
        .doTest();
  }
}
