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

  /** Whether a backend class keeps {@link Backend#relock}'s default, which is its {@code lock}. */
  private static final ClassValue<Boolean> RELOCKS_WITH_LOCK =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          try {
            return type.getMethod("relock", Object.class).getDeclaringClass() == Backend.class;
          } catch (NoSuchMethodException | SecurityException e) {
            return false; // then its relock is called as it is, which is always right
          }
        }
      };

  private Backends() {}

  /**
   * Whether {@code backend}'s relock is its {@code lock} (it keeps {@link Backend#relock}'s
   * default), so that a relock may be made as a first attempt and a wait.
   */
  static boolean relocksWithLock(Backend<?> backend) {
    return RELOCKS_WITH_LOCK.get(backend.getClass());
  }

  /** The traits of {@code backend}'s class (an enum constant's enum class). */
  static BackendTraits traits(Backend<?> backend) {
    return TRAITS.get(declaringClass(backend));
  }

  /** A backend's class as users declared it: an enum constant with a body is its enum's. */
  static Class<?> declaringClass(Object backend) {
    return backend instanceof Enum<?> e ? e.getDeclaringClass() : backend.getClass();
  }
}
