package dev.ctxlock.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.CompilationTestHelper;

/**
 * A user's own backend pair in the shape the ctxlock processor generates for it, written out by
 * hand so that the checks are tested on shape, not on names: {@code Loud<T>}, a {@code Lock}
 * subclass with {@code lockWith(Quiet)}; {@code LoudBackendContexts}, the witness class; {@code
 * Quiet}, a {@code ContextToken}. The backends spin, and declare it with {@code @Waits(SPIN)}.
 * Tests add these sources beside their own.
 */
final class Fixtures {

  private Fixtures() {}

  static CompilationTestHelper withBackendPair(CompilationTestHelper helper) {
    return helper
        .addSourceLines("p/Flag.java", FLAG)
        .addSourceLines("p/QuietBackend.java", QUIET_BACKEND)
        .addSourceLines("p/LoudBackend.java", LOUD_BACKEND)
        .addSourceLines("p/Quiet.java", QUIET)
        .addSourceLines("p/Loud.java", LOUD)
        .addSourceLines("p/LoudBackendContexts.java", LOUD_BACKEND_CONTEXTS)
        .addSourceLines("p/WitnessOnlyBackend.java", WITNESS_ONLY_BACKEND)
        .addSourceLines("p/WitnessOnlyBackendContexts.java", WITNESS_ONLY_BACKEND_CONTEXTS);
  }

  /** The pair's sources as unchanged inputs of a refactoring test. */
  static BugCheckerRefactoringTestHelper withBackendPair(BugCheckerRefactoringTestHelper helper) {
    return helper
        .addInputLines("p/Flag.java", FLAG)
        .expectUnchanged()
        .addInputLines("p/QuietBackend.java", QUIET_BACKEND)
        .expectUnchanged()
        .addInputLines("p/LoudBackend.java", LOUD_BACKEND)
        .expectUnchanged()
        .addInputLines("p/Quiet.java", QUIET)
        .expectUnchanged()
        .addInputLines("p/Loud.java", LOUD)
        .expectUnchanged()
        .addInputLines("p/LoudBackendContexts.java", LOUD_BACKEND_CONTEXTS)
        .expectUnchanged()
        .addInputLines("p/WitnessOnlyBackend.java", WITNESS_ONLY_BACKEND)
        .expectUnchanged()
        .addInputLines("p/WitnessOnlyBackendContexts.java", WITNESS_ONLY_BACKEND_CONTEXTS)
        .expectUnchanged();
  }

  static final String FLAG =
      """
      package p;

      import java.util.concurrent.atomic.AtomicBoolean;

      public final class Flag {
        final AtomicBoolean held = new AtomicBoolean();
      }
      """;

  static final String QUIET_BACKEND =
      """
      package p;

      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      @Waits(WaitType.SPIN)
      public enum QuietBackend implements Backend<Flag> {
        INSTANCE;

        @Override public Flag newState() { return new Flag(); }
        @Override public void lock(Flag state) { while (!tryLock(state)) { Thread.onSpinWait(); } }
        @Override public boolean tryLock(Flag state) { return state.held.compareAndSet(false, true); }
        @Override public void unlock(Flag state) { state.held.set(false); }
        @Override public void assertIsHeld(Flag state) {}
      }
      """;

  static final String LOUD_BACKEND =
      """
      package p;

      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      @Waits(WaitType.SPIN)
      public enum LoudBackend implements Backend<Flag> {
        INSTANCE;

        @Override public Flag newState() { return new Flag(); }
        @Override public void lock(Flag state) { QuietBackend.INSTANCE.lock(state); }
        @Override public boolean tryLock(Flag state) { return QuietBackend.INSTANCE.tryLock(state); }
        @Override public void unlock(Flag state) { QuietBackend.INSTANCE.unlock(state); }
        @Override public void assertIsHeld(Flag state) {}
      }
      """;

  static final String QUIET =
      """
      package p;

      import dev.ctxlock.sync.ContextToken;

      public final class Quiet extends ContextToken {
        public static Quiet enter() { return new Quiet(); }
        private Quiet() {}
        @Override protected void release() {}
      }
      """;

  /** The inherent form, as the processor generates it. */
  static final String LOUD =
      """
      package p;

      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.Lock;

      public final class Loud<T> extends Lock<T, LoudBackend> {
        public Loud(T data) { super(LoudBackend.INSTANCE, data); }
        public Guard<T, QuietBackend> lockWith(Quiet context) {
          return lockContextual(QuietBackend.INSTANCE, context);
        }
        public Guard<T, QuietBackend> tryLockWith(Quiet context) {
          return tryLockContextual(QuietBackend.INSTANCE, context);
        }
      }
      """;

  /** The generic form, as the processor generates it. */
  static final String LOUD_BACKEND_CONTEXTS =
      """
      package p;

      import dev.ctxlock.sync.BackendWithContext;

      public final class LoudBackendContexts {
        public static final BackendWithContext<LoudBackend, Quiet, QuietBackend> QUIET =
            new BackendWithContext<>() {
              @Override public LoudBackend backend() { return LoudBackend.INSTANCE; }
              @Override public QuietBackend contextual() { return QuietBackend.INSTANCE; }
              @Override public Class<Quiet> contextType() { return Quiet.class; }
            };
        private LoudBackendContexts() {}
      }
      """;

  /** A backend with style GENERIC: a witness and no lock class of its own. */
  static final String WITNESS_ONLY_BACKEND =
      """
      package p;

      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      @Waits(WaitType.SPIN)
      public enum WitnessOnlyBackend implements Backend<Flag> {
        INSTANCE;

        @Override public Flag newState() { return new Flag(); }
        @Override public void lock(Flag state) { QuietBackend.INSTANCE.lock(state); }
        @Override public boolean tryLock(Flag state) { return QuietBackend.INSTANCE.tryLock(state); }
        @Override public void unlock(Flag state) { QuietBackend.INSTANCE.unlock(state); }
        @Override public void assertIsHeld(Flag state) {}
      }
      """;

  static final String WITNESS_ONLY_BACKEND_CONTEXTS =
      """
      package p;

      import dev.ctxlock.sync.BackendWithContext;

      public final class WitnessOnlyBackendContexts {
        public static final BackendWithContext<WitnessOnlyBackend, Quiet, QuietBackend> QUIET =
            new BackendWithContext<>() {
              @Override public WitnessOnlyBackend backend() { return WitnessOnlyBackend.INSTANCE; }
              @Override public QuietBackend contextual() { return QuietBackend.INSTANCE; }
              @Override public Class<Quiet> contextType() { return Quiet.class; }
            };
        private WitnessOnlyBackendContexts() {}
      }
      """;
}
