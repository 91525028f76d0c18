package dev.ctxlock.consumer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A small consumer of ctxlock as users write one: its own backend pair with {@code @WithContext}
 * (so the processor generates {@code Loud<T>} and {@code LoudBackendContexts}), and an {@code App}
 * that uses the generated lock in both styles and the runtime's {@code SpinLockIrq}.
 * {@code App.run()} returns 5 when every acquisition worked.
 */
final class Consumers {

  private Consumers() {}

  static final String PACKAGE_DIR = "com/example/app/";

  /** The class-path consumer: the sources of package {@code com.example.app}. */
  static Map<String, String> classPathConsumer() {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put(PACKAGE_DIR + "Flag.java", FLAG);
    sources.put(PACKAGE_DIR + "QuietBackend.java", QUIET_BACKEND);
    sources.put(PACKAGE_DIR + "LoudBackend.java", LOUD_BACKEND);
    sources.put(PACKAGE_DIR + "Quiet.java", QUIET);
    sources.put(PACKAGE_DIR + "App.java", APP);
    return sources;
  }

  /** The same consumer as module {@code com.example.app}, with {@code moduleInfo} as descriptor. */
  static Map<String, String> modularConsumer(String moduleInfo) {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("module-info.java", moduleInfo);
    sources.putAll(classPathConsumer());
    return sources;
  }

  static final String FLAG =
      """
      package com.example.app;

      import java.util.concurrent.atomic.AtomicBoolean;

      /** The lock state both backends share. */
      public final class Flag {
        final AtomicBoolean held = new AtomicBoolean();

        public Flag() {}
      }
      """;

  static final String QUIET_BACKEND =
      """
      package com.example.app;

      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      /** The cheap backend: a test-and-set flag. */
      @Waits(WaitType.SPIN)
      public enum QuietBackend implements Backend<Flag> {
        INSTANCE;

        @Override public Flag newState() { return new Flag(); }
        @Override public void lock(Flag state) { while (!tryLock(state)) { Thread.onSpinWait(); } }
        @Override public boolean tryLock(Flag state) { return state.held.compareAndSet(false, true); }
        @Override public void unlock(Flag state) { state.held.set(false); }
        @Override public void assertIsHeld(Flag state) {
          if (!state.held.get()) { throw new IllegalStateException("not held"); }
        }
      }
      """;

  static final String LOUD_BACKEND =
      """
      package com.example.app;

      import dev.ctxlock.annotations.WithContext;
      import dev.ctxlock.sync.Backend;
      import dev.ctxlock.sync.WaitType;
      import dev.ctxlock.sync.Waits;

      /** The costly backend (it would enter a context first), cheap under proof of Quiet. */
      @Waits(WaitType.SPIN)
      @WithContext(context = Quiet.class, contextual = QuietBackend.class)
      public enum LoudBackend implements Backend<Flag> {
        INSTANCE;

        @Override public Flag newState() { return new Flag(); }
        @Override public void lock(Flag state) { QuietBackend.INSTANCE.lock(state); }
        @Override public boolean tryLock(Flag state) { return QuietBackend.INSTANCE.tryLock(state); }
        @Override public void unlock(Flag state) { QuietBackend.INSTANCE.unlock(state); }
        @Override public void assertIsHeld(Flag state) { QuietBackend.INSTANCE.assertIsHeld(state); }
      }
      """;

  static final String QUIET =
      """
      package com.example.app;

      import dev.ctxlock.sync.ContextToken;

      /** The proof: only this package can make one. */
      public final class Quiet extends ContextToken {
        Quiet() {}

        @Override protected void release() {}
      }
      """;

  static final String APP =
      """
      package com.example.app;

      import dev.ctxlock.interrupt.LocalInterruptDisabled;
      import dev.ctxlock.interrupt.LocalInterrupts;
      import dev.ctxlock.sync.Guard;
      import dev.ctxlock.sync.SpinLockBackend;
      import dev.ctxlock.sync.SpinLockIrq;
      import dev.ctxlock.sync.SpinLockIrqBackend;

      /** Uses every entry point correctly: try-with-resources, try results looked at. */
      public final class App {
        private App() {}

        public static int run() {
          Loud<int[]> counter = new Loud<>("counter", new int[1]);
          try (Guard<int[], LoudBackend> g = counter.lock()) {
            g.get()[0]++;
          }
          try (Quiet quiet = new Quiet();
              Guard<int[], QuietBackend> g = counter.lockWith(quiet)) {
            g.get()[0]++;
          }
          try (Quiet quiet = new Quiet();
              Guard<int[], QuietBackend> g = counter.tryLockWith(quiet)) {
            if (g != null) {
              g.get()[0]++;
            }
          }
          try (Quiet quiet = new Quiet();
              Guard<int[], QuietBackend> g =
                  counter.lockWith(LoudBackendContexts.QUIET, quiet)) {
            g.get()[0]++;
          }
          SpinLockIrq<int[]> irq = new SpinLockIrq<>("irq", new int[1]);
          try (Guard<int[], SpinLockIrqBackend> g = irq.lock()) {
            g.get()[0]++;
          }
          try (LocalInterruptDisabled irqOff = LocalInterrupts.disable();
              Guard<int[], SpinLockBackend> g = irq.tryLockWith(irqOff)) {
            if (g != null) {
              g.get()[0]++;
            }
          }
          try (Guard<int[], LoudBackend> a = counter.lock();
              Guard<int[], SpinLockIrqBackend> b = irq.lock()) {
            return a.get()[0] + b.get()[0] - 1;
          }
        }
      }
      """;
}
