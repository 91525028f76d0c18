package dev.ctxlock.processor;

import static dev.ctxlock.processor.diagnostics.Messages.UNKNOWN_STYLE_OPTION;

import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Reporter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The processor's {@code -A} options, all namespaced {@code ctxlock.*}. */
final class ProcessorOptions {

  /** {@code -Actxlock.style=inherent|generic}: what {@link Style#DEFAULT} means. */
  static final String STYLE = "ctxlock.style";

  /** Every option the processor declares. */
  static final Set<String> ALL = Set.of(STYLE);

  private final Style defaultStyle;

  private ProcessorOptions(Style defaultStyle) {
    this.defaultStyle = defaultStyle;
  }

  /**
   * Reads the options; reports an unknown style value (without an element) and falls back to
   * {@link Style#INHERENT}, so that the backends are still validated.
   */
  static ProcessorOptions parse(Map<String, String> options, Reporter reporter) {
    String style = options.get(STYLE);
    if (style == null) {
      return new ProcessorOptions(Style.INHERENT);
    }
    switch (style.trim().toLowerCase(Locale.ROOT)) {
      case "inherent":
        return new ProcessorOptions(Style.INHERENT);
      case "generic":
        return new ProcessorOptions(Style.GENERIC);
      default:
        reporter.reportGlobal(UNKNOWN_STYLE_OPTION, style);
        return new ProcessorOptions(Style.INHERENT);
    }
  }

  /** What {@link Style#DEFAULT} resolves to: INHERENT or GENERIC. */
  Style defaultStyle() {
    return defaultStyle;
  }
}
