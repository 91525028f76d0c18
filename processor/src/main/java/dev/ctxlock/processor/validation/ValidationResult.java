package dev.ctxlock.processor.validation;

import dev.ctxlock.processor.model.BackendModel;
import java.util.Optional;

/** What validating one backend gave: a model to generate from, errors, or "try next round". */
public final class ValidationResult {

  /** The outcome. */
  public enum Outcome {
    /** Valid: {@link #model()} is present. */
    VALID,
    /** Errors were reported; generate nothing. */
    INVALID,
    /** Some type did not resolve yet; nothing was reported; try again next round. */
    DEFERRED
  }

  private static final ValidationResult INVALID = new ValidationResult(Outcome.INVALID, null);
  private static final ValidationResult DEFERRED = new ValidationResult(Outcome.DEFERRED, null);

  private final Outcome outcome;
  private final BackendModel model;

  private ValidationResult(Outcome outcome, BackendModel model) {
    this.outcome = outcome;
    this.model = model;
  }

  static ValidationResult valid(BackendModel model) {
    return new ValidationResult(Outcome.VALID, model);
  }

  static ValidationResult invalid() {
    return INVALID;
  }

  static ValidationResult deferred() {
    return DEFERRED;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** The model, when {@link #outcome()} is {@link Outcome#VALID}. */
  public Optional<BackendModel> model() {
    return Optional.ofNullable(model);
  }
}
