package dev.ctxlock.processor.diagnostics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessagesTest {

  @Test
  void everyBackendMessageNamesItsBackendFirst() {
    for (Messages message : Messages.values()) {
      if (message == Messages.UNKNOWN_STYLE_OPTION || message == Messages.PROCESSOR_CRASH) {
        continue;
      }
      String text = message.format((Object[]) placeholders(message));
      assertTrue(text.startsWith("@WithContext on <1>: "), message + ": " + text);
    }
  }

  @Test
  void formatsAreComplete() {
    for (Messages message : Messages.values()) {
      String text = message.format((Object[]) placeholders(message));
      assertTrue(!text.contains("%"), message + " left a placeholder: " + text);
    }
  }

  private static String[] placeholders(Messages message) {
    String[] args = new String[8];
    for (int i = 0; i < args.length; i++) {
      args[i] = "<" + (i + 1) + ">";
    }
    return args;
  }
}
