package dev.ctxlock.internal.stats;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Objects;

/**
 * Names the call site of a lock operation: the first frame, from the innermost out, that is not
 * ctxlock's own code, as {@code Class.method(File.java:line)}. Walks the stack, so it is called on
 * slow paths only (a contended acquisition, the release of a lock someone waited for).
 *
 * <p>ctxlock's own code is what the runtime's jar (or classes directory) holds in ctxlock's
 * packages, and the methods of {@code Lock} subclasses anywhere (generated lock classes, whose
 * {@code lockWith} forms only forward to {@code Lock}). Both conditions matter: tests live in
 * ctxlock's packages but elsewhere, and an application shaded into one jar with ctxlock lives in
 * the same jar but in its own packages.
 */
final class CallSites {

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private static final ClassValue<Boolean> INSIDE =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return isInside(type);
        }
      };

  private CallSites() {}

  /** The first frame of the calling thread's stack outside ctxlock, or {@code "<unknown>"}. */
  static String here() {
    return WALKER.walk(
        frames ->
            frames
                .filter(f -> !INSIDE.get(f.getDeclaringClass()))
                .findFirst()
                .map(CallSites::format)
                .orElse("<unknown>"));
  }

  private static String format(StackWalker.StackFrame f) {
    String file = f.getFileName();
    int line = f.getLineNumber();
    return f.getClassName() + "." + f.getMethodName() + "("
        + (file == null ? "Unknown Source" : line >= 0 ? file + ":" + line : file) + ")";
  }

  private static boolean isInside(Class<?> type) {
    if (isLock(type)) {
      return true;
    }
    String pkg = type.getPackageName();
    boolean ctxlockPackage =
        pkg.equals("dev.ctxlock.sync")
            || pkg.equals("dev.ctxlock.interrupt")
            || pkg.startsWith("dev.ctxlock.internal");
    return ctxlockPackage && Objects.equals(location(type), location(CallSites.class));
  }

  /**
   * Whether {@code type} is {@code dev.ctxlock.sync.Lock} or a subclass, found by name: this
   * package uses the seam only, never the locks.
   */
  private static boolean isLock(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals("dev.ctxlock.sync.Lock")) {
        return true;
      }
    }
    return false;
  }

  private static URL location(Class<?> type) {
    ProtectionDomain domain = type.getProtectionDomain();
    CodeSource source = domain == null ? null : domain.getCodeSource();
    return source == null ? null : source.getLocation();
  }
}
