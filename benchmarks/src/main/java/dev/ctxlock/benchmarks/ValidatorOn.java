package dev.ctxlock.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/** {@link ValidatorPairOps} with ctxlock's lock validator on ({@code -Dctxlock.validate=throw}). */
@Fork(value = 3, jvmArgsAppend = "-Dctxlock.validate=throw")
public class ValidatorOn extends ValidatorPairOps {

  @Override
  boolean validatorExpected() {
    return true;
  }
}
