package dev.ctxlock.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.compileWith;
import static dev.ctxlock.processor.Fixtures.flagBackend;
import static dev.ctxlock.processor.Fixtures.withId;
import static dev.ctxlock.processor.diagnostics.Messages.PROCESSOR_BUG;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.lang.model.util.Types;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * A bug in the processor must surface as an error on the backend it hit, never as an exception
 * out of {@code process()} (which javac reports as a crash of the whole compilation). The bug is
 * simulated by a {@link Types} that throws.
 */
class CrashIsolationTest {

  /** Runs {@link WithContextProcessor} with an environment whose {@link Types} always throws. */
  private static ForwardingProcessor sabotaged() {
    return new ForwardingProcessor(
        "getTypeUtils",
        env ->
            ForwardingProcessor.proxy(
                Types.class,
                (method, args) -> {
                  throw new IllegalStateException("simulated bug in " + method.getName());
                }));
  }

  @Test
  void aBugIsReportedOnTheBackendAndDoesNotCrashTheCompilation() {
    JavaFileObject backend =
        flagBackend("FooBackend", "context = IrqOff.class, contextual = CheapBackend.class");
    JavaFileObject other =
        flagBackend("BarBackend", "context = IrqOff.class, contextual = CheapBackend.class");
    Compilation compilation = compileWith(List.of(sabotaged()), backend, other);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(PROCESSOR_BUG,
            "@WithContext on test.FooBackend: the ctxlock processor crashed on this backend; this"
                + " is a ctxlock processor bug, please report it with this message:"
                + " java.lang.IllegalStateException: simulated bug in"))
        .inFile(backend)
        .onLine(4);
    assertThat(compilation)
        .hadErrorContainingMatch(withId(PROCESSOR_BUG, "@WithContext on test.BarBackend: the ctxlock processor crashed"))
        .inFile(other)
        .onLine(4);
    assertThat(compilation).hadErrorCount(2);
  }
}
