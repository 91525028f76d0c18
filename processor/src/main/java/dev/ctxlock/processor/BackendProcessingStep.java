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
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;

/**
 * The pipeline for one backend, validate, then model, then generate, isolated so that a bug on one
 * backend is reported on it and never escapes {@code process()}.
 */
final class BackendProcessingStep {

  private final ProcessingEnvironment env;
  private final Reporter reporter;
  private final BackendValidator validator;

  BackendProcessingStep(ProcessingEnvironment env, Reporter reporter, BackendValidator validator) {
    this.env = env;
    this.reporter = reporter;
    this.validator = validator;
  }

  /** Returns {@code false} when the backend must wait for the next round. */
  boolean process(TypeElement backend, Style defaultStyle) {
    try {
      ValidationResult result = validator.validate(backend, defaultStyle);
      switch (result.outcome()) {
        case DEFERRED:
          return false;
        case VALID:
          new SourceFileWriter(env.getFiler(), env.getElementUtils(), reporter)
              .write(result.model().orElseThrow());
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
