package dev.ctxlock.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctxlock.sync.Guard;
import dev.ctxlock.sync.LockValidationException;
import dev.ctxlock.sync.LockValidator;
import dev.ctxlock.sync.SpinLock;
import dev.ctxlock.sync.SpinLockBackend;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under {@code -Dctxlock.validate=throw} (this module's pom runs it so), a validator report in a
 * scenario thread is an {@code EXCEPTION}: the ABBA scenario is reported on its very first
 * schedule, where no deadlock happens, because the two orders are seen one after the other.
 */
// Guards held in try-with-resources only for the lock they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExplorerUnderValidatorTest {

  @Test
  void validatorReportsAreExceptions() {
    assumeTrue(LockValidator.isEnabled(), "run with -Dctxlock.validate=throw");
    // Locks constructed here, not in the corpus: a validator reports each violation once per JVM.
    Report report =
        Explorer.explorer()
            .explore(
                s -> {
                  SpinLock<int[]> a = new SpinLock<>("a", new int[1]);
                  SpinLock<int[]> b = new SpinLock<>("b", new int[1]);
                  s.thread("t1", () -> {
                    try (Guard<int[], SpinLockBackend> ga = a.lock();
                        Guard<int[], SpinLockBackend> gb = b.lock()) {
                      gb.get()[0]++;
                    }
                  });
                  s.thread("t2", () -> {
                    try (Guard<int[], SpinLockBackend> gb = b.lock();
                        Guard<int[], SpinLockBackend> ga = a.lock()) {
                      ga.get()[0]++;
                    }
                  });
                });
    assertEquals(Failure.EXCEPTION, report.failure(), report::toString);
    assertInstanceOf(LockValidationException.class, report.cause(), report::toString);
    assertEquals(1, report.schedulesExplored(), "the first schedule already shows both orders");
    assertTrue(report.trace().contains("potential deadlock"), report::toString);
  }

  /**
   * Every corpus bug is found, as its own failure or earlier as a validator report (which needs
   * no unlucky schedule); every twin is clean, so the validator makes no false report on them.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.ctxlock.explorer.ExplorerCorpusTest#cases")
  void theCorpusUnderTheValidator(Corpus.Case c) {
    assumeTrue(LockValidator.isEnabled(), "run with -Dctxlock.validate=throw");
    Report bug = Explorer.explorer().explore(c.bug());
    assertTrue(
        bug.failure() == c.expected()
            || (bug.failure() == Failure.EXCEPTION
                && bug.cause() instanceof LockValidationException),
        bug::toString);
    Report twin = Explorer.explorer().explore(c.twin());
    twin.assertNoFailure();
    assertTrue(twin.exhaustive());
  }
}
