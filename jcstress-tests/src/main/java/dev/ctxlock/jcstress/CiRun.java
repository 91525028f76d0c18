package dev.ctxlock.jcstress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) with the given arguments and turns its report
 * into an exit code, which jcstress 0.16 does not give: 1 when any test failed (a FORBIDDEN
 * outcome, or an outcome no {@code @Outcome} covers) or errored, or when no test ran; 0 otherwise.
 * Prints a one-line summary with the counts.
 *
 * <p>Any {@code LockValidationException} in the report also fails the run, and its message is
 * printed. These come from runs with ctxlock's lock validator on in the test VMs ({@code
 * -jvmArgsPrepend -Dctxlock.validate=throw}): a report thrown in an actor errors its test, but one
 * thrown in an interrupt handler reaches the thread's uncaught-exception handler and only shows in
 * the test VM's output, which jcstress prints without failing the test.
 */
public final class CiRun {

  private CiRun() {}

  public static void main(String[] args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    // jcstress throws AssertionError at the end of a run with errored tests: keep it for the
    // verdict, after the summary and the validator reports below.
    AssertionError jcstressFailure = null;
    try {
      org.openjdk.jcstress.Main.main(args);
    } catch (AssertionError e) {
      jcstressFailure = e;
    } finally {
      System.out.flush();
      System.setOut(original);
    }
    String report = copy.toString(StandardCharsets.UTF_8);
    int failed = section(report, "Failed tests");
    int errors = section(report, "Error tests");
    int interesting = section(report, "Interesting tests");
    int remaining = section(report, "All remaining tests");
    int total = failed + errors + interesting + remaining;
    // With -v, RUN RESULTS lists every test's outcomes across all configurations.
    int runResults = report.indexOf("RUN RESULTS:");
    String results = runResults < 0 ? "" : report.substring(runResults);
    long samples = 0;
    int outcomes = 0;
    long forbiddenSamples = 0;
    Matcher m =
        Pattern.compile(
                "(?m)^\\s+(-?\\d+(?:, -?\\d+)*)\\s+([\\d,]+)\\s+[<\\d.]+%\\s+(Acceptable|Interesting|Forbidden)")
            .matcher(results);
    while (m.find()) {
      long n = Long.parseLong(m.group(2).replace(",", ""));
      samples += n;
      if (n > 0) {
        outcomes++;
        if (m.group(3).equals("Forbidden")) {
          forbiddenSamples += n;
        }
      }
    }
    int tests = 0;
    Matcher t = Pattern.compile("(?m)^\\.+ \\[(OK|FAILED|ERROR)\\] ").matcher(results);
    while (t.find()) {
      tests++;
    }
    String validator = validatorMode(args);
    original.printf(
        "ctxlock jcstress summary%s: %d tests (%d in the summary), %d failed,"
            + " %d errors, %d interesting; %d distinct outcomes observed over %,d samples,"
            + " %d forbidden samples%n",
        validator == null ? "" : " (lock validator: " + validator + ")",
        tests, total, failed, errors, interesting, outcomes, samples, forbiddenSamples);
    if (forbiddenSamples != 0) {
      failed++;
    }
    if (validator != null && !everyVmHas(report, "-Dctxlock.validate=" + validator)) {
      original.println(
          "ctxlock jcstress: a test VM ran without -Dctxlock.validate=" + validator
              + " (see the JVM args of each test above)");
      failed++;
    }
    List<String> reports = validatorReports(report);
    if (!reports.isEmpty()) {
      original.printf("ctxlock jcstress: %d lock validator report(s):%n", reports.size());
      for (String r : reports) {
        original.println("  " + r);
      }
      failed++;
    }
    if (!report.contains("RUN RESULTS:")) {
      original.println("ctxlock jcstress: no run results (jcstress did not run)");
      System.exit(1);
    }
    if (jcstressFailure != null) {
      String message = String.valueOf(jcstressFailure.getMessage()).trim();
      original.println("ctxlock jcstress: " + message);
      errors = Math.max(errors, 1);
    }
    if (failed != 0 || errors != 0 || total == 0) {
      original.println("ctxlock jcstress: FAILED (see the report above and jcstress-results/)");
      System.exit(1);
    }
    System.exit(0);
  }

  /**
   * The lock validator's mode in the test VMs, from a {@code -Dctxlock.validate=} among the
   * arguments (of {@code -jvmArgs} or {@code -jvmArgsPrepend}), or null.
   */
  static String validatorMode(String[] args) {
    Matcher m = Pattern.compile("-Dctxlock\\.validate=(\\S*)").matcher(String.join(" ", args));
    String mode = null;
    while (m.find()) {
      mode = m.group(1); // the last one wins, as on a java command line
    }
    return mode;
  }

  /**
   * Whether every test result's "JVM args: [...]" line (printed with {@code -v}) has {@code arg},
   * and there is at least one.
   */
  static boolean everyVmHas(String report, String arg) {
    Matcher m = Pattern.compile("(?m)^\\s*JVM args: \\[(.*)\\]\\s*$").matcher(report);
    int vms = 0;
    while (m.find()) {
      vms++;
      if (!Arrays.asList(m.group(1).split(", ")).contains(arg)) {
        return false;
      }
    }
    return vms > 0;
  }

  /**
   * The distinct lock validator reports in a jcstress report: the text after each {@code
   * LockValidationException: } to the end of its line, in order of first appearance.
   */
  static List<String> validatorReports(String report) {
    Matcher m = Pattern.compile("LockValidationException: ([^\\r\\n]*)").matcher(report);
    Set<String> found = new LinkedHashSet<>();
    while (m.find()) {
      found.add(m.group(1).trim());
    }
    return new ArrayList<>(found);
  }

  /** The count after "name:", or 0 for "No matches.". */
  private static int section(String report, String name) {
    Matcher m = Pattern.compile(Pattern.quote(name) + ":\\s*(\\d+) matching").matcher(report);
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  /** Writes to two streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }
}
