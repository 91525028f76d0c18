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
}
