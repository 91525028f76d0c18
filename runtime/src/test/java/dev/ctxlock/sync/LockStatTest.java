package dev.ctxlock.sync;

import static dev.ctxlock.sync.LockStatScenarios.classOf;
import static dev.ctxlock.sync.LockStatScenarios.contendOnce;
import static dev.ctxlock.sync.LockStatScenarios.names;
import static dev.ctxlock.sync.LockStatScenarios.namesOnly;
import static dev.ctxlock.sync.LockStatScenarios.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ctxlock.testing.Threads;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lock statistics on the shipped backends: exact counts on scenarios whose contentions happen by
 * construction ({@link LockStatScenarios}), wait and hold times bounded below by the sleeps that
 * made them, call sites naming this test's own frames, {@code CondVar} and {@code callUnlocked}
 * re-acquisitions, {@link LockStat#reset()}, and the {@code dev.ctxlock.LockHeld} JFR event. Runs
 * only when the JVM has {@code -Dctxlock.stats=on} (runtime's pom has an execution for it).
 */
// Guards held in try-with-resources only for the lock they hold.
@SuppressWarnings("try")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LockStatTest {

  /** How long a holder keeps a contended lock once the waiter waits: the waits' lower bound. */
  private static final long HOLD_MILLIS = 40;

  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

  @BeforeEach
  void onlyWithStatisticsOn() {
    assumeTrue(LockStat.isEnabled(), "run with -Dctxlock.stats=on");
  }

  /** The shipped lock kinds, each made in a class named after the test. */
  static Stream<Arguments> shipped() {
    return Stream.of(
        Arguments.of("SpinLock", (Function<String, Lock<int[], ?>>) n -> new SpinLock<>(n, new int[1])),
        Arguments.of("Mutex", (Function<String, Lock<int[], ?>>) n -> new Mutex<>(n, new int[1])),
        Arguments.of(
            "SpinLockIrq", (Function<String, Lock<int[], ?>>) n -> new SpinLockIrq<>(n, new int[1])));
  }

  private static Lock<int[], ?> named(Function<String, Lock<int[], ?>> make, String name) {
    return LockValidator.setClass(make.apply(name), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void countsAcquisitionsAndContentionsExactly(String kind, Function<String, Lock<int[], ?>> make)
      throws Exception {
    String name = "exact-" + kind;
    Lock<int[], ?> lock = named(make, name);
    int n = 100;
    for (int i = 0; i < n; i++) {
      try (Guard<int[], ?> g = lock.lock()) {
        g.get()[0]++;
      }
    }
    int k = 3;
    for (int i = 0; i < k; i++) {
      assertTrue(contendOnce(lock, HOLD_MILLIS, Lock::lock));
    }
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    // n here, k by this thread after waiting, k by the holders.
    assertEquals(n + 2L * k, s.acquisitions(), s.toString());
    assertEquals(k, s.contentions(), s.toString());
    assertTrue(s.waitMaxNanos() >= HOLD_MILLIS * MS, s.toString());
    assertTrue(s.waitTotalNanos() >= k * HOLD_MILLIS * MS, s.toString());
    assertTrue(s.waitTotalNanos() >= s.waitMaxNanos(), s.toString());
    assertTrue(s.holdMaxNanos() >= HOLD_MILLIS * MS, s.toString());
    assertTrue(s.holdTotalNanos() >= k * HOLD_MILLIS * MS, s.toString());
    assertTrue(namesOnly(s.contentionPoints(), LockStatScenarios.class, "waitHere"), s.toString());
    assertTrue(
        namesOnly(s.contendingPoints(), LockStatScenarios.class, "holdWhileWaited"), s.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void aFailedTryLockIsNotAContention(String kind, Function<String, Lock<int[], ?>> make)
      throws Exception {
    String name = "try-" + kind;
    Lock<int[], ?> lock = named(make, name);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch tried = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                held.countDown();
                assertTrue(tried.await(10, TimeUnit.SECONDS));
              }
            },
            () -> {
              assertTrue(held.await(10, TimeUnit.SECONDS));
              try (Guard<int[], ?> g = lock.tryLock()) {
                assertNull(g);
              }
              if (lock instanceof SpinLock<?> spin) {
                try (Guard<?, ?> g = spin.tryLock(Duration.ZERO)) {
                  assertNull(g); // a timed try that may not wait is a try too
                }
              }
              tried.countDown();
            });
    assertNull(failure);
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(1, s.acquisitions(), s.toString());
    assertEquals(0, s.contentions(), s.toString());
    assertEquals(List.of(), s.contentionPoints());
  }

  @Test
  void aTimedOutWaitIsAContentionWithItsWaitButNoAcquisition() throws Exception {
    String name = "timed-out";
    SpinLock<int[]> lock = LockValidator.setClass(new SpinLock<>(name, new int[1]), name);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch gaveUp = new CountDownLatch(1);
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              try (Guard<int[], SpinLockBackend> g = lock.lock()) {
                held.countDown();
                assertTrue(gaveUp.await(10, TimeUnit.SECONDS)); // held through the whole wait
              }
            },
            () -> {
              assertTrue(held.await(10, TimeUnit.SECONDS));
              try (Guard<int[], SpinLockBackend> g = lock.tryLock(Duration.ofMillis(HOLD_MILLIS))) {
                assertNull(g);
              }
              gaveUp.countDown();
            });
    assertNull(failure);
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(1, s.acquisitions(), "the holder's only: " + s);
    assertEquals(1, s.contentions(), s.toString());
    assertTrue(s.waitTotalNanos() >= HOLD_MILLIS * MS, s.toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shipped")
  void aCondVarWaitEndsAHoldAndItsReacquisitionIsCountedAndSeenContended(
      String kind, Function<String, Lock<int[], ?>> make) throws Exception {
    String name = "condvar-" + kind;
    Lock<int[], ?> lock = named(make, name);
    CondVar cv = new CondVar("ready");
    Thread waiter = Thread.currentThread();
    boolean[] waiting = new boolean[1];
    boolean[] signalled = new boolean[1];
    Throwable failure =
        Threads.onOtherThread(
            () -> {
              LockStatScenarios.awaitParkedIn(waiter, waiting, null);
              try (Guard<int[], ?> g = lock.lock()) {
                g.get()[0] = 1;
                cv.signal();
                synchronized (signalled) {
                  signalled[0] = true;
                }
                // The waiter wakes, finds the lock busy and waits for it: its relock contended.
                LockStatScenarios.awaitParkedIn(waiter, signalled, cv);
                Thread.sleep(HOLD_MILLIS);
              }
            },
            () -> {
              try (Guard<int[], ?> g = lock.lock()) {
                Thread.sleep(HOLD_MILLIS); // a first hold of at least this
                synchronized (waiting) {
                  waiting[0] = true;
                }
                while (g.get()[0] == 0) {
                  cv.await(g, Duration.ofSeconds(10));
                }
              }
            });
    assertNull(failure);
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    // The waiter's lock() and relock, the signaller's lock().
    assertEquals(3, s.acquisitions(), s.toString());
    assertEquals(1, s.contentions(), "the relock after the signal: " + s);
    assertTrue(s.waitTotalNanos() >= HOLD_MILLIS * MS, s.toString());
    assertTrue(s.holdTotalNanos() >= 2 * HOLD_MILLIS * MS, s.toString());
    assertEquals(1, s.contentionPoints().size(), s.toString());
    // Where this thread waited: the lambda below (javac names it after this method).
    String site = s.contentionPoints().get(0);
    assertTrue(
        site.startsWith(LockStatTest.class.getName() + ".lambda$aCondVarWait")
            && site.contains("(LockStatTest.java:"),
        s.toString());
  }

  @Test
  void aCallUnlockedWindowEndsOneHoldAndStartsAnother() throws Exception {
    String name = "window";
    SpinLock<int[]> lock = LockValidator.setClass(new SpinLock<>(name, new int[1]), name);
    long windowMillis = 600;
    try (Guard<int[], SpinLockBackend> g = lock.lock()) {
      Thread.sleep(20);
      g.runUnlocked(() -> Thread.sleep(windowMillis));
      Thread.sleep(20);
    }
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(2, s.acquisitions(), s.toString());
    assertEquals(0, s.contentions(), s.toString());
    assertTrue(s.holdTotalNanos() >= 40 * MS, s.toString());
    assertTrue(s.holdMaxNanos() >= 20 * MS, s.toString());
    assertTrue(s.holdTotalNanos() < windowMillis * MS, "the window is no hold: " + s);
  }

  @Test
  void rowsAreConstructionSitesUnlessAClassWasSet() throws Exception {
    SpinLock<int[]> lock = new SpinLock<>("by-site", new int[1]);
    try (Guard<int[], SpinLockBackend> g = lock.lock()) {
      g.get()[0]++;
    }
    List<LockStat.ClassStat> rows =
        LockStat.snapshot().stream()
            .filter(s -> s.lockClass().startsWith("by-site ("))
            .collect(Collectors.toList());
    assertEquals(1, rows.size(), LockStat.table());
    String site = rows.get(0).lockClass().substring("by-site (".length());
    assertTrue(
        names(site.substring(0, site.length() - 1), LockStatTest.class,
            "rowsAreConstructionSitesUnlessAClassWasSet"),
        site);
    // A subclass is a row of its own.
    SpinLock<int[]> child = LockValidator.setSubclass(new SpinLock<>("child", new int[1]), 1);
    try (Guard<int[], SpinLockBackend> g = child.lock()) {
      g.get()[0]++;
    }
    assertTrue(
        LockStat.snapshot().stream()
            .anyMatch(s -> s.lockClass().startsWith("child (") && s.lockClass().endsWith(" subclass 1)")),
        LockStat.table());
  }

  @Test
  void resetForgetsEverythingAndCountingGoesOn() throws Exception {
    String name = "reset";
    SpinLock<int[]> lock = LockValidator.setClass(new SpinLock<>(name, new int[1]), name);
    for (int i = 0; i < 10; i++) {
      try (Guard<int[], SpinLockBackend> g = lock.lock()) {
        g.get()[0]++;
      }
    }
    contendOnce(lock, HOLD_MILLIS, Lock::lock);
    assertNotNull(row(classOf(name, name)));
    LockStat.reset();
    assertNull(row(classOf(name, name)), LockStat.table());
    try (Guard<int[], SpinLockBackend> g = lock.lock()) {
      g.get()[0]++;
    }
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(1, s.acquisitions(), s.toString());
    assertEquals(0, s.contentions(), s.toString());
    assertEquals(0, s.waitTotalNanos(), s.toString());
    assertEquals(List.of(), s.contentionPoints());
    assertEquals(List.of(), s.contendingPoints());
  }

  @Test
  void snapshotIsSortedByTotalWaitAndTheTableHasTheKernelsColumns() throws Exception {
    String little = "waited-little";
    String much = "waited-much";
    SpinLock<int[]> a = LockValidator.setClass(new SpinLock<>(little, new int[1]), little);
    Mutex<int[]> b = LockValidator.setClass(new Mutex<>(much, new int[1]), much);
    contendOnce(a, 10, Lock::lock);
    contendOnce(b, 300, Lock::lock);
    List<String> order =
        LockStat.snapshot().stream()
            .map(LockStat.ClassStat::lockClass)
            .filter(c -> c.equals(classOf(little, little)) || c.equals(classOf(much, much)))
            .collect(Collectors.toList());
    assertEquals(List.of(classOf(much, much), classOf(little, little)), order);
    List<LockStat.ClassStat> all = LockStat.snapshot();
    for (int i = 1; i < all.size(); i++) {
      assertTrue(all.get(i - 1).waitTotalNanos() >= all.get(i).waitTotalNanos(), all.toString());
    }
    String table = LockStat.table();
    String header =
        table.lines().filter(l -> l.contains("class name")).findFirst().orElseThrow();
    List<String> columns = List.of(header.trim().split("\\s{2,}"));
    assertEquals(
        List.of(
            "class name", "contentions", "waittime-max", "waittime-total", "waittime-avg",
            "acquisitions", "holdtime-max", "holdtime-total", "holdtime-avg"),
        columns);
    String line =
        table.lines().filter(l -> l.contains(classOf(much, much) + ":")).findFirst().orElseThrow();
    String[] fields = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    assertEquals("1", fields[0], line); // contentions
    assertEquals("2", fields[4], line); // acquisitions
    assertTrue(table.contains("LockStatScenarios.waitHere(LockStatScenarios.java:"), table);
    assertTrue(table.contains("LockStatScenarios.holdWhileWaited(LockStatScenarios.java:"), table);
  }

  @Test
  void threadsThatEndedAreStillCounted() throws Exception {
    String name = "ended";
    Mutex<int[]> lock = LockValidator.setClass(new Mutex<>(name, new int[1]), name);
    Threads.runConcurrently(
        4,
        i -> {
          for (int j = 0; j < 250; j++) {
            try (Guard<int[], MutexBackend> g = lock.lock()) {
              g.get()[0]++;
            }
          }
        });
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(1000, s.acquisitions(), s.toString());
    assertEquals(s.acquisitions(), (long) lockValue(lock));
  }

  @Test
  void aCollectedLocksCountsStayInItsClass() throws Exception {
    String name = "collected";
    WeakReference<SpinLock<int[]>> ref = takeTenTimes(name);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(10);
    }
    assumeTrue(ref.get() == null, "the lock was not collected in 10 s");
    LockStat.ClassStat s = row(classOf(name, name));
    assertNotNull(s, LockStat.table());
    assertEquals(10, s.acquisitions(), s.toString());
  }

  @Test
  void aLockThatChangesClassLeavesItsCountsInTheClassItHad() {
    String first = "before-class-change";
    String second = "after-class-change";
    SpinLock<int[]> lock = LockValidator.setClass(new SpinLock<>(first, new int[1]), first);
    takeTimes(lock, 5);
    LockValidator.setClass(lock, second);
    takeTimes(lock, 3);
    LockStat.ClassStat a = row(classOf(first, first));
    LockStat.ClassStat b = row(classOf(first, second));
    assertNotNull(a, LockStat.table());
    assertNotNull(b, LockStat.table());
    assertEquals(5, a.acquisitions(), a.toString());
    assertEquals(3, b.acquisitions(), b.toString());
    // Back in the first class: it counts on from what it kept.
    LockValidator.setClass(lock, first);
    takeTimes(lock, 2);
    assertEquals(7, row(classOf(first, first)).acquisitions(), LockStat.table());
    assertEquals(3, row(classOf(first, second)).acquisitions(), LockStat.table());
  }

  private static void takeTimes(SpinLock<int[]> lock, int times) {
    for (int i = 0; i < times; i++) {
      try (Guard<int[], SpinLockBackend> g = lock.lock()) {
        g.get()[0]++;
      }
    }
  }

  private static WeakReference<SpinLock<int[]>> takeTenTimes(String name) {
    SpinLock<int[]> lock = LockValidator.setClass(new SpinLock<>(name, new int[1]), name);
    for (int i = 0; i < 10; i++) {
      try (Guard<int[], SpinLockBackend> g = lock.lock()) {
        g.get()[0]++;
      }
    }
    return new WeakReference<>(lock);
  }

  private static int lockValue(Mutex<int[]> lock) {
    try (Guard<int[], MutexBackend> g = lock.lock()) {
      return g.get()[0];
    }
  }

  @Test
  void aLongHoldCommitsALockHeldEventFromTheHolder(@TempDir Path dir) throws Exception {
    String name = "held-long";
    SpinLock<int[]> lock = LockValidator.setClass(new SpinLock<>(name, new int[1]), name);
    Path file = dir.resolve("held.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("dev.ctxlock.LockHeld").withStackTrace();
      recording.start();
      for (int i = 0; i < 100; i++) {
        try (Guard<int[], SpinLockBackend> g = lock.lock()) {
          g.get()[0]++; // short holds: no event (unless this thread is descheduled 20 ms)
        }
      }
      try (Guard<int[], SpinLockBackend> g = lock.lock()) {
        Thread.sleep(60);
      }
      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("dev.ctxlock.LockHeld"))
            .filter(e -> name.equals(e.getString("lockName")))
            .collect(Collectors.toList());
    assertTrue(
        events.stream().allMatch(e -> e.getDuration("holdTime").toMillis() >= 20),
        "only holds of the threshold (20 ms) or more: " + events);
    RecordedEvent e =
        events.stream()
            .filter(ev -> ev.getDuration("holdTime").toMillis() >= 60)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no event for the 60 ms hold: " + events));
    assertEquals(classOf(name, name), e.getString("lockClass"));
    assertEquals(Thread.currentThread().getName(), e.getThread().getJavaName());
    assertTrue(
        e.getStackTrace().getFrames().stream()
            .anyMatch(f -> f.getMethod().getName().equals("aLongHoldCommitsALockHeldEventFromTheHolder")),
        e.toString());
  }
}
