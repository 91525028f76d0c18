package dev.ctxlock.internal.probe;

import org.jspecify.annotations.Nullable;

/**
 * Finds a {@link LockProbe}: a service ({@link java.util.ServiceLoader}) that {@link LockProbes}
 * loads once, when the first lock is built. A provider decides from the JVM's configuration
 * (system properties) whether its tool runs in this JVM; its answer is final for the JVM's life,
 * which is what lets the JIT fold every hook away when no tool runs.
 */
public interface ProbeProvider {

  /** This JVM's probe of the tool, or null when the tool is off. */
  @Nullable LockProbe probe();
}
