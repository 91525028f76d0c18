package dev.ctxlock.processor.names;

import com.palantir.javapoet.ClassName;
import dev.ctxlock.annotations.WithContext;

/**
 * The one place that spells the names of the types the processor reads and generated code uses.
 * The processor does not depend on the runtime: it finds the runtime's types in the compilation by
 * these names ({@link ClassName#canonicalName()}), generated code names them through these {@link
 * ClassName}s, and messages quote them.
 */
public final class RuntimeNames {

  /** The package of the runtime's locking API. */
  public static final String SYNC_PACKAGE = "dev.ctxlock.sync";

  /** {@code Backend<S>}: what an annotated type and its contextual backend implement. */
  public static final ClassName BACKEND = ClassName.get(SYNC_PACKAGE, "Backend");

  /** {@code TimedBackend<S>}: a backend whose waits can be bounded and interrupted. */
  public static final ClassName TIMED_BACKEND = ClassName.get(SYNC_PACKAGE, "TimedBackend");

  /** {@code Lock<T, B>}: the superclass of generated lock classes. */
  public static final ClassName LOCK = ClassName.get(SYNC_PACKAGE, "Lock");

  /** {@code Guard<T, B>}: what generated methods return. */
  public static final ClassName GUARD = ClassName.get(SYNC_PACKAGE, "Guard");

  /** {@code BackendWithContext<B, C, CB>}: the type of generated witness constants. */
  public static final ClassName BACKEND_WITH_CONTEXT =
      ClassName.get(SYNC_PACKAGE, "BackendWithContext");

  /** {@code ContextToken}: contexts extending it get lifetime and thread checks. */
  public static final ClassName CONTEXT_TOKEN = ClassName.get(SYNC_PACKAGE, "ContextToken");

  /**
   * {@code @Waits(WaitType)}: how a backend's thread waits, declared on the backend class itself.
   * Read by its name on the backend's annotation mirrors; a runtime without it is an older one.
   */
  public static final ClassName WAITS = ClassName.get(SYNC_PACKAGE, "Waits");

  /** The name of the singleton field every backend exposes. */
  public static final String INSTANCE_FIELD = "INSTANCE";

  /** The annotation the processor reads. */
  public static final ClassName WITH_CONTEXT = ClassName.get(WithContext.class);

  /** Its container, written explicitly or synthesized by javac for repeated annotations. */
  public static final ClassName WITH_CONTEXT_LIST = ClassName.get(WithContext.List.class);

  /** The processor, as {@code @Generated} names it. Never a date: output must be reproducible. */
  public static final String PROCESSOR = "dev.ctxlock.processor.WithContextProcessor";

  private RuntimeNames() {}
}
