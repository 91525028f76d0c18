/**
 * The schedule explorer ({@code ctxlock-explorer}): runs a scenario written against ctxlock under a
 * deterministic scheduler and explores its interleavings and interrupt arrivals. Add it in test
 * scope. It observes locks through the runtime's instrumentation seam, which the runtime exports
 * to this module only.
 */
module dev.ctxlock.explorer {
  requires transitive dev.ctxlock.runtime;
  requires static org.jspecify;

  exports dev.ctxlock.explorer;

  provides dev.ctxlock.internal.probe.ProbeProvider with
      dev.ctxlock.explorer.internal.ExplorerProbeProvider;
}
