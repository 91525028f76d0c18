package dev.ctxlock.benchmarks;

/** {@link UncontendedOps} in a fresh JVM: each Lock/Guard call site sees the backends of its row. */
public class Uncontended extends UncontendedOps {}
