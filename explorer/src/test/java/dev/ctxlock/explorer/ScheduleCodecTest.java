package dev.ctxlock.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ctxlock.explorer.internal.ScheduleCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleCodecTest {

  @Test
  void runsOfATokenAreWrittenOnceWithTheirCount() {
    List<String> tokens = List.of("a", "a", "a", "b", "B", "~a", "~a", "c");
    String s = ScheduleCodec.encode(tokens);
    assertEquals("a3bB~a2c", s);
    assertEquals(tokens, ScheduleCodec.decode(s));
  }

  @Test
  void whatIsNotAScheduleIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> ScheduleCodec.decode("a0"));
    assertThrows(IllegalArgumentException.class, () -> ScheduleCodec.decode("3a"));
    assertThrows(IllegalArgumentException.class, () -> ScheduleCodec.decode("~"));
    assertThrows(IllegalArgumentException.class, () -> ScheduleCodec.decode("a-"));
  }
}
