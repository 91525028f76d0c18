package dev.ctxlock.internal.jfr;

import dev.ctxlock.internal.probe.BackendTraits;
import dev.ctxlock.internal.probe.LockMap;
import dev.ctxlock.internal.probe.LockProbe;
import org.jspecify.annotations.Nullable;

/**
 * The seam's JFR client: a {@link LockContendedEvent} for every contended acquisition, labelled
 * with the class name of the backend that took the lock. Contention hooks only (they run on slow
 * paths); it tracks no holds, so it adds nothing to an uncontended acquisition.
 */
final class JfrProbe implements LockProbe {

  static final JfrProbe INSTANCE = new JfrProbe();

  private JfrProbe() {}

  @Override
  public String name() {
    return "jfr";
  }

  @Override
  public boolean tracksHolds() {
    return false;
  }

  @Override
  public Object contended(@Nullable LockMap lock, String lockName, BackendTraits taker) {
    return LockContendedEvent.begin(lockName, taker.label());
  }

  @Override
  public void waited(@Nullable Object context, boolean acquired) {
    if (context instanceof LockContendedEvent event) {
      event.finish();
    }
  }
}
