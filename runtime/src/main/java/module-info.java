/**
 * ctxlock's runtime: {@code Lock}, {@code Guard}, the shipped backends ({@code dev.ctxlock.sync})
 * and the per-thread emulation of local interrupts ({@code dev.ctxlock.interrupt}).
 *
 * <p>A consumer module needs only {@code requires dev.ctxlock.runtime;}: the annotations that this
 * API and the processor's generated code carry are read transitively. They are {@code static}
 * (compile-time only: the jars need not be on the run-time module path) because none of them is
 * retained for run time: {@code @WithContext} has CLASS retention, JSpecify's and Error Prone's
 * annotations are for tools. {@code dev.ctxlock.internal} is not exported.
 */
module dev.ctxlock.runtime {
  requires static transitive dev.ctxlock.annotations;
  requires static transitive org.jspecify;
  requires static transitive com.google.errorprone.annotations;
  // The dev.ctxlock.LockContended event, committed from contended slow paths only.
  requires jdk.jfr;

  exports dev.ctxlock.sync;
  exports dev.ctxlock.interrupt;

  // The instrumentation seam finds its tools as services: the validator, the JFR event and lock
  // statistics here, more in other modules of ctxlock's.
  uses dev.ctxlock.internal.probe.ProbeProvider;

  // The schedule explorer, a module of its own, is a client of the seam and of the emulated CPUs.
  exports dev.ctxlock.internal.probe to dev.ctxlock.explorer;
  exports dev.ctxlock.internal to dev.ctxlock.explorer;

  provides dev.ctxlock.internal.probe.ProbeProvider with
      dev.ctxlock.internal.lockdep.LockdepProvider,
      dev.ctxlock.internal.jfr.JfrProbeProvider,
      dev.ctxlock.internal.stats.StatsProvider;
}
