package dev.ctxlock.jcstress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs jcstress ({@code org.openjdk.jcstress.Main}) with the given arguments and turns its report
 * into an exit code, which jcstress 0.16 does not give: 1 when any test failed (a FORBIDDEN
 * outcome, or an outcome no {@code @Outcome} covers) or errored, or when no test ran; 0 otherwise.
 * Prints a one-line summary with the counts.
 */
public final class CiRun {

  private CiRun() {}

  public static void main(String[] args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(original, copy), true, StandardCharsets.UTF_8));
    try {
      org.openjdk.jcstress.Main.main(args);
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
    original.printf(
        "ctxlock jcstress summary: %d tests (%d in the summary), %d failed,"
            + " %d errors, %d interesting; %d distinct outcomes observed over %,d samples,"
            + " %d forbidden samples%n",
        tests, total, failed, errors, interesting, outcomes, samples, forbiddenSamples);
    if (forbiddenSamples != 0) {
      failed++;
    }
    if (!report.contains("RUN RESULTS:")) {
      original.println("ctxlock jcstress: no run results (jcstress did not run)");
      System.exit(1);
    }
    if (failed != 0 || errors != 0 || total == 0) {
      original.println("ctxlock jcstress: FAILED (see the report above and jcstress-results/)");
      System.exit(1);
    }
    System.exit(0);
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
