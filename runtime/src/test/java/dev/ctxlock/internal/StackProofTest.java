package dev.ctxlock.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The stack proofs' mode switch, {@code -Dctxlock.stackProof}. What strict mode achieves is
 * {@code atomicity.StackOverflowRecursionTest}'s; the shape of its proof is {@code
 * sync.ReleaseShapeTest}'s.
 */
class StackProofTest {

  @Test
  void onlyStrictSelectsStrictMode() {
    assertTrue(StackProof.isStrict("strict"));
    assertFalse(StackProof.isStrict(null));
    assertFalse(StackProof.isStrict(""));
    assertFalse(StackProof.isStrict("default"));
  }

  @Test
  void aValueThatIsNotAModeKeepsTheDefault() {
    // Warned about on the "dev.ctxlock" logger, never taken for strict: a mode's name is exact.
    assertFalse(StackProof.isStrict("STRICT"));
    assertFalse(StackProof.isStrict("on"));
    assertFalse(StackProof.isStrict("true"));
  }

  @Test
  void theProofFrameReturnsItsArgumentAndRefusesANegativeOne() {
    assertEquals(7, ProofFrame.bang(7));
    // The deoptimization point (see ProofFrame), never reached by the proofs: they pass 1.
    assertThrows(IllegalArgumentException.class, () -> ProofFrame.bang(-1));
  }
}
