package dev.ctxlock.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.explorer.Report;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sample's {@code --explore} mode: its locking is clean over every schedule in the bound. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExploreTest {

  @Test
  void theSamplesLockingIsCleanOverEverySchedule() {
    Report report = Explore.run();
    report.assertNoFailure();
    assertTrue(report.exhaustive(), report::toString);
    assertTrue(report.schedulesExplored() > 100, report::toString);
  }
}
