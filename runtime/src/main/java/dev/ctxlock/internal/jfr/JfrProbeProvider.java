package dev.ctxlock.internal.jfr;

import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.ProbeProvider;

/**
 * Loads {@link JfrProbe} in every JVM: whether its event is recorded is decided by JFR's own
 * settings at run time, and it costs nothing until a lock is contended.
 */
public final class JfrProbeProvider implements ProbeProvider {

  /** For {@link java.util.ServiceLoader}. */
  public JfrProbeProvider() {}

  @Override
  public LockProbe probe() {
    return JfrProbe.INSTANCE;
  }
}
