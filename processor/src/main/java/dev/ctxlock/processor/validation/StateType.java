package dev.ctxlock.processor.validation;

import java.util.Optional;
import javax.lang.model.type.TypeMirror;

/** What {@link StateTypes} found for a type: {@code Backend<S>}, raw {@code Backend}, or neither. */
final class StateType {

  enum Kind {
    /** The type implements {@code Backend<S>}; {@link #type()} is S. */
    KNOWN,
    /** The type implements the raw {@code Backend}: its state type is unknown. */
    RAW,
    /** The type does not implement {@code Backend}. */
    NOT_A_BACKEND
  }

  private static final StateType RAW_STATE = new StateType(Kind.RAW, null);
  private static final StateType NONE = new StateType(Kind.NOT_A_BACKEND, null);

  private final Kind kind;
  private final TypeMirror type;

  private StateType(Kind kind, TypeMirror type) {
    this.kind = kind;
    this.type = type;
  }

  static StateType known(TypeMirror type) {
    return new StateType(Kind.KNOWN, type);
  }

  static StateType raw() {
    return RAW_STATE;
  }

  static StateType notABackend() {
    return NONE;
  }

  Kind kind() {
    return kind;
  }

  /** S, when {@link #kind()} is {@link Kind#KNOWN}. */
  Optional<TypeMirror> type() {
    return Optional.ofNullable(type);
  }
}
