package dev.ctxlock.processor.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every {@code reporter.report(MESSAGE, location, args...)} and {@code
 * reporter.reportGlobal(MESSAGE, args...)} call in the processor's sources and checks that it
 * passes {@link Messages#arity()} arguments, so that a wrong count fails the build instead of
 * reaching a user as a processor bug report. Also checks that every message is printed somewhere.
 */
class MessageCallSitesTest {

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern CALL = Pattern.compile("\\breport(Global)?\\(");

  /** One call: where it is, which message, how many format arguments it passes. */
  private static final class CallSite {
    final String where;
    final String message;
    final int arguments;

    CallSite(String where, String message, int arguments) {
      this.where = where;
      this.message = message;
      this.arguments = arguments;
    }
  }

  @Test
  void everyCallPassesTheMessagesArity() {
    List<CallSite> calls = callSites();
    assertTrue(calls.size() >= Messages.values().length, "found only " + calls.size() + " calls");
    for (CallSite call : calls) {
      Messages message = Messages.valueOf(call.message);
      assertEquals(
          message.arity(), call.arguments, call.where + ": arguments for " + call.message);
    }
  }

  @Test
  void everyMessageIsPrintedSomewhere() {
    Set<Messages> unused = EnumSet.allOf(Messages.class);
    for (CallSite call : callSites()) {
      unused.remove(Messages.valueOf(call.message));
    }
    assertEquals(Set.of(), unused, "messages no code prints");
  }

  private static List<CallSite> callSites() {
    List<CallSite> calls = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        if (file.endsWith(Path.of("diagnostics", "Reporter.java"))) {
          continue; // the declarations, not calls
        }
        String source = Files.readString(file);
        Matcher matcher = CALL.matcher(source);
        while (matcher.find()) {
          boolean global = matcher.group(1) != null;
          List<String> arguments = topLevelArguments(source, matcher.end());
          int line = source.substring(0, matcher.start()).split("\n", -1).length;
          String message = arguments.get(0).replaceFirst("^Messages\\.", "");
          int formatArguments = arguments.size() - (global ? 1 : 2);
          calls.add(new CallSite(SOURCES.relativize(file) + ":" + line, message, formatArguments));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return calls;
  }

  /** Splits the argument list that starts at {@code from} (just after its '(') at top-level commas. */
  private static List<String> topLevelArguments(String source, int from) {
    List<String> arguments = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int depth = 0;
    for (int i = from; ; i++) {
      char c = source.charAt(i);
      if (c == '"' || c == '\'') {
        int end = i + 1;
        while (source.charAt(end) != c) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        current.append(source, i, end + 1);
        i = end;
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        if (depth == 0) {
          arguments.add(current.toString().trim());
          return arguments;
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        arguments.add(current.toString().trim());
        current.setLength(0);
        continue;
      }
      current.append(c);
    }
  }
}
