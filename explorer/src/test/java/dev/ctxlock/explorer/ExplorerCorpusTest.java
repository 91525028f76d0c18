package dev.ctxlock.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bug of the corpus is found with the expected failure kind, a trace naming its threads and
 * locks, and a schedule that replays it identically; every twin is clean over every schedule
 * within the bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExplorerCorpusTest {

  static List<Corpus.Case> cases() {
    return Corpus.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theBugIsFoundExplainedAndReplayed(Corpus.Case c) {
    long start = System.nanoTime();
    Report report = Explorer.explorer().explore(c.bug());
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertEquals(c.expected(), report.failure(), () -> c + ": " + report);
    assertTrue(report.failed());
    assertFalse(report.exhaustive());
    String schedule = report.schedule();
    assertNotNull(schedule);
    for (String mention : c.traceMentions()) {
      assertTrue(report.trace().contains(mention), () -> "no '" + mention + "' in\n" + report);
    }
    System.out.printf(
        "%s: %s after %d schedule(s) in %d ms, schedule %s%n",
        c, report.failure(), report.schedulesExplored(), millis, schedule);
    for (int i = 0; i < 10; i++) {
      Report replayed = Explorer.explorer().replay(c.bug(), schedule);
      assertEquals(report.failure(), replayed.failure(), () -> "replay: " + replayed);
      assertEquals(report.trace(), replayed.trace(), "the replay's trace differs");
      assertEquals(schedule, replayed.schedule());
    }
  }

  @ParameterizedTest(name = "{0}, fixed")
  @MethodSource("cases")
  void theTwinIsCleanOverEverySchedule(Corpus.Case c) {
    Report report =
        Explorer.explorer().timeout(Duration.ofSeconds(60)).explore(c.twin());
    assertFalse(report.failed(), () -> c + " fixed: " + report);
    assertTrue(report.exhaustive(), () -> c + " fixed: not exhaustive after "
        + report.schedulesExplored() + " schedules");
    assertTrue(report.schedulesExplored() > 1, "only one schedule explored");
    report.assertNoFailure();
  }
}
