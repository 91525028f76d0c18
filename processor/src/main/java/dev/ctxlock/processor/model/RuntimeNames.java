package dev.ctxlock.processor.model;

/**
 * Canonical names of the runtime types the processor checks against and generated code uses. The
 * processor does not depend on the runtime: it finds these types in the compilation, by name.
 */
public final class RuntimeNames {

  /** The package of the runtime's locking API. */
  public static final String SYNC_PACKAGE = "dev.ctxlock.sync";

  /** {@code Backend<S>}: what an annotated type and its contextual backend implement. */
  public static final String BACKEND = SYNC_PACKAGE + ".Backend";

  /** {@code Lock<T, B>}: the superclass of generated lock classes. */
  public static final String LOCK = SYNC_PACKAGE + ".Lock";

  /** {@code BackendWithContext<B, C, CB>}: the type of generated witness constants. */
  public static final String BACKEND_WITH_CONTEXT = SYNC_PACKAGE + ".BackendWithContext";

  /** {@code ContextToken}: contexts extending it get lifetime and thread checks. */
  public static final String CONTEXT_TOKEN = SYNC_PACKAGE + ".ContextToken";

  /** The name of the singleton field every backend exposes. */
  public static final String INSTANCE_FIELD = "INSTANCE";

  private RuntimeNames() {}
}
