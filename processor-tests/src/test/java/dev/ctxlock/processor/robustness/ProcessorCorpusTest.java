package dev.ctxlock.processor.robustness;

import static dev.ctxlock.processor.Fixtures.PACKAGE;
import static dev.ctxlock.processor.Fixtures.WAITS_SPIN;
import static dev.ctxlock.processor.Fixtures.compile;
import static dev.ctxlock.processor.Fixtures.concat;
import static dev.ctxlock.processor.Fixtures.describe;
import static dev.ctxlock.processor.Fixtures.flagEnumLines;
import static dev.ctxlock.processor.Fixtures.flagMethods;
import static dev.ctxlock.processor.Fixtures.isProcessorFailure;
import static dev.ctxlock.processor.Fixtures.source;
import static dev.ctxlock.processor.Fixtures.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of bad and odd sources. Each case names what must happen: it compiles (optionally with
 * a warning), or it fails with a diagnostic of a given kind, on a given line of the case's main
 * file, containing a message fragment. In every case no diagnostic may say the processor itself
 * crashed. The cases live in the package of {@link dev.ctxlock.processor.Fixtures}' shared sources
 * and name them unqualified ({@code IrqOff}, {@code PreemptOff}, {@code CheapBackend}, {@code
 * StringBackend}, {@code Ops}, {@code Permit}). The backends of the cases that compile declare
 * their wait type ({@code @Waits}, on the line of their {@code @WithContext}), but for the cases
 * about the wait-type warning.
 */
class ProcessorCorpusTest {

  private static final String WC = "@dev.ctxlock.annotations.WithContext";
  private static final String A = WC + "(context = IrqOff.class, contextual = CheapBackend.class)";
  /** {@code @Waits(WaitType.SPIN)} and {@link #A}, on one line. */
  private static final String WA = WAITS_SPIN + " " + A;
  private static final String HEAD = "package " + PACKAGE + ";";
  private static final String IMPORT = "import java.util.concurrent.atomic.AtomicBoolean;";
  private static final String FLAG = "dev.ctxlock.sync.Backend<AtomicBoolean>";

  /** What a case expects. kind null: compiles with no error. line 0: no line (global). */
  record Case(
      String name,
      Diagnostic.Kind kind,
      long line,
      String fragment,
      List<String> options,
      JavaFileObject main,
      JavaFileObject... extra) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static int ran;

  static Case ok(String name, String qualified, String... lines) {
    return new Case(name, null, -1, null, List.of(), source(qualified, lines));
  }

  static Case warns(String name, long line, String fragment, String qualified, String... lines) {
    return new Case(
        name, Diagnostic.Kind.WARNING, line, fragment, List.of(), source(qualified, lines));
  }

  static Case err(String name, long line, String fragment, String qualified, String... lines) {
    return new Case(
        name, Diagnostic.Kind.ERROR, line, fragment, List.of(), source(qualified, lines));
  }

  static Case with(Case c, JavaFileObject... extra) {
    return new Case(c.name(), c.kind(), c.line(), c.fragment(), c.options(), c.main(), extra);
  }

  /**
   * A flag backend enum named {@code name} declaring {@code @Waits(WaitType.SPIN)}, with {@code
   * annotation} on line 3, enum on line 4.
   */
  static String[] flagEnum(String annotation, String name) {
    return flagEnumLines(PACKAGE, WAITS_SPIN + " " + annotation, name);
  }

  /** A class in another package with protected nested context and contextual types. */
  static final JavaFileObject BASE =
      source("other.Base", concat(new String[] {"package other;", IMPORT,
          "public class Base {",
          "  protected static final class Ctx extends dev.ctxlock.sync.ContextToken {",
          "    private Ctx() {}", "    @Override protected void release() {}", "  }",
          "  protected enum Cb implements dev.ctxlock.sync.Backend<AtomicBoolean> {", "    INSTANCE;"},
          flagMethods(), new String[] {"  }", "}"}));

  static Stream<Case> corpus() {
    List<Case> c = new ArrayList<>();
    // ---- well-formed and odd-but-valid backends
    c.add(ok("valid enum", "test.GoodBackend", flagEnum(A, "GoodBackend")));
    c.add(ok("valid final class", "test.FinalBackend", concat(
        new String[] {HEAD, IMPORT, WA, "public final class FinalBackend implements " + FLAG + " {",
            "  public static final FinalBackend INSTANCE = new FinalBackend();"},
        flagMethods(), new String[] {"}"})));
    c.add(ok("valid record", "test.RecBackend", concat(
        new String[] {HEAD, IMPORT, WA, "public record RecBackend() implements " + FLAG + " {",
            "  public static final RecBackend INSTANCE = new RecBackend();"},
        flagMethods(), new String[] {"}"})));
    c.add(ok("state type through a generic superclass", "test.SubBackend",
        HEAD, IMPORT, WA, "public final class SubBackend extends Ops<AtomicBoolean> {",
        "  public static final SubBackend INSTANCE = new SubBackend();",
        "  @Override public AtomicBoolean newState() { return new AtomicBoolean(); }", "}"));
    c.add(with(ok("Backend through a sub-interface", "test.ViaIfaceBackend", concat(
        new String[] {HEAD, IMPORT, WA, "public enum ViaIfaceBackend implements FlagApi {", "  INSTANCE;"},
        flagMethods(), new String[] {"}"})),
        source("test.FlagApi", HEAD, IMPORT,
            "public interface FlagApi extends dev.ctxlock.sync.Backend<AtomicBoolean> {}")));
    c.add(ok("static nested backend", "test.Holder",
        concat(new String[] {HEAD, IMPORT, "public final class Holder {", WA,
            "  public enum NestedBackend implements " + FLAG + " {", "  INSTANCE;"},
            flagMethods(), new String[] {"  }", "}"})));
    c.add(ok("a backend named just Backend", "test.Backend", flagEnum(A, "Backend")));
    c.add(ok("package-private top-level backend", "test.PkgBackend", concat(
        new String[] {HEAD, IMPORT, WA, "enum PkgBackend implements " + FLAG + " {", "  INSTANCE;"},
        flagMethods(), new String[] {"}"})));
    c.add(err("backend in a local class is reported", 5, "[ctxlock:InaccessibleBackend] @WithContext on"
        + " LocalBackend (local to test.LocalHost)", "test.LocalHost",
        concat(new String[] {HEAD, IMPORT, "public final class LocalHost {", "  void m() {", A,
            "    final class LocalBackend implements " + FLAG + " {"},
            flagMethods(), new String[] {"    }", "  }", "}"})));
    c.add(ok("parameterized state type", "test.ListBackend",
        HEAD, "import java.util.List;", WAITS_SPIN + " " + WC + "(context = IrqOff.class, contextual = ListCheap.class)",
        "public enum ListBackend implements dev.ctxlock.sync.Backend<List<String>> {", "  INSTANCE;",
        "  @Override public List<String> newState() { return new java.util.ArrayList<>(); }",
        "  @Override public void lock(List<String> s) {}",
        "  @Override public boolean tryLock(List<String> s) { return true; }",
        "  @Override public void unlock(List<String> s) {}",
        "  @Override public void assertIsHeld(List<String> s) {}", "}",
        WAITS_SPIN + " enum ListCheap implements dev.ctxlock.sync.Backend<List<String>> {", "  INSTANCE;",
        "  @Override public List<String> newState() { return new java.util.ArrayList<>(); }",
        "  @Override public void lock(List<String> s) {}",
        "  @Override public boolean tryLock(List<String> s) { return true; }",
        "  @Override public void unlock(List<String> s) {}",
        "  @Override public void assertIsHeld(List<String> s) {}", "}"));
    c.add(ok("wildcard-parameterized state type", "test.WildBackend",
        HEAD, "import java.util.List;", WAITS_SPIN + " " + WC + "(context = IrqOff.class, contextual = WildCheap.class)",
        "public enum WildBackend implements dev.ctxlock.sync.Backend<List<?>> {", "  INSTANCE;",
        "  @Override public List<?> newState() { return new java.util.ArrayList<>(); }",
        "  @Override public void lock(List<?> s) {}",
        "  @Override public boolean tryLock(List<?> s) { return true; }",
        "  @Override public void unlock(List<?> s) {}",
        "  @Override public void assertIsHeld(List<?> s) {}", "}",
        WAITS_SPIN + " enum WildCheap implements dev.ctxlock.sync.Backend<List<?>> {", "  INSTANCE;",
        "  @Override public List<?> newState() { return new java.util.ArrayList<>(); }",
        "  @Override public void lock(List<?> s) {}",
        "  @Override public boolean tryLock(List<?> s) { return true; }",
        "  @Override public void unlock(List<?> s) {}",
        "  @Override public void assertIsHeld(List<?> s) {}", "}"));
    c.add(err("wildcard state vs parameterized state", 3, "has state type",
        "test.WildVsListBackend",
        HEAD, "import java.util.List;", WC + "(context = IrqOff.class, contextual = ListOfStr.class)",
        "public enum WildVsListBackend implements dev.ctxlock.sync.Backend<List<?>> {", "  INSTANCE;",
        "  @Override public List<?> newState() { return new java.util.ArrayList<>(); }",
        "  @Override public void lock(List<?> s) {}",
        "  @Override public boolean tryLock(List<?> s) { return true; }",
        "  @Override public void unlock(List<?> s) {}",
        "  @Override public void assertIsHeld(List<?> s) {}", "}",
        "enum ListOfStr implements dev.ctxlock.sync.Backend<List<String>> {", "  INSTANCE;",
        "  @Override public List<String> newState() { return new java.util.ArrayList<>(); }",
        "  @Override public void lock(List<String> s) {}",
        "  @Override public boolean tryLock(List<String> s) { return true; }",
        "  @Override public void unlock(List<String> s) {}",
        "  @Override public void assertIsHeld(List<String> s) {}", "}"));
    c.add(ok("generic context type", "test.PermitUserBackend",
        flagEnum(WC + "(context = Permit.class, contextual = CheapBackend.class)", "PermitUserBackend")));
    c.add(warns("suppressed warnings stay silent? no: a forgeable context warns", 3,
        "can be obtained by code outside its package",
        "test.ForgeBackend", flagEnum(WC + "(context = Object.class, contextual = CheapBackend.class)",
            "ForgeBackend")));
    c.add(warns("context not a ContextToken", 3, "does not extend dev.ctxlock.sync.ContextToken",
        "test.PlainCtxBackend", flagEnum(WC + "(context = Object.class, contextual = CheapBackend.class)",
            "PlainCtxBackend")));
    c.add(with(warns("two interface contexts are ambiguous", 4, "so some class could be both",
        "test.AmbBackend", flagEnum(WC + "(context = I1.class, contextual = CheapBackend.class) "
            + WC + "(context = I2.class, contextual = CheapBackend.class)", "AmbBackend")),
        source("test.I1", HEAD, "public sealed interface I1 permits I12 {}"),
        source("test.I2", HEAD, "public sealed interface I2 permits I12 {}"),
        source("test.I12", HEAD, "final class I12 implements I1, I2 { private I12() {} }")));
    c.add(ok("@SuppressWarnings(\"ctxlock\") silences the warnings", "test.QuietBackend",
        flagEnum("@SuppressWarnings(\"ctxlock\") " + WC
            + "(context = Object.class, contextual = CheapBackend.class)", "QuietBackend")));
    c.add(with(ok("a backend and its contextual that sleep", "test.SleepyBackend",
        flagEnumLines(PACKAGE, "@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType.SLEEP) "
            + WC + "(context = IrqOff.class, contextual = SleepyCheap.class)", "SleepyBackend")),
        source("test.SleepyCheap", flagEnumLines(PACKAGE,
            "@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType.SLEEP)", "SleepyCheap"))));

    // ---- backends that do not declare their wait type: a warning on the class, or javac's error
    c.add(warns("a backend without @Waits warns on its class", 4,
        "[ctxlock:BackendWaitTypeUnknown] @WithContext on test.NoWaitsBackend: backend"
            + " test.NoWaitsBackend does not declare its wait type",
        "test.NoWaitsBackend", flagEnumLines(PACKAGE, A, "NoWaitsBackend")));
    c.add(with(warns("a contextual backend without @Waits warns on its own class", 4,
        "contextual backend test.NoWaitsCheap does not declare its wait type",
        "test.NamesNoWaitsBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = NoWaitsCheap.class)", "NamesNoWaitsBackend")),
        source("test.NoWaitsCheap", flagEnumLines(PACKAGE, "", "NoWaitsCheap"))));
    c.add(warns("a nested backend without @Waits warns on its class", 5,
        "backend test.NoWaitsHolder.NestedBackend does not declare its wait type", "test.NoWaitsHolder",
        concat(new String[] {HEAD, IMPORT, "public final class NoWaitsHolder {", A,
            "  public enum NestedBackend implements " + FLAG + " {", "  INSTANCE;"},
            flagMethods(), new String[] {"  }", "}"})));
    c.add(ok("@SuppressWarnings(\"ctxlock\") silences the wait-type warning", "test.QuietNoWaitsBackend",
        flagEnumLines(PACKAGE, "@SuppressWarnings(\"ctxlock\") " + A, "QuietNoWaitsBackend")));
    // (A missing constant, WaitType.NAP, is "cannot find symbol" for javac 17 but "an enum
    // annotation value must be an enum constant" for javac 25: the fuzzer has it.)
    c.add(err("@Waits with an unresolvable wait type", 3, "cannot find symbol", "test.PaceBackend",
        flagEnumLines(PACKAGE, "@dev.ctxlock.sync.Waits(Pace.SPIN) " + A, "PaceBackend")));
    c.add(err("@Waits without its value", 3, "missing", "test.BareWaitsBackend",
        flagEnumLines(PACKAGE, "@dev.ctxlock.sync.Waits " + A, "BareWaitsBackend")));
    c.add(err("@Waits twice", 3, "repeatable", "test.TwiceWaitsBackend",
        flagEnum("@dev.ctxlock.sync.Waits(dev.ctxlock.sync.WaitType.SLEEP) " + A, "TwiceWaitsBackend")));
    c.add(err("@Waits of an unresolvable annotation type", 3, "cannot find symbol",
        "test.MisspeltWaitsBackend",
        flagEnumLines(PACKAGE, "@dev.ctxlock.sync.Wait(dev.ctxlock.sync.WaitType.SPIN) " + A,
            "MisspeltWaitsBackend")));

    // ---- rejections of the annotated type
    c.add(err("interface", 3, "the annotated type is an interface", "test.IfaceBackend",
        HEAD, IMPORT, A, "public interface IfaceBackend extends " + FLAG + " {}"));
    c.add(err("abstract class", 3, "the annotated type is an abstract class", "test.AbsBackend",
        HEAD, IMPORT, A, "public abstract class AbsBackend extends Ops<AtomicBoolean> {}"));
    c.add(err("annotation type", 3, "must be a concrete class, enum or record",
        "test.AnnBackend", HEAD, IMPORT, A, "public @interface AnnBackend {}"));
    c.add(err("not a Backend", 3, "does not implement dev.ctxlock.sync.Backend<S>", "test.NotBackend",
        HEAD, IMPORT, A, "public enum NotBackend { INSTANCE }"));
    c.add(err("raw Backend", 4, "implements the raw type dev.ctxlock.sync.Backend", "test.RawBackend",
        HEAD, "@SuppressWarnings(\"rawtypes\")", "",  A,
        "public enum RawBackend implements dev.ctxlock.sync.Backend {", "  INSTANCE;",
        "  @Override public Object newState() { return new Object(); }",
        "  @Override public void lock(Object s) {}",
        "  @Override public boolean tryLock(Object s) { return true; }",
        "  @Override public void unlock(Object s) {}",
        "  @Override public void assertIsHeld(Object s) {}", "}"));
    c.add(err("raw generic superclass", 4, "raw", "test.RawSubBackend",
        HEAD, "@SuppressWarnings(\"rawtypes\")", "", A,
        "public final class RawSubBackend extends Ops {",
        "  public static final RawSubBackend INSTANCE = new RawSubBackend();",
        "  @Override public Object newState() { return new Object(); }", "}"));
    c.add(err("generic backend (state is a type variable)", 3, "must not be generic",
        "test.GenBackend", HEAD, IMPORT, A,
        "public final class GenBackend<T> extends Ops<T> {",
        "  @SuppressWarnings(\"rawtypes\") public static final GenBackend INSTANCE = new GenBackend();",
        "  @Override public T newState() { return null; }", "}"));
    c.add(err("generic record", 3, "must not be generic", "test.GenRec",
        concat(new String[] {HEAD, IMPORT, A, "public record GenRec<T>(T t) implements " + FLAG + " {",
            "  public static final GenRec<String> INSTANCE = new GenRec<>(\"\");"},
            flagMethods(), new String[] {"}"})));
    c.add(err("non-static inner class", 4, "non-static inner class", "test.Outer",
        concat(new String[] {HEAD, IMPORT, "public final class Outer {", A,
            "  public final class InnerBackend implements " + FLAG + " {"},
            flagMethods(), new String[] {"  }", "}"})));
    c.add(err("private nested backend", 4, "must be accessible from its package", "test.Priv",
        concat(new String[] {HEAD, IMPORT, "public final class Priv {", A,
            "  private enum PrivBackend implements " + FLAG + " {", "  INSTANCE;"},
            flagMethods(), new String[] {"  }", "}"})));
    c.add(err("no INSTANCE", 3, "lacks an accessible public static final INSTANCE",
        "test.NoInstBackend", concat(new String[] {HEAD, IMPORT, A,
            "public final class NoInstBackend implements " + FLAG + " {"},
            flagMethods(), new String[] {"}"})));
    c.add(err("INSTANCE not final", 3, "lacks an accessible public static final INSTANCE",
        "test.NfBackend", concat(new String[] {HEAD, IMPORT, A,
            "public final class NfBackend implements " + FLAG + " {",
            "  public static NfBackend INSTANCE = new NfBackend();"},
            flagMethods(), new String[] {"}"})));
    c.add(err("INSTANCE of another type", 3, "lacks an accessible public static final INSTANCE",
        "test.WtBackend", concat(new String[] {HEAD, IMPORT, A,
            "public final class WtBackend implements " + FLAG + " {",
            "  public static final Object INSTANCE = new WtBackend();"},
            flagMethods(), new String[] {"}"})));

    // ---- contextual
    c.add(err("contextual not a Backend", 3, "is not a dev.ctxlock.sync.Backend", "test.CnbBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = String.class)", "CnbBackend")));
    c.add(err("contextual of another state type", 3, "has state type java.lang.String",
        "test.CstBackend", flagEnum(WC + "(context = IrqOff.class, contextual = StringBackend.class)", "CstBackend")));
    c.add(err("contextual is itself", 3, "contextual names the annotated backend itself",
        "test.SelfBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = SelfBackend.class)", "SelfBackend")));
    c.add(with(err("contextual generic", 3, "must not be generic", "test.CgBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = GenCheap.class)", "CgBackend")),
        source("test.GenCheap", HEAD, IMPORT,
            "public final class GenCheap<T> extends Ops<AtomicBoolean> {",
            "  @Override public AtomicBoolean newState() { return new AtomicBoolean(); }", "}")));
    c.add(with(err("contextual raw", 3, "implements the raw type", "test.CrBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = RawCheap.class)", "CrBackend")),
        source("test.RawCheap", HEAD, "@SuppressWarnings(\"rawtypes\")",
            "public enum RawCheap implements dev.ctxlock.sync.Backend {", "  INSTANCE;",
            "  @Override public Object newState() { return new Object(); }",
            "  @Override public void lock(Object s) {}",
            "  @Override public boolean tryLock(Object s) { return true; }",
            "  @Override public void unlock(Object s) {}",
            "  @Override public void assertIsHeld(Object s) {}", "}")));
    c.add(with(err("contextual lacks INSTANCE", 3, "lacks an accessible public static final INSTANCE",
        "test.CniBackend", flagEnum(WC + "(context = IrqOff.class, contextual = NoInstCheap.class)",
            "CniBackend")),
        source("test.NoInstCheap", HEAD, IMPORT,
            "public final class NoInstCheap extends Ops<AtomicBoolean> {",
            "  @Override public AtomicBoolean newState() { return new AtomicBoolean(); }", "}")));
    c.add(err("contextual private nested (javac refuses first)", 3, "has private access", "test.CpBackend",
        concat(new String[] {HEAD, IMPORT,
            WC + "(context = IrqOff.class, contextual = CpBackend.Hidden.class)",
            "public enum CpBackend implements " + FLAG + " {", "  INSTANCE;",
            "  private enum Hidden implements " + FLAG + " {", "    INSTANCE;"},
            flagMethods(), new String[] {"  }"}, flagMethods(), new String[] {"}"})));
    c.add(err("contextual is a primitive", 3, "is not a dev.ctxlock.sync.Backend", "test.CpriBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = int.class)", "CpriBackend")));

    // ---- context
    c.add(err("context primitive", 3, "context int is", "test.PrimCtxBackend",
        flagEnum(WC + "(context = int.class, contextual = CheapBackend.class)", "PrimCtxBackend")));
    c.add(err("context void", 3, "context void is", "test.VoidCtxBackend",
        flagEnum(WC + "(context = void.class, contextual = CheapBackend.class)", "VoidCtxBackend")));
    c.add(err("context array", 3, "but a context must be a class or interface type",
        "test.ArrCtxBackend",
        flagEnum(WC + "(context = IrqOff[].class, contextual = CheapBackend.class)", "ArrCtxBackend")));
    c.add(err("context annotation type", 3, "but a context must be a class or interface type",
        "test.AnnCtxBackend",
        flagEnum(WC + "(context = Deprecated.class, contextual = CheapBackend.class)", "AnnCtxBackend")));
    c.add(err("context private nested (javac refuses first)", 3, "has private access", "test.PcBackend",
        concat(new String[] {HEAD, IMPORT,
            WC + "(context = PcBackend.Secret.class, contextual = CheapBackend.class)",
            "public enum PcBackend implements " + FLAG + " {", "  INSTANCE;",
            "  private static final class Secret extends dev.ctxlock.sync.ContextToken {",
            "    @Override protected void release() {}", "  }"},
            flagMethods(), new String[] {"}"})));

    // ---- several annotations
    c.add(err("the same context twice (repeated: on the class line)", 4,
        "is named by more than one annotation", "test.DupBackend",
        flagEnum(A + " " + A, "DupBackend")));
    c.add(err("the same context twice in an explicit List", 3,
        "is named by more than one annotation", "test.DupListBackend",
        flagEnum("@dev.ctxlock.annotations.WithContext.List({" + A + ", " + A + "})",
            "DupListBackend")));
    c.add(err("styles disagree", 4, "agree on the style", "test.StyleBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = CheapBackend.class,"
            + " style = dev.ctxlock.annotations.Style.GENERIC) "
            + WC + "(context = PreemptOff.class, contextual = CheapBackend.class)", "StyleBackend")));
    c.add(with(err("two contexts map to one constant name", 4, "would both be the constant",
        "test.ClashBackend", flagEnum(WC + "(context = IrqOff.class, contextual = CheapBackend.class) "
            + WC + "(context = other.IrqOff.class, contextual = CheapBackend.class)", "ClashBackend")),
        token("other", "IrqOff")));

    // ---- generated names
    c.add(with(err("generated lock class name taken", 3, "a type of that name already exists",
        "test.TakenBackend", flagEnum(A, "TakenBackend")),
        source("test.Taken", HEAD, "public final class Taken {}")));
    // The error goes on the backend processed second: here the nested one, line 4 of Twins.java.
    c.add(with(err("two backends map to one generated name", 4, "maps to the same generated name",
        "test.TwinBackend", flagEnum(A, "TwinBackend")),
        source("test.Twins", concat(new String[] {HEAD, IMPORT, "public final class Twins {", A,
            "  public enum TwinBackend implements " + FLAG + " {", "  INSTANCE;"},
            flagMethods(), new String[] {"  }", "}"}))));
    c.add(err("private context nested in the backend's holder", 4, "is not accessible from package",
        "test.SecretHolder", concat(new String[] {HEAD, IMPORT, "public final class SecretHolder {",
            WC + "(context = SecretHolder.Secret.class, contextual = CheapBackend.class)",
            "  public enum SecretBackend implements " + FLAG + " {", "  INSTANCE;"},
            flagMethods(), new String[] {"  }",
            "  private static final class Secret extends dev.ctxlock.sync.ContextToken {",
            "    @Override protected void release() {}", "  }", "}"})));
    c.add(err("private contextual nested in the backend's holder", 4,
        "is not accessible from package",
        "test.HiddenHolder", concat(new String[] {HEAD, IMPORT, "public final class HiddenHolder {",
            WC + "(context = IrqOff.class, contextual = HiddenHolder.Hidden.class)",
            "  public enum VisibleBackend implements " + FLAG + " {", "  INSTANCE;"},
            flagMethods(), new String[] {"  }",
            "  private enum Hidden implements " + FLAG + " {", "    INSTANCE;"},
            flagMethods(), new String[] {"  }", "}"})));
    c.add(with(err("protected nested context of another package's class", 3,
        "has protected access", "test.ProtCtxBackend",
        concat(new String[] {HEAD, IMPORT, WC + "(context = other.Base.Ctx.class, contextual = CheapBackend.class)",
            "public final class ProtCtxBackend extends other.Base implements " + FLAG + " {",
            "  public static final ProtCtxBackend INSTANCE = new ProtCtxBackend();"},
            flagMethods(), new String[] {"}"})), BASE));
    c.add(with(err("protected nested contextual of another package's class", 3,
        "has protected access", "test.ProtCbBackend",
        concat(new String[] {HEAD, IMPORT, WC + "(context = IrqOff.class, contextual = other.Base.Cb.class)",
            "public final class ProtCbBackend extends other.Base implements " + FLAG + " {",
            "  public static final ProtCbBackend INSTANCE = new ProtCbBackend();"},
            flagMethods(), new String[] {"}"})), BASE));

    // ---- options
    c.add(new Case("unknown style option (no line)", Diagnostic.Kind.ERROR, 0,
        "unknown value \"sideways\" for processor option -Actxlock.style",
        List.of("-Actxlock.style=sideways"), source("test.OptBackend", flagEnum(A, "OptBackend"))));
    c.add(new Case("style option generic, any case", null, -1, null,
        List.of("-Actxlock.style=GeNeRiC"), source("test.OptOkBackend", flagEnum(A, "OptOkBackend"))));

    // ---- unresolvable types and misplaced annotations: javac's own errors, no crash
    c.add(err("unresolvable contextual", 3, "cannot find symbol", "test.MissCbBackend",
        flagEnum(WC + "(context = IrqOff.class, contextual = Spinn.class)", "MissCbBackend")));
    c.add(err("unresolvable context", 3, "cannot find symbol", "test.MissCtxBackend",
        flagEnum(WC + "(context = Of.class, contextual = CheapBackend.class)", "MissCtxBackend")));
    c.add(err("unresolvable state type", 4, "cannot find symbol", "test.MissStateBackend",
        HEAD, "", A, "public enum MissStateBackend implements dev.ctxlock.sync.Backend<Nope> {",
        "  INSTANCE;", "}"));
    c.add(err("unresolvable superclass", 4, "cannot find symbol", "test.MissSuperBackend",
        HEAD, "", A, "public final class MissSuperBackend extends Nowhere {", "}"));
    c.add(err("annotation on a method", 3, "not applicable", "test.OnMethod",
        HEAD, "public final class OnMethod {", "  " + A, "  void m() {}", "}"));
    c.add(err("annotation on a field", 3, "not applicable", "test.OnField",
        HEAD, "public final class OnField {", "  " + A, "  int f;", "}"));
    c.add(err("annotation on a package", 1, "not applicable", "test.package-info",
        "@dev.ctxlock.annotations.WithContext(context = test.IrqOff.class, contextual = test.CheapBackend.class)",
        "package test;"));
    c.add(err("annotation without its attributes", 3, "missing", "test.BareBackend",
        flagEnum(WC, "BareBackend")));
    c.add(err("attribute of the wrong type", 3, "incompatible types", "test.WrongAttrBackend",
        flagEnum(WC + "(context = \"Off\", contextual = CheapBackend.class)", "WrongAttrBackend")));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void compilesOrReportsTheExpectedDiagnosticOnItsLine_neverAProcessorFailure(Case c) {
    List<JavaFileObject> sources = new ArrayList<>(List.of(c.main()));
    sources.addAll(List.of(c.extra()));
    Compilation compilation;
    try {
      compilation = compile(c.options(), sources.toArray(new JavaFileObject[0]));
    } catch (RuntimeException e) {
      throw new AssertionError("the processor threw on case '" + c.name() + "'", e);
    }
    ran++;
    String all = describe(compilation);
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      assertFalse(isProcessorFailure(d), "processor failure diagnostic: " + all);
    }
    if (c.kind() == null) {
      assertEquals(Compilation.Status.SUCCESS, compilation.status(), all);
      assertTrue(compilation.errors().isEmpty(), all);
      return;
    }
    if (c.kind() == Diagnostic.Kind.ERROR) {
      assertEquals(Compilation.Status.FAILURE, compilation.status(), all);
    } else {
      assertEquals(Compilation.Status.SUCCESS, compilation.status(), all);
    }
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      boolean kindOk = d.getKind() == c.kind()
          || (c.kind() == Diagnostic.Kind.WARNING && d.getKind() == Diagnostic.Kind.MANDATORY_WARNING);
      boolean lineOk = c.line() == 0
          ? d.getLineNumber() == Diagnostic.NOPOS
          : d.getLineNumber() == c.line() && d.getSource() != null
              && sources.stream().anyMatch(f -> f.toUri().equals(d.getSource().toUri()));
      if (kindOk && lineOk && d.getMessage(Locale.ROOT).contains(c.fragment())) {
        return;
      }
    }
    fail("no " + c.kind() + " on line " + c.line() + " containing \"" + c.fragment() + "\"; got:\n"
        + all);
  }

  @AfterAll
  static void printCount() {
    System.out.println("ProcessorCorpusTest: " + ran + " corpus cases compiled ("
        + corpus().count() + " in the corpus)");
  }
}
