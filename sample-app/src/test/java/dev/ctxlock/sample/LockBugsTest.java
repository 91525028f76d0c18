package dev.ctxlock.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample's {@code --lock-bugs} mode, run as users run it (a JVM of its own, which turns the
 * validator on in warn mode): both bugs reported, once each, with their locks and sites.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LockBugsTest {

  @Test
  void lockBugsModeReportsTheInversionAndTheIrqUnsafeLock() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--lock-bugs")
            .redirectErrorStream(true)
            .start();
    String out = read(p.getInputStream());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the sample did not end");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("[POTENTIAL_DEADLOCK] potential deadlock"), out);
    assertTrue(out.contains("audit (dev.ctxlock.sample.LockBugs"), out);
    assertTrue(out.contains("accounts (dev.ctxlock.sample.LockBugs"), out);
    assertTrue(out.contains("[IRQ_UNSAFE] irq-unsafe lock: counters"), out);
    assertTrue(out.contains("at dev.ctxlock.sample.LockBugs"), out);
    assertTrue(out.contains("2 report(s)."), out);
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
