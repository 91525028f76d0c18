package dev.ctxlock.processor.names;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeneratedNamesTest {

  @ParameterizedTest
  @CsvSource({
    "LocalInterruptDisabled, LOCAL_INTERRUPT_DISABLED",
    "IRQDisabled, IRQ_DISABLED",
    "Ctx, CTX",
    "IrqOff, IRQ_OFF",
    "A, A",
    "HTTP2Context, HTTP2_CONTEXT",
    "Level2Token, LEVEL2_TOKEN",
    "already_SNAKE, ALREADY_SNAKE",
    "X509Proof, X509_PROOF",
  })
  void constantNamesAreUpperSnakeCaseOfTheSimpleName(String simpleName, String constant) {
    assertEquals(constant, GeneratedNames.upperSnakeCase(simpleName));
  }

  /**
   * Letters outside the Basic Multilingual Plane are whole code points (a surrogate pair in a
   * String): upper-cased, and split into words, like any other letter. Deseret has case: U+10400
   * (capital long I) is U+10428 (small long I) upper-cased; Gothic (U+10330) has none, so it
   * starts no word, as a BMP letter without case does not.
   */
  @ParameterizedTest
  @CsvSource({
    "Ok\uD801\uDC28Proof, OK\uD801\uDC00_PROOF",
    "Ok\uD801\uDC00Proof, OK_\uD801\uDC00_PROOF",
    "\uD801\uDC28\uD801\uDC28Ctx, \uD801\uDC00\uD801\uDC00_CTX",
    "\uD801\uDC00\uD801\uDC00\uD801\uDC28x, \uD801\uDC00_\uD801\uDC00\uD801\uDC00X",
    "Gothic\uD800\uDF30Token, GOTHIC\uD800\uDF30TOKEN",
  })
  void constantNamesWorkOnCodePointsOutsideTheBmp(String simpleName, String constant) {
    assertEquals(constant, GeneratedNames.upperSnakeCase(simpleName));
  }
}
