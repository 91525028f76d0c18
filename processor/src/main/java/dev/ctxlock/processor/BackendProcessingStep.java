package dev.ctxlock.processor;

import static dev.ctxlock.processor.diagnostics.Messages.PROCESSOR_BUG;

import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.validation.BackendValidator;
import dev.ctxlock.processor.validation.ValidationResult;
import dev.ctxlock.processor.writing.SourceFileWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import javax.lang.model.element.TypeElement;

/**
 * The pipeline for one backend, validate, then model, then generate, isolated so that a bug on one
 * backend is reported on it and never escapes {@code process()}.
 */
final class BackendProcessingStep {

  private final Reporter reporter;
  private final BackendValidator validator;
  private final SourceFileWriter writer;

  BackendProcessingStep(Reporter reporter, BackendValidator validator, SourceFileWriter writer) {
    this.reporter = reporter;
    this.validator = validator;
    this.writer = writer;
  }

  /** Returns {@code false} when the backend must wait for the next round. */
  boolean process(TypeElement backend, Style defaultStyle) {
    try {
      ValidationResult result = validator.validate(backend, defaultStyle);
      switch (result.outcome()) {
        case DEFERRED:
          return false;
        case VALID:
          writer.write(result.model().orElseThrow());
          return true;
        case INVALID:
        default:
          return true;
      }
    } catch (Throwable t) {
      StringWriter trace = new StringWriter();
      t.printStackTrace(new PrintWriter(trace));
      reporter.report(
          PROCESSOR_BUG, Location.of(backend), backend.getQualifiedName(), trace.toString());
      return true;
    }
  }
}
