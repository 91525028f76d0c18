package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -Dctxlock.stats=print} prints the table on {@code System.err} when the JVM exits, in a
 * child JVM running {@link LockStatPrintMain}; without the property, or with a value that is not
 * a mode, nothing is collected or printed (the latter with a warning).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LockStatPrintTest {

  private static final long FORK_TIMEOUT_SECONDS = 60;

  @TempDir Path dir;

  /** Runs the program with {@code properties}; returns {stdout, stderr}. */
  private String[] run(String... properties) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx64m");
    command.addAll(List.of(properties));
    command.add("-cp");
    command.add(root(LockStat.class) + File.pathSeparator + root(LockStatPrintMain.class));
    command.add(LockStatPrintMain.class.getName());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    p.getOutputStream().close();
    boolean ended = p.waitFor(FORK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String[] result = {
      Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8)
    };
    assertTrue(ended, "the child JVM did not end in " + FORK_TIMEOUT_SECONDS + " s: " + result[1]);
    assertEquals(0, p.exitValue(), result[0] + result[1]);
    return result;
  }

  private static String root(Class<?> c) throws Exception {
    return Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void printWritesTheTableToStandardErrorAtExit() throws Exception {
    String[] r = run("-Dctxlock.stats=print");
    assertTrue(r[0].contains("enabled=true"), r[0]);
    String err = r[1];
    assertTrue(err.startsWith("lock_stat (ctxlock)"), err);
    assertTrue(err.contains("class name"), err);
    String line =
        err.lines()
            .filter(l -> l.startsWith("printed (class printed):"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no row for the lock class:\n" + err));
    String[] fields = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    assertEquals("1", fields[0], line); // contentions
    assertEquals("12", fields[4], line); // acquisitions: ten, the holder's, the waiter's
    assertTrue(err.contains("LockStatPrintMain.main(LockStatPrintMain.java:"), err);
    assertTrue(err.contains("LockStatPrintMain.lambda$main$0(LockStatPrintMain.java:"), err);
  }

  @Test
  void onCollectsWithoutPrinting() throws Exception {
    String[] r = run("-Dctxlock.stats=on");
    assertTrue(r[0].contains("enabled=true"), r[0]);
    assertFalse(r[1].contains("lock_stat"), r[1]);
  }

  @Test
  void offByDefaultAndForAValueThatIsNotAMode() throws Exception {
    String[] r = run();
    assertTrue(r[0].contains("enabled=false"), r[0]);
    assertEquals("", r[1]);
    r = run("-Dctxlock.stats=yes");
    assertTrue(r[0].contains("enabled=false"), r[0]);
    assertTrue(r[1].contains("-Dctxlock.stats=yes is not a mode"), r[1]);
    assertFalse(r[1].contains("lock_stat"), r[1]);
  }
}
