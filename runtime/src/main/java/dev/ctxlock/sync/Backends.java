package dev.ctxlock.sync;

import dev.ctxlock.internal.probe.BackendTraits;

/**
 * What the runtime knows of a backend class, read once per class from its declaration: its label
 * (class name) and its {@link Waits} wait type. Every rule reads these; none compares a backend
 * with a shipped one.
 */
final class Backends {

  private static final ClassValue<BackendTraits> TRAITS =
      new ClassValue<>() {
        @Override
        protected BackendTraits computeValue(Class<?> type) {
          Waits waits = type.getAnnotation(Waits.class);
          WaitType wait = waits == null ? null : waits.value();
          return new BackendTraits(
              type.getName(), wait == WaitType.SPIN, wait == WaitType.SLEEP);
        }
      };

  private Backends() {}

  /** The traits of {@code backend}'s class (an enum constant's enum class). */
  static BackendTraits traits(Backend<?> backend) {
    return TRAITS.get(declaringClass(backend));
  }

  /** A backend's class as users declared it: an enum constant with a body is its enum's. */
  static Class<?> declaringClass(Object backend) {
    return backend instanceof Enum<?> e ? e.getDeclaringClass() : backend.getClass();
  }
}
