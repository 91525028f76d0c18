package dev.ctxlock.explorer.internal;

import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.ProbeProvider;
import org.jspecify.annotations.Nullable;

/**
 * Loads the explorer's probe wherever the explorer is on the class or module path (test scope),
 * unless the JVM runs with {@code -Dctxlock.explorer=off}: it tracks every lock of the JVM, and
 * schedules only the threads of a running exploration.
 */
public final class ExplorerProbeProvider implements ProbeProvider {

  /** For {@link java.util.ServiceLoader}. */
  public ExplorerProbeProvider() {}

  @Override
  public @Nullable LockProbe probe() {
    return "off".equals(System.getProperty("ctxlock.explorer")) ? null : ExplorerProbe.INSTANCE;
  }
}
