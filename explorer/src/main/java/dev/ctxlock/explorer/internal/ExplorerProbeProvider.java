package dev.ctxlock.explorer.internal;

import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.ProbeProvider;

/**
 * Loads the explorer's probe wherever the explorer is on the class or module path (test scope):
 * it tracks every lock of the JVM, and schedules only the threads of a running exploration.
 */
public final class ExplorerProbeProvider implements ProbeProvider {

  /** For {@link java.util.ServiceLoader}. */
  public ExplorerProbeProvider() {}

  @Override
  public LockProbe probe() {
    return ExplorerProbe.INSTANCE;
  }
}
