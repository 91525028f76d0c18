package dev.ctxlock.benchmarks;

import org.openjdk.jmh.annotations.Fork;

/** {@link ValidatorPairOps} with ctxlock's lock validator off (the default). */
@Fork(3)
public class ValidatorOff extends ValidatorPairOps {

  @Override
  boolean validatorExpected() {
    return false;
  }
}
