package dev.ctxlock.sample.bus;

import dev.ctxlock.sync.ContextToken;

/**
 * Proof that the {@link Bus} is awake, and stays awake while this token is open: the context of
 * {@code DeviceRegister.lockWith(BusClaimed)} and of {@code BusSpinLockBackendContexts.BUS_CLAIMED}.
 *
 * <p>Why holding one proves it: the only way to get one is {@link Bus#claim()}, which claims the
 * bus before it returns the token, and only {@link #close()} gives the claim back. The class is
 * final and its constructor package-private, so no code outside this package can make one
 * without claiming the bus (the ctxlock processor would warn about a public constructor, a
 * non-final class, or a {@code Serializable} one: a proof anyone can construct proves nothing).
 *
 * <p>As a {@link ContextToken}, it is confined to the thread that claimed the bus, and it cannot
 * be closed while a guard taken with it is open: the bus cannot fall asleep under a register
 * access that relied on this token. Passing it to a method lends it; only its creator closes it.
 */
public final class BusClaimed extends ContextToken {

  /** Called by {@link Bus#claim()} after it claimed the bus. */
  BusClaimed() {}

  @Override
  protected void release() {
    Bus.leave();
  }
}
