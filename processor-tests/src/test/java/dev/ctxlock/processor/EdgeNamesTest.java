package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.token;

import com.google.testing.compile.Compilation;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Names in user code that generated code must not confuse with its own. */
class EdgeNamesTest {

  /**
   * Contexts named {@code T} (the lock's type variable), {@code Guard} and {@code Lock} (runtime
   * types the generated code uses): JavaPoet must qualify instead of shadowing.
   */
  @Test
  void contextsNamedTGuardAndLockCompileWithoutWarningsUnderWerror() {
    JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            WAITS_SPIN,
            "@dev.ctxlock.annotations.WithContext(context = T.class, contextual = CheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = Guard.class, contextual = CheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = other.Lock.class, contextual = CheapBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
    Compilation compilation =
        compile(
            List.of("-Xlint:all,-processing", "-Werror"),
            token("T"),
            token("Guard"),
            token("other", "Lock"),
            backend);
    assertThat(compilation).succeededWithoutWarnings();
  }
}
