package dev.ctxlock.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the processor adds to a build: javac wall time over {@code count} backends, in five
 * configurations, each in a fresh javac process (median of {@code runs}):
 *
 * <ol>
 *   <li><b>annotated</b>: {@code count} backends annotated with {@code @WithContext}, processor on
 *       the path: it validates them and writes {@code count} lock classes and {@code count}
 *       witness classes;
 *   <li><b>hand-written</b>: the same backends without the annotation, plus the very sources the
 *       processor generated, checked in by hand; no processor ({@code -proc:none});
 *   <li><b>idle processor</b>: the hand-written configuration with the processor on the path and
 *       nothing annotated;
 *   <li><b>no-op processor</b>: the hand-written configuration with {@link NoopProcessor}, which
 *       does nothing: what javac itself charges for running annotation processing at all;
 *   <li><b>replay</b>: the annotated backends with {@link ReplayProcessor}, which writes the files
 *       of (2) through the Filer with no work of its own: javac's price for any processor that
 *       generates them.
 * </ol>
 *
 * <p>(1) minus (2) is the processor's cost per annotated element, javac's extra round over the
 * generated files included; (3) minus (4) is ctxlock's own cost when it has nothing to do, and
 * (4) minus (2) javac's. (1) minus (5) is ctxlock's own share of (1) minus (2), and (5) minus (2)
 * javac's. Wall times on this machine vary by a few seconds from run to run, so the annotated and
 * replay builds also run under {@link TimingProcessor}, which reports the time spent inside the
 * processor: ctxlock's minus the replay's is ctxlock's own work, without that noise. The reference point: AutoValue 1.11 adds about 10 ms of javac wall time per
 * annotated class on this machine kind.
 *
 * <pre>
 * java -cp benchmarks/target/ctxlock-benchmarks.jar dev.ctxlock.benchmarks.ProcessorCost [count] [runs]
 * </pre>
 */
public final class ProcessorCost {

  private ProcessorCost() {}

  /** Runs the three configurations; arguments: backends (default 1000), runs (default 5). */
  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path jar = Paths.get(ProcessorCost.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path javac = Paths.get(System.getProperty("java.home"), "bin", "javac");
    Path root = Files.createTempDirectory("ctxlock-processor-cost");

    Path annotated = root.resolve("annotated");
    Path handwritten = root.resolve("handwritten");
    for (int i = 0; i < count; i++) {
      String name = String.format("B%04dBackend", i);
      write(annotated, name, backend(name, true));
      write(handwritten, name, backend(name, false));
    }
    // One annotated build, kept, gives the hand-written configuration its "checked-in" sources.
    Path generated = root.resolve("generated");
    Files.createDirectories(generated);
    long first = javac(javac, jar, annotated, root.resolve("out0"), generated, CTXLOCK).wallMs();
    List<Path> gen = list(generated);
    if (gen.size() != 2 * count) {
      throw new IllegalStateException("expected " + 2 * count + " generated files, got " + gen.size());
    }
    for (Path g : gen) {
      Path target = handwritten.resolve(generated.relativize(g));
      Files.createDirectories(target.getParent());
      Files.copy(g, target);
    }
    System.out.printf("%d backends; javac %s; %d runs each (first annotated build: %d ms)%n",
        count, System.getProperty("java.version"), runs, first);

    long[] a = new long[runs];
    long[] h = new long[runs];
    long[] idle = new long[runs];
    long[] noop = new long[runs];
    long[] replay = new long[runs];
    long[] inA = new long[runs]; // time inside the processor's init and process calls
    long[] inR = new long[runs];
    for (int r = 0; r < runs; r++) { // interleaved, so drift in machine load hits all four
      Run annotatedRun = javac(javac, jar, annotated, root.resolve("outA"), root.resolve("genA"),
          TIMING, "-A" + TimingProcessor.OPTION + "=" + CTXLOCK);
      a[r] = annotatedRun.wallMs();
      inA[r] = annotatedRun.processorMs();
      h[r] = javac(javac, jar, handwritten, root.resolve("outH"), root.resolve("genH"), null)
          .wallMs();
      idle[r] = javac(javac, jar, handwritten, root.resolve("outI"), root.resolve("genI"), CTXLOCK)
          .wallMs();
      noop[r] = javac(javac, jar, handwritten, root.resolve("outN"), root.resolve("genN"), NOOP)
          .wallMs();
      Run replayRun = javac(javac, jar, annotated, root.resolve("outR"), root.resolve("genR"),
          TIMING, "-A" + TimingProcessor.OPTION + "=" + REPLAY,
          "-A" + ReplayProcessor.OPTION + "=" + generated);
      replay[r] = replayRun.wallMs();
      inR[r] = replayRun.processorMs();
    }
    long ma = median(a);
    long mh = median(h);
    long mi = median(idle);
    long mn = median(noop);
    long mr = median(replay);
    long mia = median(inA);
    long mir = median(inR);
    System.out.printf("%-44s %8s%n", "configuration", "median ms");
    System.out.printf("%-44s %8d%n", "annotated, processor generates", ma);
    System.out.printf("%-44s %8d%n", "hand-written lock classes, -proc:none", mh);
    System.out.printf("%-44s %8d%n", "hand-written, processor idle on the path", mi);
    System.out.printf("%-44s %8d%n", "hand-written, a no-op processor", mn);
    System.out.printf("%-44s %8d%n", "annotated, a processor replays the files", mr);
    System.out.printf("processor cost: %d ms for %d annotated backends = %.2f ms per element%n",
        ma - mh, count, (ma - mh) / (double) count);
    System.out.printf(
        "of which javac's for any processor generating these files %d ms (%.2f ms per element),"
            + " ctxlock's own %d ms (%.2f ms per element)%n",
        mr - mh, (mr - mh) / (double) count, ma - mr, (ma - mr) / (double) count);
    System.out.printf(
        "inside the processor (init and process, Filer calls included): ctxlock %d ms, replay %d ms;"
            + " ctxlock's own work %d ms (%.2f ms per element)%n",
        mia, mir, mia - mir, (mia - mir) / (double) count);
    System.out.printf(
        "idle processor cost: %d ms, of which javac's own (no-op processor) %d ms, ctxlock's %d ms%n",
        mi - mh, mn - mh, mi - mn);
    System.out.println("all runs (ms): annotated " + Arrays.toString(a) + ", hand-written "
        + Arrays.toString(h) + ", idle " + Arrays.toString(idle) + ", no-op "
        + Arrays.toString(noop) + ", replay " + Arrays.toString(replay)
        + "; inside the processor: ctxlock " + Arrays.toString(inA) + ", replay "
        + Arrays.toString(inR));
  }

  private static String backend(String name, boolean annotate) {
    return "package bench;\n\n"
        + (annotate ? "import dev.ctxlock.annotations.WithContext;\n"
            + "import dev.ctxlock.interrupt.LocalInterruptDisabled;\n" : "")
        + "import dev.ctxlock.sync.Backend;\n"
        + "import dev.ctxlock.sync.SpinLockBackend;\n"
        + "import dev.ctxlock.sync.SpinLockState;\n"
        + "import dev.ctxlock.sync.WaitType;\n"
        + "import dev.ctxlock.sync.Waits;\n\n"
        + "@Waits(WaitType.SPIN)\n"
        + (annotate ? "@WithContext(context = LocalInterruptDisabled.class, contextual = SpinLockBackend.class)\n" : "")
        + "public enum " + name + " implements Backend<SpinLockState> {\n"
        + "  INSTANCE;\n"
        + "  @Override public SpinLockState newState() { return SpinLockBackend.INSTANCE.newState(); }\n"
        + "  @Override public void lock(SpinLockState s) { SpinLockBackend.INSTANCE.lock(s); }\n"
        + "  @Override public boolean tryLock(SpinLockState s) { return SpinLockBackend.INSTANCE.tryLock(s); }\n"
        + "  @Override public void unlock(SpinLockState s) { SpinLockBackend.INSTANCE.unlock(s); }\n"
        + "  @Override public void assertIsHeld(SpinLockState s) { SpinLockBackend.INSTANCE.assertIsHeld(s); }\n"
        + "}\n";
  }

  private static void write(Path dir, String name, String source) throws IOException {
    Path file = dir.resolve("bench").resolve(name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source, StandardCharsets.UTF_8);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
    }
  }

  private static final String CTXLOCK = "dev.ctxlock.processor.WithContextProcessor";
  private static final String NOOP = NoopProcessor.class.getName();
  private static final String REPLAY = ReplayProcessor.class.getName();
  private static final String TIMING = TimingProcessor.class.getName();

  /** One javac run: its wall time, and the time TimingProcessor reported (-1 without it). */
  private record Run(long wallMs, long processorMs) {}

  /**
   * Compiles every source under {@code src} in a fresh javac, with {@code processor} (or none)
   * and {@code extra} options; returns its wall time and what TimingProcessor reported.
   */
  private static Run javac(
      Path javac, Path jar, Path src, Path out, Path gen, String processor, String... extra)
      throws IOException, InterruptedException {
    deleteTree(out);
    deleteTree(gen);
    Files.createDirectories(out);
    Files.createDirectories(gen);
    Path argfile = src.resolveSibling(src.getFileName() + ".sources");
    Files.write(argfile, list(src).stream().map(Path::toString).collect(Collectors.toList()));
    List<String> cmd = new ArrayList<>(List.of(javac.toString(), "--release", "17",
        "-implicit:none", "-cp", jar.toString(), "-d", out.toString(), "-s", gen.toString()));
    if (processor != null) {
      cmd.addAll(List.of("-processorpath", jar.toString(), "-processor", processor));
    } else {
      cmd.add("-proc:none");
    }
    cmd.addAll(List.of(extra));
    cmd.add("@" + argfile);
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (exit != 0) {
      throw new IllegalStateException("javac failed (" + exit + "):\n" + output);
    }
    long processorMs = -1;
    for (String line : output.split("\\R")) {
      if (line.startsWith(TimingProcessor.PREFIX)) {
        processorMs = Long.parseLong(line.substring(TimingProcessor.PREFIX.length()).split(" ")[0]);
      }
    }
    return new Run(ms, processorMs);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((x, y) -> y.getNameCount() - x.getNameCount()).collect(Collectors.toList())) {
        Files.delete(p);
      }
    }
  }

  private static long median(long[] xs) {
    long[] c = xs.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
