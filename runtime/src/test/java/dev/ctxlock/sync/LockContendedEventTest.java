package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxlock.testing.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dev.ctxlock.LockContended JFR event: from contended slow paths only, for every backend. */
// Guards and tokens held in try-with-resources only for the lock or context they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockContendedEventTest {

  @TempDir Path dir;

  /**
   * JFR applies a recording's settings to an event class when the class registers, at its first
   * use; an event begun by that very first use is not recorded. Use it once before recording.
   */
  @org.junit.jupiter.api.BeforeAll
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

  @Test
  void contendedAcquisitionsOfEveryShippedBackendAreRecorded() throws Exception {
    List<Lock<int[], ?>> locks =
        List.of(
            new SpinLock<>("spin", new int[1]),
            new Mutex<>("mutex", new int[1]),
            new SpinLockIrq<>("irq", new int[1]));
    List<String> backends =
        List.of(
            "dev.ctxlock.sync.SpinLockBackend",
            "dev.ctxlock.sync.MutexBackend",
            "dev.ctxlock.sync.SpinLockIrqBackend");
    for (int i = 0; i < locks.size(); i++) {
      Lock<int[], ?> lock = locks.get(i);
      // A JVM's first recording may miss an event while it starts up: a few attempts, each a
      // whole contended acquisition, so that a working event is never a flaky failure and a
      // broken one still fails every time.
      List<RecordedEvent> events = List.of();
      for (int attempt = 0; attempt < 5 && events.isEmpty(); attempt++) {
        events = record(Duration.ofMillis(10), () -> contend(lock, 60));
      }
      assertEquals(1, events.size(), lock.name() + ": " + events);
      RecordedEvent e = events.get(0);
      assertEquals(lock.name(), e.getString("lockName"));
      assertEquals(backends.get(i), e.getString("backend"));
      assertTrue(e.getDuration().toMillis() >= 10, e.toString());
      assertEquals("main", e.getThread().getJavaName());
    }
  }

  @Test
  void uncontendedAcquisitionsRecordNothingEvenWithoutAThreshold() throws Exception {
    SpinLockIrq<int[]> irq = new SpinLockIrq<>("irq", new int[1]);
    Mutex<int[]> mutex = new Mutex<>("mutex", new int[1]);
    List<RecordedEvent> events =
        record(
            Duration.ZERO,
            () -> {
              for (int i = 0; i < 1_000; i++) {
                try (Guard<int[], ?> g = irq.lock()) {
                  g.get()[0]++;
                }
                try (Guard<int[], ?> g = mutex.tryLock(Duration.ofSeconds(1))) {
                  g.get()[0]++;
                }
              }
            });
    assertEquals(List.of(), events);
  }
}
