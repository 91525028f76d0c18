package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.sync.UserBackends.Fixture;
import dev.ctxlock.sync.UserBackends.Form;
import dev.ctxlock.testing.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dev.ctxlock.LockContended JFR event for users' backends: a contended acquisition records
 * one event whose backend is the user backend's own class name (not the shipped backend it may
 * delegate to) and whose lock name is the lock's; an uncontended one records nothing.
 */
// Guards held in try-with-resources only for the lock they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserBackendJfrTest {

  @TempDir Path dir;

  /**
   * JFR applies a recording's settings to an event class when the class registers, at its first
   * use; an event begun by that very first use is not recorded. Use it once before recording.
   */
  @BeforeAll
  static void registerTheEventClass() throws Exception {
    contend(new SpinLock<>("warm-up", new int[1]), 5);
  }

  private List<RecordedEvent> record(Duration threshold, Threads.Action body) throws Exception {
    Path file = dir.resolve("events.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("dev.ctxlock.LockContended").withThreshold(threshold).withStackTrace();
      recording.start();
      body.run();
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("dev.ctxlock.LockContended"))
            .collect(Collectors.toList());
    Files.delete(file);
    return events;
  }

  /** Holds {@code lock} on another thread for {@code millis} while this thread takes it. */
  private static void contend(Lock<int[], ?> lock, long millis) throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                held.countDown();
                Thread.sleep(millis);
              }
            },
            () -> {
              assertTrue(held.await(10, TimeUnit.SECONDS));
              try (Guard<int[], ?> g = lock.lock()) {
                g.get()[0]++;
              }
            });
    assertNull(failure);
  }

  static Stream<Fixture<?>> userBackends() {
    return UserBackends.USER.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void aContendedAcquisitionIsRecordedUnderTheUserBackendsOwnName(Fixture<?> fixture)
      throws Exception {
    Lock<int[], ?> lock = fixture.newLock("contended-" + fixture);
    // A JVM's first recording may miss an event while it starts up: a few attempts, each a whole
    // contended acquisition, so that a working event is never a flaky failure and a missing one
    // still fails every time.
    List<RecordedEvent> events = List.of();
    for (int attempt = 0; attempt < 5 && events.isEmpty(); attempt++) {
      events = record(Duration.ofMillis(10), () -> contend(lock, 60));
    }
    assertEquals(
        1,
        events.size(),
        "LockContended events for a contended " + fixture + " acquisition: " + events);
    RecordedEvent e = events.get(0);
    assertEquals(
        fixture.backend.getClass().getName(),
        e.getString("backend"),
        "the backend field must name the backend that took the lock, the user's own");
    assertEquals(lock.name(), e.getString("lockName"));
    assertTrue(e.getDuration().toMillis() >= 10, e.toString());
    assertEquals("main", e.getThread().getJavaName());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("userBackends")
  void uncontendedAcquisitionsRecordNothingEvenWithoutAThreshold(Fixture<?> fixture)
      throws Exception {
    Lock<int[], ?> lock = fixture.newLock("uncontended-" + fixture);
    List<RecordedEvent> events =
        record(
            Duration.ZERO,
            () -> {
              for (int i = 0; i < 1_000; i++) {
                for (Form form : List.of(Form.LOCK, Form.TRY_LOCK_TIMEOUT, Form.LOCK_WITH)) {
                  try (Guard<int[], ?> g = fixture.take(form, lock)) {
                    g.get()[0]++;
                  }
                }
              }
            });
    assertEquals(List.of(), events);
  }
}
