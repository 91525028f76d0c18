package dev.ctxlock.internal.stats;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VolatileCallSite;
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

  /**
   * {@link #walk}, behind a call that the JIT never compiles into its caller.
   *
   * <p>Why. A release that waiters marked walks the holder's stack ({@code LockStats.released}'s
   * rare path), and the JIT inlines a rare path too once it has run a hundred times or so. The
   * walk's setup ({@code StackWalker.walk}: traversers, frame buffers, their allocations) then
   * compiles into the release hook, and into every lock's release that inlines the hook, several
   * kilobytes of code; past {@code InlineSmallCode} (2,500 bytes on x86-64) C2 stops inlining
   * that method where it was compiled on its own ("already compiled into a big method"), so
   * every release became a call and the guard of a try-with-resources escaped (an allocation per
   * acquisition). A {@link VolatileCallSite}'s target is re-read at every call, so the JIT calls
   * it rather than inlining it: the cost of a walk is a few microseconds, of this call a few
   * nanoseconds, and the hook compiled into a release stays small whatever was hot when it was
   * compiled. StatsShapeTest checks that every walk goes through here.
   */
  private static final MethodHandle WALK_OUT_OF_LINE;

  static {
    try {
      MethodHandle walk =
          MethodHandles.lookup()
              .findStatic(CallSites.class, "walk", MethodType.methodType(String.class));
      WALK_OUT_OF_LINE = new VolatileCallSite(walk).dynamicInvoker();
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private CallSites() {}

  /**
   * The first frame of the calling thread's stack outside ctxlock, or {@code "<unknown>"}; a
   * call the JIT does not inline (see {@link #WALK_OUT_OF_LINE}).
   */
  static String here() {
    try {
      return (String) WALK_OUT_OF_LINE.invokeExact();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new AssertionError("the walk declares no checked exception", t);
    }
  }

  /** {@link #here}'s walk. */
  @SuppressWarnings("UnusedMethod") // called through WALK_OUT_OF_LINE, found by name
  private static String walk() {
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
