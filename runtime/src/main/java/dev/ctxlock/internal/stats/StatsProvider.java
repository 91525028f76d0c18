package dev.ctxlock.internal.stats;

import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.ProbeProvider;
import org.jspecify.annotations.Nullable;

/** Loads lock statistics when the JVM runs with {@code -Dctxlock.stats=on|print}. */
public final class StatsProvider implements ProbeProvider {

  /** For {@link java.util.ServiceLoader}. */
  public StatsProvider() {}

  @Override
  public @Nullable LockProbe probe() {
    return LockStats.fromSystemProperties();
  }
}
