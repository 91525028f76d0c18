package dev.ctxlock.atomicity;

import dev.ctxlock.interrupt.LocalInterrupts;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * Runs each test method on a new thread, so a new emulated CPU (a test that fails with interrupts
 * left disabled cannot disturb the next one), bounded by a timeout; captures what the runtime
 * reports to that thread's uncaught-exception handler (handler exceptions and broken handler
 * contracts); and fails a test that leaves its thread's interrupts disabled. Register with
 * {@code @RegisterExtension}.
 */
final class Reports implements InvocationInterceptor {

  private static final long TIMEOUT_SECONDS = 60;

  private final List<Throwable> reported = Collections.synchronizedList(new ArrayList<>());

  @Override
  public void interceptTestMethod(
      Invocation<Void> invocation,
      ReflectiveInvocationContext<Method> invocationContext,
      ExtensionContext extensionContext)
      throws Throwable {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread cpu =
        new Thread(
            () -> {
              try {
                invocation.proceed();
              } catch (Throwable t) {
                failure.set(t);
              }
              if (LocalInterrupts.areDisabled()) {
                AssertionError leaked =
                    new AssertionError("the test left its thread's interrupts disabled");
                if (failure.get() != null) {
                  failure.get().addSuppressed(leaked);
                } else {
                  failure.set(leaked);
                }
              }
            },
            "cpu-" + invocationContext.getExecutable().getName());
    cpu.setUncaughtExceptionHandler((t, e) -> reported.add(e));
    cpu.start();
    cpu.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    if (cpu.isAlive()) {
      throw new AssertionError(
          "test did not finish in " + TIMEOUT_SECONDS + " s; its thread is at "
              + List.of(cpu.getStackTrace()));
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** The reports so far, as "SimpleName: message" strings. */
  List<String> messages() {
    List<String> out = new ArrayList<>();
    synchronized (reported) {
      for (Throwable t : reported) {
        out.add(t.getClass().getSimpleName() + ": " + t.getMessage());
      }
    }
    return out;
  }
}
