package dev.ctxlock.internal.lockdep;

import dev.ctxlock.internal.probe.LockProbe;
import dev.ctxlock.internal.probe.ProbeProvider;
import org.jspecify.annotations.Nullable;

/** Loads the lock validator when the JVM runs with {@code -Dctxlock.validate=throw|warn}. */
public final class LockdepProvider implements ProbeProvider {

  /** For {@link java.util.ServiceLoader}. */
  public LockdepProvider() {}

  @Override
  public @Nullable LockProbe probe() {
    return Lockdep.fromSystemProperties();
  }
}
