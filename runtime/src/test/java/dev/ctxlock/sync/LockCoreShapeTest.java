package dev.ctxlock.sync;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code Lock}'s acquisition core that its performance rests on, read from the
 * compiled class with {@code javap}: the sizes that decide what the JIT inlines (see "The slow
 * path is one method" and "Why the guard is allocated here" in {@code Lock.java}). A change that
 * breaks one of them still passes every functional test; only a profile would show the guard
 * escaping. Sizes are in bytes of bytecode, as HotSpot's inlining flags count them.
 */
class LockCoreShapeTest {

  /** HotSpot's FreqInlineSize on the platforms the build runs on (JDK 17 to 25). */
  private static final int FREQ_INLINE_SIZE = 325;

  /** HotSpot's C1MaxInlineSize. */
  private static final int C1_MAX_INLINE_SIZE = 35;

  @Test
  void theSlowPathIsTooLargeForC2ToInlineIntoTheCore() throws Exception {
    int size = bytecodeSize("acquireSlow");
    assertTrue(
        size > FREQ_INLINE_SIZE,
        "Lock.acquireSlow is " + size + " bytes: at most " + FREQ_INLINE_SIZE + ", C2 may inline"
            + " it, and a tracked acquisition's guard escapes");
  }

  @Test
  void theMethodThatAllocatesTheGuardIsSmallEnoughForC1ToInline() throws Exception {
    int size = bytecodeSize("acquire");
    assertTrue(
        size <= C1_MAX_INLINE_SIZE,
        "Lock.acquire is " + size + " bytes: over " + C1_MAX_INLINE_SIZE + ", C1 calls it");
  }

  @Test
  void theFastPathStaysWithinC2sInliningLimit() throws Exception {
    int size = bytecodeSize("take");
    assertTrue(size <= FREQ_INLINE_SIZE, "Lock.take is " + size + " bytes");
  }

  /** The bytecode length of {@code Lock}'s private method {@code name} (the only one so named). */
  private static int bytecodeSize(String name) throws Exception {
    ToolProvider javap =
        ToolProvider.findFirst("javap")
            .orElseThrow(() -> new AssertionError("no javap in this JDK"));
    Path classes = Path.of(Lock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      int status = javap.run(w, w, "-c", "-p", "-cp", classes.toString(), Lock.class.getName());
      assertTrue(status == 0, "javap failed: " + out);
    }
    // A method's header line, then its code: "  offset: opcode ...", up to a blank line.
    Pattern header = Pattern.compile("^  \\S.*[ .]" + Pattern.quote(name) + "\\(.*$");
    Pattern instruction = Pattern.compile("^\\s+(\\d+): (\\w+).*$");
    boolean inMethod = false;
    int lastOffset = -1;
    String lastOpcode = null;
    for (String line : out.toString().split("\\R")) {
      if (!inMethod) {
        inMethod = header.matcher(line).matches();
        continue;
      }
      if (line.isBlank() || line.startsWith("  ") && !line.startsWith("    ")) {
        if (lastOffset >= 0) {
          break;
        }
        continue;
      }
      Matcher m = instruction.matcher(line);
      if (m.matches()) {
        lastOffset = Integer.parseInt(m.group(1));
        lastOpcode = m.group(2);
      }
    }
    assertTrue(lastOffset >= 0, "no method " + name + " in Lock:\n" + out);
    // The last instruction of these methods is a return or a throw: one byte.
    assertTrue(
        lastOpcode.endsWith("return") || lastOpcode.equals("athrow"),
        "unexpected last instruction " + lastOpcode + " in " + name);
    return lastOffset + 1;
  }
}
