package dev.ctxlock.testkit;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Finds and calls the public timed methods the processor generates (and {@code SpinLock} and
 * {@code Mutex} declare): {@code tryLock(Duration)}, {@code lockInterruptibly()} and {@code
 * tryLockWith(C, Duration)}. They are not on {@code Lock}, so the contract's default hooks reach
 * them by reflection; a user who overrides the hooks calls them directly.
 */
final class TimedCalls {

  private TimedCalls() {}

  /** {@code lockClass}'s public {@code tryLock(Duration)}, if it has one. */
  static Optional<Method> tryLock(Class<?> lockClass) {
    return method(lockClass, "tryLock", Duration.class);
  }

  /** {@code lockClass}'s public {@code lockInterruptibly()}, if it has one. */
  static Optional<Method> lockInterruptibly(Class<?> lockClass) {
    return method(lockClass, "lockInterruptibly");
  }

  /**
   * {@code lockClass}'s public {@code tryLockWith(X, Duration)} for the most specific {@code X}
   * that {@code contextClass} is, if it has one.
   */
  static Optional<Method> tryLockWith(Class<?> lockClass, Class<?> contextClass) {
    Method best = null;
    for (Method m : lockClass.getMethods()) {
      Class<?>[] parameters = m.getParameterTypes();
      if (m.getName().equals("tryLockWith")
          && !Modifier.isStatic(m.getModifiers())
          && parameters.length == 2
          && parameters[1] == Duration.class
          && parameters[0].isAssignableFrom(contextClass)
          && (best == null || best.getParameterTypes()[0].isAssignableFrom(parameters[0]))) {
        best = m;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Calls {@code method}, rethrowing what it threw rather than a reflection wrapper. */
  static @Nullable Object invoke(Method method, Object target, Object... args)
      throws InterruptedException {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof InterruptedException) {
        throw (InterruptedException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new AssertionError("unexpected checked exception from " + method, cause);
    } catch (IllegalAccessException e) {
      throw new AssertionError(
          method + " is not accessible to the kit: override the timed hooks to call it", e);
    }
  }

  private static Optional<Method> method(Class<?> type, String name, Class<?>... parameters) {
    try {
      return Optional.of(type.getMethod(name, parameters));
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
