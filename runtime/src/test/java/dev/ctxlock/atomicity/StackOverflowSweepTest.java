package dev.ctxlock.atomicity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ctxlock.internal.LocalCpu;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link StackOverflowError} can be thrown at any call inside the runtime; the runtime must
 * still leave no interrupt level disabled, no handler lost or run twice, and no more locks held
 * than {@link java.util.concurrent.locks.ReentrantLock} does in the same situation (a lock whose
 * release is itself cut short stays held, with any Java lock).
 *
 * <p>{@link StackOverflowSweep} drives the overflow through every call of each operation, in
 * forked JVMs (each bounded by a timeout) whose compilation is fixed in advance, so that the
 * frames, and so the counts, are the same from run to run: where the overflow can hit depends on
 * which calls are real calls and how deep each one goes, so the sweep runs in three such
 * configurations ({@link Mode}). A JVM left to its own JIT would hit other cut points on every
 * run.
 */
class StackOverflowSweepTest {

  /**
   * Locks ctxlock may leave held beyond ReentrantLock's count in the same sweep: none. A guard's
   * {@code close()} reaches the release store no deeper than the acquisition reached its CAS, so
   * an attempt whose acquisition completed has the stack its release needs.
   */
  private static final int SLACK = 0;

  private static final long FORK_TIMEOUT_SECONDS = 120;

  /** How the forked JVM compiles: each places the possible overflows differently. */
  enum Mode {
    /** Everything interpreted: every call is a frame, the deepest call chains. */
    INTERPRETED("-Xint"),
    /**
     * The JDK compiled ahead of first use by C1 (its small methods inlined: ThreadLocal.get, the
     * VarHandle and AQS plumbing are shallow), ctxlock interpreted: as in an application whose
     * JDK is warm and whose ctxlock calls are not yet.
     */
    CTXLOCK_INTERPRETED(
        "-Xcomp", "-XX:TieredStopAtLevel=1", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=exclude,dev.ctxlock.*::*"),
    /** The reverse: ctxlock (and the sweep) compiled by C1, the JDK interpreted. */
    JDK_INTERPRETED(
        "-Xcomp", "-XX:TieredStopAtLevel=1", "-XX:CompileCommand=quiet",
        "-XX:CompileCommand=exclude,java.*::*");

    final List<String> flags;

    Mode(String... flags) {
      this.flags = List.of(flags);
    }
  }

  /** Per mode, each operation's line, and ReentrantLock's as REENTRANT_LOCK. */
  private static final Map<Mode, Map<String, String[]>> RESULTS = new EnumMap<>(Mode.class);

  private static final Map<Mode, String> OUTPUT = new EnumMap<>(Mode.class);

  @BeforeAll
  static void sweepInForkedJvms() throws Exception {
    for (Mode mode : Mode.values()) {
      sweep(mode);
    }
  }

  private static void sweep(Mode mode) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(mode.flags);
    command.add("-Xmx64m");
    command.add("-XX:-PrintWarnings"); // ReentrantLock's ReservedStackAccess notices
    command.add("-cp");
    command.add(root(LocalCpu.class) + File.pathSeparator + root(StackOverflowSweep.class));
    command.add(StackOverflowSweep.class.getName());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(FORK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(ended, "the forked sweep did not end in " + FORK_TIMEOUT_SECONDS + " s: " + output);
    assertEquals(0, p.exitValue(), output);
    Map<String, String[]> results = new LinkedHashMap<>();
    for (String line : output.split("\\R")) {
      String[] fields = line.split(" ", 7);
      if (fields.length >= 6 && fields[1].matches("\\d+")) {
        results.put(fields[0], fields);
      }
    }
    RESULTS.put(mode, results);
    OUTPUT.put(mode, output);
    System.out.println("Stack-overflow sweep, " + mode + " (name attempts errors exceptions held"
        + " depth notes):\n" + output);
  }

  static Stream<Arguments> cases() {
    return Stream.of(Mode.values())
        .flatMap(m -> Stream.of(StackOverflowSweep.Operation.values()).map(op -> arguments(m, op)));
  }

  /** The class-path root that {@code c} was loaded from (a directory or a jar). */
  private static String root(Class<?> c) throws URISyntaxException {
    String resource = c.getName().replace('.', '/') + ".class";
    String url = c.getClassLoader() == null ? null : String.valueOf(c.getResource("/" + resource));
    if (url == null || url.equals("null")) {
      url = String.valueOf(c.getResource(c.getSimpleName() + ".class"));
    }
    if (url.startsWith("jar:")) {
      return Paths.get(new java.net.URI(url.substring(4, url.indexOf("!/")))).toString();
    }
    Path file = Paths.get(new java.net.URI(url));
    Path rootDir = file;
    for (int i = 0; i < c.getName().split("\\.").length; i++) {
      rootDir = rootDir.getParent();
    }
    return rootDir.toString();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void stackOverflowAtEveryDepthLeavesNoMoreHeldThanReentrantLockAndNoLevelDisabled(
      Mode mode, StackOverflowSweep.Operation op) {
    String[] ctxlock = RESULTS.get(mode).get(op.name());
    String[] reentrant = RESULTS.get(mode).get("REENTRANT_LOCK");
    assertTrue(ctxlock != null && reentrant != null, OUTPUT.get(mode));
    int attempts = Integer.parseInt(ctxlock[1]);
    int errors = Integer.parseInt(ctxlock[2]);
    int exceptions = Integer.parseInt(ctxlock[3]);
    int held = Integer.parseInt(ctxlock[4]);
    int depth = Integer.parseInt(ctxlock[5]);
    String notes = ctxlock.length > 6 ? ctxlock[6].trim() : "";
    int reentrantHeld = Integer.parseInt(reentrant[4]);
    String summary =
        mode + ": " + String.join(" ", ctxlock) + " / " + String.join(" ", reentrant);
    assertTrue(errors > 0, "no attempt was cut short: " + summary);
    assertTrue(
        attempts < StackOverflowSweep.ATTEMPTS, "never reached complete attempts: " + summary);
    assertEquals(0, exceptions, "the runtime threw besides the overflow: " + summary);
    // A SpinLockIrq left held keeps its own level, exactly as the kernel's would: that is the
    // held-lock case (a release that could not even start), bounded by ReentrantLock's below.
    // Any other level left disabled is a bug.
    int irqHeld = op.holdsALevel() ? held : 0;
    assertTrue(depth <= irqHeld, "interrupt levels left disabled beyond irq locks held: " + summary);
    assertTrue(held <= reentrantHeld + SLACK, "locks left held: " + summary);
    assertEquals("", notes, summary);
  }
}
