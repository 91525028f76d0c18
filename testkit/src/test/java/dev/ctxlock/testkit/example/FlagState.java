package dev.ctxlock.testkit.example;

import java.util.concurrent.atomic.AtomicInteger;

/** The state both example backends share: lock bits and the holder. */
public final class FlagState {
  final AtomicInteger bits = new AtomicInteger();
  volatile Thread owner;

  FlagState() {}
}
