package dev.ctxlock.processor.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MessagesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("%(.)");

  @Test
  void idsAreUniqueNamespacedAndUpperCamelCase() {
    Set<String> seen = new HashSet<>();
    for (Messages message : Messages.values()) {
      assertTrue(
          message.id().matches("ctxlock:[A-Z][A-Za-z]+"), message + " has id " + message.id());
      assertTrue(seen.add(message.id()), "two messages share the id " + message.id());
    }
  }

  @Test
  void everyTextStartsWithItsIdInBrackets() {
    for (Messages message : Messages.values()) {
      String text = message.format(placeholders(message.arity()));
      assertTrue(text.startsWith("[" + message.id() + "] "), message + ": " + text);
    }
  }

  @Test
  void everyBackendMessageNamesItsBackendRightAfterTheId() {
    for (Messages message : Messages.values()) {
      if (message == Messages.UNKNOWN_STYLE_OPTION || message == Messages.PROCESSOR_CRASH) {
        continue;
      }
      String text = message.format(placeholders(message.arity()));
      assertTrue(
          text.startsWith("[" + message.id() + "] @WithContext on <1>: "), message + ": " + text);
    }
  }

  @Test
  void arityIsTheNumberOfPlaceholdersAndOnlyPercentSIsUsed() {
    for (Messages message : Messages.values()) {
      Matcher matcher = PLACEHOLDER.matcher(message.template());
      int count = 0;
      while (matcher.find()) {
        assertEquals("s", matcher.group(1), message + " uses %" + matcher.group(1));
        count++;
      }
      assertEquals(count, message.arity(), message + "'s declared arity");
      assertFalse(
          message.format(placeholders(message.arity())).contains("%"),
          message + " left a placeholder");
    }
  }

  @Test
  void formatRefusesTheWrongNumberOfArguments() {
    Messages message = Messages.DUPLICATE_CONTEXT;
    IllegalArgumentException tooFew =
        assertThrows(IllegalArgumentException.class, () -> message.format("only one"));
    assertTrue(tooFew.getMessage().contains("ctxlock:DuplicateContext takes 2 arguments"));
    assertThrows(IllegalArgumentException.class, () -> message.format("a", "b", "c"));
  }

  private static Object[] placeholders(int count) {
    Object[] args = new Object[count];
    for (int i = 0; i < count; i++) {
      args[i] = "<" + (i + 1) + ">";
    }
    return args;
  }
}
