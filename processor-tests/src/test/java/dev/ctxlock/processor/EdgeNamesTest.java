package dev.ctxlock.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.SESSION;
import static dev.ctxlock.processor.Fixtures.SHADOW_PACKAGE;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.concat;
import static dev.ctxlock.processor.Fixtures.flagBackend;
import static dev.ctxlock.processor.Fixtures.generatedSource;
import static dev.ctxlock.processor.Fixtures.inPackage;
import static dev.ctxlock.processor.Fixtures.javaLangShadows;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.token;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
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

  /**
   * Types named {@code Class}, {@code String}, {@code Override}, {@code SuppressWarnings}, {@code
   * InterruptedException} and {@code Object} in the backend's package: generated code, written
   * without imports of {@code java.lang}, must still mean {@code java.lang}'s types (and the
   * package's own {@code Override}, a context here) and compile without warnings. The backend is
   * timed, and one context is generic, so that every {@code java.lang} name generated code can use
   * is used.
   */
  @Test
  void typesNamedAfterJavaLangTypesInTheBackendsPackageDoNotBreakGeneratedCode()
      throws IOException {
    JavaFileObject backend =
        inPackage(
            SHADOW_PACKAGE,
            "ShadowBackend",
            WAITS_SPIN,
            "@dev.ctxlock.annotations.WithContext(context = Override.class, contextual = test.TimedCheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = test.Permit.class, contextual = test.TimedCheapBackend.class)",
            "public final class ShadowBackend extends test.TimedFlagOps {",
            "  public static final ShadowBackend INSTANCE = new ShadowBackend();",
            "}");
    JavaFileObject user =
        inPackage(
            SHADOW_PACKAGE,
            "User",
            "public final class User {",
            "  static void use(Shadow<int[]> lock) throws java.lang.InterruptedException {",
            "    try (var g = lock.lockWith(Override.enter())) { g.get()[0]++; }",
            "    try (var g = lock.lockWith(test.Permit.<java.lang.String>grant())) { g.get()[0]++; }",
            "    try (var g = lock.tryLock(java.time.Duration.ZERO)) { if (g != null) { g.get()[0]++; } }",
            "  }",
            "}");
    List<JavaFileObject> sources = new ArrayList<>(Arrays.asList(javaLangShadows()));
    sources.add(backend);
    sources.add(user);
    Compilation compilation =
        compile(List.of("-Xlint:all,-processing", "-Werror"), sources.toArray(new JavaFileObject[0]));
    assertThat(compilation).succeededWithoutWarnings();
    String witness = generatedSource(compilation, "shadow/ShadowBackendContexts.java");
    assertThat(witness).contains("java.lang.Class<Override> contextType()");
    assertThat(witness).contains("@java.lang.Override");
  }

  /**
   * A context generic through its outer class, {@code Session<K>.Claim}, and one generic itself as
   * well, {@code Session<K>.Lease<V>}: generated code spells them with wildcards, never raw, so it
   * compiles under {@code -Xlint:all -Werror}, and a caller's {@code Session<String>.Claim} is
   * accepted.
   */
  @Test
  void contextsGenericThroughTheirOuterClassAreSpelledWithWildcards() throws IOException {
    JavaFileObject backend =
        source(
            "test.ClaimBackend",
            "package test;",
            "",
            WAITS_SPIN,
            "@dev.ctxlock.annotations.WithContext(context = Session.Claim.class, contextual = CheapBackend.class)",
            "@dev.ctxlock.annotations.WithContext(context = Session.Lease.class, contextual = OtherCheapBackend.class)",
            "public final class ClaimBackend extends FlagOps {",
            "  public static final ClaimBackend INSTANCE = new ClaimBackend();",
            "}");
    JavaFileObject user =
        source(
            "test.ClaimUser",
            "package test;",
            "",
            "final class ClaimUser {",
            "  static void use(Claim<int[]> lock, Session<String> session) {",
            "    try (var g = lock.lockWith(session.claim())) { g.get()[0]++; }",
            "    try (var g = lock.lockWith(session.<Integer>lease())) { g.get()[0]++; }",
            "    try (var g = lock.lockWith(ClaimBackendContexts.CLAIM, session.claim())) { g.get()[0]++; }",
            "  }",
            "}");
    Compilation compilation =
        compile(List.of("-Xlint:all,-processing", "-Werror"), SESSION, backend, user);
    assertThat(compilation).succeededWithoutWarnings();
    String lock = generatedSource(compilation, "test/Claim.java");
    assertThat(lock).contains("lockWith(Session<?>.Claim context)");
    assertThat(lock).contains("lockWith(Session<?>.Lease<?> context)");
    String witness = generatedSource(compilation, "test/ClaimBackendContexts.java");
    assertThat(witness)
        .contains("BackendWithContext<ClaimBackend, Session<?>.Claim, CheapBackend> CLAIM");
  }

  /**
   * Letters outside the Basic Multilingual Plane (Deseret, U+10400 and up, which has case) are
   * upper-cased and split into words by code point, like any other letter: {@code Ok\uD801\uDC28Proof}
   * (a small long I) gives {@code OK\uD801\uDC00_PROOF}.
   */
  @Test
  void constantNamesUpperCaseAndSplitLettersOutsideTheBmp() throws IOException {
    String small = new String(Character.toChars(0x10428)); // DESERET SMALL LETTER LONG I
    String capital = new String(Character.toChars(0x10400)); // DESERET CAPITAL LETTER LONG I
    String context = "Ok" + small + "Proof";
    JavaFileObject backend =
        flagBackend("FooBackend", "context = " + context + ".class, contextual = CheapBackend.class");
    Compilation compilation =
        compile(List.of("-Xlint:all,-processing", "-Werror"), token(context), backend);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(generatedSource(compilation, "test/FooBackendContexts.java"))
        .contains(" OK" + capital + "_PROOF =");
  }
}
