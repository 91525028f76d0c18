package dev.ctxlock.processor;

import javax.tools.JavaFileObject;

/**
 * The runtime's own case, re-created in package {@code golden}: an enum {@code SpinLockIrqBackend}
 * annotated with {@code @WithContext(context = LocalInterruptDisabled.class, contextual =
 * SpinLockBackend.class)}, both backends timed, declaring {@code @Waits(WaitType.SPIN)} and over
 * one state type, and a final token type.
 * These are the inputs of the golden files; the token is the catalogue's ({@link Fixtures#token}).
 * They are compiled alone, without {@link Fixtures}' shared sources.
 */
final class GoldenSources {

  static final JavaFileObject STATE =
      Fixtures.source(
          "golden.SpinLockState",
          "package golden;",
          "",
          "import java.util.concurrent.atomic.AtomicBoolean;",
          "",
          "public final class SpinLockState {",
          "  final AtomicBoolean held = new AtomicBoolean();",
          "}");

  static final JavaFileObject SPIN_LOCK_BACKEND =
      Fixtures.source(
          "golden.SpinLockBackend",
          "package golden;",
          "",
          "import dev.ctxlock.sync.TimedBackend;",
          "import dev.ctxlock.sync.WaitType;",
          "import dev.ctxlock.sync.Waits;",
          "",
          "@Waits(WaitType.SPIN)",
          "public enum SpinLockBackend implements TimedBackend<SpinLockState> {",
          "  INSTANCE;",
          "  @Override public SpinLockState newState() { return new SpinLockState(); }",
          "  @Override public void lock(SpinLockState s) {",
          "    while (!s.held.compareAndSet(false, true)) { Thread.onSpinWait(); }",
          "  }",
          "  @Override public boolean tryLock(SpinLockState s) {",
          "    return s.held.compareAndSet(false, true);",
          "  }",
          "  @Override public boolean tryLock(SpinLockState s, long timeoutNanos) {",
          "    return tryLock(s);",
          "  }",
          "  @Override public void lockInterruptibly(SpinLockState s) { lock(s); }",
          "  @Override public void unlock(SpinLockState s) { s.held.set(false); }",
          "  @Override public void assertIsHeld(SpinLockState s) {",
          "    if (!s.held.get()) throw new IllegalStateException();",
          "  }",
          "}");

  /** The context, a token in its own package as the runtime's is. */
  static final JavaFileObject LOCAL_INTERRUPT_DISABLED =
      Fixtures.token("golden.irq", "LocalInterruptDisabled");

  static final JavaFileObject SPIN_LOCK_IRQ_BACKEND =
      Fixtures.source(
          "golden.SpinLockIrqBackend",
          "package golden;",
          "",
          "import dev.ctxlock.annotations.WithContext;",
          "import dev.ctxlock.sync.TimedBackend;",
          "import dev.ctxlock.sync.WaitType;",
          "import dev.ctxlock.sync.Waits;",
          "import golden.irq.LocalInterruptDisabled;",
          "",
          "@Waits(WaitType.SPIN)",
          "@WithContext(context = LocalInterruptDisabled.class, contextual = SpinLockBackend.class)",
          "public enum SpinLockIrqBackend implements TimedBackend<SpinLockState> {",
          "  INSTANCE;",
          "  @Override public SpinLockState newState() { return new SpinLockState(); }",
          "  @Override public void lock(SpinLockState s) { SpinLockBackend.INSTANCE.lock(s); }",
          "  @Override public boolean tryLock(SpinLockState s) {",
          "    return SpinLockBackend.INSTANCE.tryLock(s);",
          "  }",
          "  @Override public boolean tryLock(SpinLockState s, long timeoutNanos)",
          "      throws InterruptedException {",
          "    return SpinLockBackend.INSTANCE.tryLock(s, timeoutNanos);",
          "  }",
          "  @Override public void lockInterruptibly(SpinLockState s) throws InterruptedException {",
          "    SpinLockBackend.INSTANCE.lockInterruptibly(s);",
          "  }",
          "  @Override public void unlock(SpinLockState s) { SpinLockBackend.INSTANCE.unlock(s); }",
          "  @Override public void assertIsHeld(SpinLockState s) {",
          "    SpinLockBackend.INSTANCE.assertIsHeld(s);",
          "  }",
          "}");

  static JavaFileObject[] all() {
    return new JavaFileObject[] {
      STATE, SPIN_LOCK_BACKEND, LOCAL_INTERRUPT_DISABLED, SPIN_LOCK_IRQ_BACKEND
    };
  }

  private GoldenSources() {}
}
