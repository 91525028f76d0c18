package dev.ctxlock.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * A compiled method as {@code javap -c -p} prints it: for tests of the shapes that the JIT's
 * inlining decisions rest on (sizes in bytes of bytecode, as HotSpot's inlining flags count them;
 * which calls a method makes).
 */
public final class Javap {

  private Javap() {}

  /**
   * The instructions of the method of {@code owner} whose javap header ends with {@code
   * signature}, e.g. {@code "acquireSlow("} or {@code "unlock(dev.ctxlock.sync.SpinLockState);"}:
   * the first method that matches.
   */
  public static List<String> instructions(Class<?> owner, String signature) throws Exception {
    ToolProvider javap =
        ToolProvider.findFirst("javap")
            .orElseThrow(() -> new AssertionError("no javap in this JDK"));
    Path classes = Path.of(owner.getProtectionDomain().getCodeSource().getLocation().toURI());
    StringWriter out = new StringWriter();
    try (PrintWriter w = new PrintWriter(out)) {
      int status = javap.run(w, w, "-c", "-p", "-cp", classes.toString(), owner.getName());
      assertTrue(status == 0, "javap failed: " + out);
    }
    // A method's header line, then its code: "  offset: opcode ...", up to a blank line.
    String quoted = Pattern.quote(signature);
    Pattern header = Pattern.compile("^  \\S.*[ .]" + quoted + ".*$");
    Pattern instruction = Pattern.compile("^\\s+\\d+: \\w+.*$");
    boolean inMethod = false;
    List<String> code = new ArrayList<>();
    for (String line : out.toString().split("\\R")) {
      if (!inMethod) {
        inMethod = header.matcher(line).matches();
        continue;
      }
      if (line.isBlank() || line.startsWith("  ") && !line.startsWith("    ")) {
        if (!code.isEmpty()) {
          break;
        }
        continue;
      }
      if (instruction.matcher(line).matches()) {
        code.add(line.trim());
      }
    }
    assertTrue(!code.isEmpty(), "no method " + signature + " in " + owner.getName() + ":\n" + out);
    return code;
  }

  /**
   * The bytecode length of a method that ends with a one-byte return or throw (see {@link
   * #instructions} for {@code signature}).
   */
  public static int size(Class<?> owner, String signature) throws Exception {
    List<String> code = instructions(owner, signature);
    Matcher last = Pattern.compile("^(\\d+): (\\w+).*$").matcher(code.get(code.size() - 1));
    assertTrue(last.matches(), code.toString());
    String opcode = last.group(2);
    assertTrue(
        opcode.endsWith("return") || opcode.equals("athrow"),
        "unexpected last instruction " + opcode + " in " + signature);
    return Integer.parseInt(last.group(1)) + 1;
  }
}
