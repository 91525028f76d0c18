package dev.ctxlock.processor.runtime;

import java.util.concurrent.atomic.AtomicBoolean;

/** The state both test backends run over: a held flag. */
public final class FlagState {
  final AtomicBoolean held = new AtomicBoolean();
}
