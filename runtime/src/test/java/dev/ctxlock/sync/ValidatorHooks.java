package dev.ctxlock.sync;

import dev.ctxlock.internal.lockdep.Lockdep;

/**
 * The lock validator's test hooks, reached from the user-backend tests through this one class
 * only, so that the hooks can move by editing this file alone.
 */
final class ValidatorHooks {

  private ValidatorHooks() {}

  /** Forgets every class, edge, chain and report the validator has seen. */
  static void reset() {
    Lockdep.resetForTests();
  }

  /** Makes reports throw ({@code true}) or be logged ({@code false}). */
  static void throwing(boolean throwReports) {
    Lockdep.setThrowing(throwReports);
  }
}
