package dev.ctxlock.internal.probe;

import java.util.Objects;

/**
 * What the tools see of one lock: its name and its {@link LockClass}. The kernel's {@code
 * lockdep_map}, embedded in every lock while some tool tracks holds (else the lock has none). Its
 * identity is the lock's: tools key held locks by it.
 */
public final class LockMap {

  private static final StackWalker WALKER =
      StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private final String name;
  private volatile LockClass lockClass;

  private LockMap(String name, LockClass lockClass) {
    this.name = name;
    this.lockClass = lockClass;
  }

  /**
   * The map of a lock named {@code name} that is being constructed now, whose class is its
   * construction site: the first stack frame outside the constructors of {@code lockType} and its
   * subclasses, and outside this package.
   */
  public static LockMap ofNewLock(String name, Class<?> lockType) {
    String site =
        WALKER.walk(
            frames ->
                frames
                    .filter(
                        f ->
                            f.getDeclaringClass().getPackage() != LockMap.class.getPackage()
                                && !(f.getMethodName().equals("<init>")
                                    && lockType.isAssignableFrom(f.getDeclaringClass())))
                    .findFirst()
                    .map(
                        f ->
                            f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName()
                                + ":" + f.getLineNumber() + ")")
                    .orElse("<unknown>"));
    return new LockMap(name, LockClass.of(site, site, name));
  }

  /** The lock's name. */
  public String name() {
    return name;
  }

  /** The lock's class now. */
  public LockClass lockClass() {
    return lockClass;
  }

  /**
   * Puts the lock in subclass {@code subclass} (0: the class itself) of its construction site's
   * class: the kernel's {@code lockdep_set_subclass}. The caller checked that the lock is not held.
   */
  public void setSubclass(int subclass) {
    String site = lockClass.baseSite();
    lockClass =
        subclass == 0
            ? LockClass.of(site, site, name)
            : LockClass.of(site + "#" + subclass, site + " subclass " + subclass, name);
  }

  /**
   * Puts the lock in the class named {@code className}: the kernel's {@code
   * lockdep_set_class_and_name}. The caller checked that the lock is not held.
   */
  public void setClass(String className) {
    Objects.requireNonNull(className, "className");
    lockClass = LockClass.of("name:" + className, "class " + className, name);
  }

  /** {@code name (site)}, as reports show a lock. */
  public String describe() {
    return name + " (" + lockClass.site() + ")";
  }

  @Override
  public String toString() {
    return "LockMap[" + describe() + "]";
  }
}
