package dev.ctxlock.processor.robustness;

import static dev.ctxlock.processor.Fixtures.PACKAGE;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.concat;
import static dev.ctxlock.processor.Fixtures.describe;
import static dev.ctxlock.processor.Fixtures.flagMethods;
import static dev.ctxlock.processor.Fixtures.isProcessorFailure;
import static dev.ctxlock.processor.Fixtures.source;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Randomized annotated sources, seeded deterministically: the processor never throws, never
 * reports that it crashed, and every failed compile carries at least one error on a real line
 * (only an invalid processor option may fail with no line). The seed is printed; rerun one with
 * {@code -Dctxlock.fuzz.seed=N -Dctxlock.fuzz.cases=M}. The cases live in package {@code fz} and
 * import {@link dev.ctxlock.processor.Fixtures}' shared sources. A backend declares its wait type
 * with {@code @Waits} or not, and that declaration may itself be broken.
 */
class ProcessorFuzzTest {

  private static final String WC = "@dev.ctxlock.annotations.WithContext";
  private static final String[] CONTEXTS = {
    "IrqOff", "PreemptOff", "IrqOff", "Object", "Runnable", "int", "void", "IrqOff[]", "Deprecated",
    "Missing", "Permit", "java.io.Serializable", "fz.Inner.Ctx", "String"
  };
  private static final String[] CONTEXTUALS = {
    "CheapBackend", "CheapBackend", "CheapBackend", "StringBackend", "SELF", "String", "int",
    "Missing", "Ops", "Runnable", "CheapBackend[]", "fz.Inner.Cb"
  };
  private static final String[] STYLES = {
    "", "", ", style = dev.ctxlock.annotations.Style.DEFAULT",
    ", style = dev.ctxlock.annotations.Style.INHERENT",
    ", style = dev.ctxlock.annotations.Style.GENERIC"
  };
  private static final String[] STATES = {
    "AtomicBoolean", "AtomicBoolean", "AtomicBoolean", "String", "java.util.List<String>",
    "java.util.List<?>", "T", "RAW", "Missing"
  };
  private static final String[] KINDS = {
    "enum", "enum", "final class", "final class", "record", "interface", "abstract class", "class"
  };
  private static final String[] NAMES = {"FzBackend", "Fz", "FzLockBackend", "Backend", "Fz2Backend"};
  private static final String[] OPTIONS = {"inherent", "generic", "GENERIC", "sideways", ""};
  private static final String SPIN = "@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType.SPIN)";
  private static final String SLEEP = "@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType.SLEEP)";
  /**
   * What the backend declares of its wait type: mostly a valid {@code @Waits} or nothing, at times
   * a broken one. ({@code fz.Inner.Cb}, a contextual backend, declares none.)
   */
  private static final String[] WAITS = {
    SPIN, SPIN, SPIN, SPIN, SPIN, SLEEP, SLEEP, SLEEP, "", "", "", "",
    "@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType.NAP)",
    "@dev.ctxlock.sync.Waits",
    "@dev.ctxlock.sync.Waits(value = null)",
    "@Waits(SPIN)"
  };

  @Test
  // Hundreds of compilations: about 30 s alone on JDK 17, several times that on a busy machine.
  @Timeout(value = 10, unit = TimeUnit.MINUTES)
  void processorNeverCrashesAndFailuresAreLocated() {
    long seed = Long.getLong("ctxlock.fuzz.seed", 20_261_127L);
    int cases = Integer.getInteger("ctxlock.fuzz.cases", 300);
    System.out.println("ProcessorFuzzTest: seed " + seed + ", " + cases + " cases");
    int compiled = 0;
    int failed = 0;
    int warned = 0;
    for (int i = 0; i < cases; i++) {
      SplittableRandom r = new SplittableRandom(seed + i);
      List<String> options = new ArrayList<>();
      boolean badOption = false;
      if (r.nextInt(8) == 0) {
        String o = OPTIONS[r.nextInt(OPTIONS.length)];
        options.add("-Actxlock.style=" + o);
        badOption = !o.equalsIgnoreCase("inherent") && !o.equalsIgnoreCase("generic");
      }
      String[] lines = generate(r);
      JavaFileObject main = source("fz.Case", lines);
      Compilation compilation;
      try {
        compilation = compile(options, main, INNER);
      } catch (RuntimeException e) {
        throw new AssertionError(
            "case " + i + " (seed " + (seed + i) + "): the processor threw\n" + show(lines), e);
      }
      boolean located = false;
      for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
        if (isProcessorFailure(d)) {
          fail("case " + i + " (seed " + (seed + i) + "): " + d.getMessage(Locale.ROOT) + "\n"
              + show(lines));
        }
        if (d.getKind() == Diagnostic.Kind.ERROR && d.getLineNumber() > 0) {
          located = true;
        }
      }
      if (compilation.status() == Compilation.Status.FAILURE) {
        failed++;
        if (!located && !badOption) {
          fail("case " + i + " (seed " + (seed + i) + "): failed without an error on a real line:\n"
              + describe(compilation) + "\n" + show(lines));
        }
      } else {
        compiled++;
        if (!compilation.warnings().isEmpty()) {
          warned++;
        }
      }
    }
    System.out.printf(
        "ProcessorFuzzTest: %d fuzz cases (seed %d): %d compiled (%d with warnings), %d rejected,"
            + " 0 processor crashes, every rejection located%n",
        cases, seed, compiled, warned, failed);
  }

  /** Types in another file that some generated annotations name. */
  private static final JavaFileObject INNER =
      source(
          "fz.Inner",
          concat(
              new String[] {
                "package fz;",
                "import java.util.concurrent.atomic.AtomicBoolean;",
                "public final class Inner {",
                "  static final class Ctx extends dev.ctxlock.sync.ContextToken {",
                "    @Override protected void release() {}",
                "  }",
                "  public enum Cb implements dev.ctxlock.sync.Backend<AtomicBoolean> {",
                "    INSTANCE;"
              },
              flagMethods(),
              new String[] {"  }", "}"}));

  private static String[] generate(SplittableRandom r) {
    String name = NAMES[r.nextInt(NAMES.length)];
    String kind = KINDS[r.nextInt(KINDS.length)];
    String state = STATES[r.nextInt(STATES.length)];
    int nesting = r.nextInt(6); // 0-2 top level, 3 static nested, 4 inner, 5 private nested
    List<String> out = new ArrayList<>();
    out.add("package fz;");
    out.add("import java.util.concurrent.atomic.AtomicBoolean;");
    out.add("import " + PACKAGE + ".*;");
    if (nesting >= 3) {
      out.add("public final class Case {");
    }
    int annotations = r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(3);
    boolean asList = annotations > 1 && r.nextBoolean();
    List<String> each = new ArrayList<>();
    for (int a = 0; a < annotations; a++) {
      String ctx = CONTEXTS[r.nextInt(CONTEXTS.length)];
      String cb = CONTEXTUALS[r.nextInt(CONTEXTUALS.length)];
      if (cb.equals("SELF")) {
        cb = name;
      }
      each.add(WC + "(context = " + ctx + ".class, contextual = " + cb + ".class"
          + STYLES[r.nextInt(STYLES.length)] + ")");
    }
    if (r.nextInt(6) == 0) {
      out.add("@SuppressWarnings(\"ctxlock\")");
    }
    if (asList) {
      out.add("@dev.ctxlock.annotations.WithContext.List({");
      out.add(String.join(",\n", each));
      out.add("})");
    } else {
      for (String a : each) {
        out.add(r.nextBoolean() ? a : a.replace(", contextual", ",\n    contextual"));
      }
    }
    String modifiers =
        nesting < 3 ? "public " : nesting == 3 ? "public static " : nesting == 4 ? "public " : "private static ";
    if (kind.equals("enum") || kind.equals("record") || kind.equals("interface")) {
      modifiers = modifiers.replace("static ", "");
    }
    String typeParams = state.equals("T") ? "<T>" : "";
    String backendType =
        state.equals("RAW") ? "dev.ctxlock.sync.Backend" : "dev.ctxlock.sync.Backend<" + state + ">";
    boolean viaOps = kind.contains("class") && !state.equals("RAW") && r.nextInt(3) == 0;
    String header;
    if (kind.equals("interface")) {
      header = modifiers + "interface " + name + typeParams + " extends " + backendType + " {";
    } else if (kind.equals("record")) {
      header = modifiers + "record " + name + typeParams + "() implements " + backendType + " {";
    } else if (kind.equals("enum")) {
      header = modifiers + "enum " + name + " implements " + backendType.replace("<T>", "<Object>") + " {";
      state = state.equals("T") ? "Object" : state;
    } else if (viaOps) {
      header = modifiers + kind + " " + name + typeParams + " extends Ops<" + state + "> {";
    } else {
      header = modifiers + kind + " " + name + typeParams + " implements " + backendType + " {";
    }
    out.add(header);
    if (kind.equals("enum")) {
      out.add(r.nextInt(8) == 0 ? "  ;" : "  INSTANCE;");
    } else if (!kind.equals("interface")) {
      int inst = r.nextInt(6);
      String self = name + (typeParams.isEmpty() ? "" : "<Object>");
      String init = kind.contains("abstract") || kind.equals("interface") ? "null" : "new " + self + "()";
      if (inst < 3) {
        out.add("  public static final " + self + " INSTANCE = " + init + ";");
      } else if (inst == 3) {
        out.add("  public static " + self + " INSTANCE = " + init + ";");
      } else if (inst == 4) {
        out.add("  public static final Object INSTANCE = " + init + ";");
      }
    }
    if (!kind.equals("interface")) {
      String s = state.equals("RAW") ? "Object" : state;
      String pre = kind.equals("record") || kind.equals("enum") || !viaOps ? "" : "";
      out.add(pre + "  public " + s + " newState() { return null; }");
      if (!viaOps) {
        out.add("  public void lock(" + s + " s) {}");
        out.add("  public boolean tryLock(" + s + " s) { return true; }");
        out.add("  public void unlock(" + s + " s) {}");
        out.add("  public void assertIsHeld(" + s + " s) {}");
      }
    }
    out.add("}");
    if (nesting >= 3) {
      out.add("}");
    }
    // Drawn last, so that the cases above stay those of earlier versions of this test.
    String waits = WAITS[r.nextInt(WAITS.length)];
    if (!waits.isEmpty()) {
      out.add(out.indexOf(header), waits);
    }
    if (nesting < 3 && !name.equals("Case")) {
      // the file is fz/Case.java: a public top-level type must be named Case
      out.replaceAll(l -> l.equals(header) ? header.replaceFirst("^public ", "") : l);
    }
    return String.join("\n", out).split("\n", -1);
  }

  private static String show(String[] lines) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < lines.length; i++) {
      b.append(String.format("%3d  %s%n", i + 1, lines[i]));
    }
    return b.toString();
  }
}
