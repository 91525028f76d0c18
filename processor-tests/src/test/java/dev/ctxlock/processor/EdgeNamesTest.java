package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.source;

import com.google.testing.compile.Compilation;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names in user code that generated code must not confuse with its own. */
class EdgeNamesTest {

  /**
   * Contexts named {@code T} (the lock's type variable), {@code Guard} and {@code Lock} (runtime
   * types the generated code uses): JavaPoet must qualify instead of shadowing.
   */
  @Test
  void contextsNamedTGuardAndLockCompileWithoutWarningsUnderWerror() {
    JavaFileObjectsHolder h = new JavaFileObjectsHolder();
    Compilation compilation =
        compile(List.of("-Xlint:all,-processing", "-Werror"), h.t, h.guard, h.lock, h.backend);
    assertThat(compilation).succeededWithoutWarnings();
  }

  private static final class JavaFileObjectsHolder {
    final javax.tools.JavaFileObject t = Fixtures.token("T");
    final javax.tools.JavaFileObject guard = Fixtures.token("Guard");
    final javax.tools.JavaFileObject lock =
        source(
            "other.Lock",
            "package other;",
            "",
            "public final class Lock extends dev.ctxlock.sync.ContextToken {",
            "  Lock() {}",
            "  @Override protected void release() {}",
            "}");
    final javax.tools.JavaFileObject backend =
        source(
            "test.FooBackend",
            "package test;",
            "",
            "@dev.ctxlock.annotations.WithContext(context = T.class, contextual = CheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = Guard.class, contextual = CheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = other.Lock.class, contextual = CheapBackend.class)",
            "public final class FooBackend extends FlagOps {",
            "  public static final FooBackend INSTANCE = new FooBackend();",
            "}");
  }
}
