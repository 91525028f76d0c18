package dev.ctxlock.processor.writing;

import static dev.ctxlock.processor.names.RuntimeNames.CONTEXT_TOKEN;
import static dev.ctxlock.processor.names.RuntimeNames.GUARD;
import static dev.ctxlock.processor.names.RuntimeNames.LOCK;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import dev.ctxlock.processor.model.BackendModel;
import dev.ctxlock.processor.model.ContextBinding;
import dev.ctxlock.processor.names.GeneratedNames;
import java.time.Duration;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the inherent lock class of style INHERENT: {@code public final class Xyz<T> extends
 * Lock<T, XyzBackend>} with constructors {@code (T data)} and {@code (String name, T data)};
 * {@code tryLock(Duration)} and {@code lockInterruptibly()} when the backend is a {@code
 * TimedBackend}; and per annotation {@code lockWith(C)}, {@code tryLockWith(C)} and, when the
 * contextual backend is a {@code TimedBackend}, {@code tryLockWith(C, Duration)}, each returning a
 * guard of the contextual backend over the same lock state.
 */
public final class InherentLockWriter {

  private static final TypeVariableName T = TypeVariableName.get("T");
  private static final ClassName DURATION = ClassName.get(Duration.class);
  private static final ClassName INTERRUPTED = ClassName.get(InterruptedException.class);

  /** What a timeout or an interruption leaves behind, for every timed method. */
  private static final String NOTHING_CHANGED =
      "<p>A timeout or an interruption changes nothing: the lock, and the thread's local interrupt\n"
          + "count, stay as they were.\n";

  private static final String THROWS_INTERRUPTED =
      "@throws InterruptedException if the thread is interrupted before or while waiting (the\n"
          + "    interrupt status is then cleared), with nothing taken\n";

  private final OptionalAnnotations annotations;

  public InherentLockWriter(OptionalAnnotations annotations) {
    this.annotations = annotations;
  }

  /**
   * Returns the source file of {@code model}'s lock class.
   *
   * @param javaLangShadows simple names of {@code java.lang} types to write qualified, because a
   *     type of the backend's package has that name (see {@link JavaLangShadows})
   */
  public JavaFile write(BackendModel model, Set<String> javaLangShadows) {
    ClassName backend = ClassName.get(model.backend());
    ClassName lockClass = GeneratedNames.inherentClass(model.backend());
    TypeSpec.Builder type =
        TypeSpec.classBuilder(lockClass)
            .addOriginatingElement(model.backend())
            .addJavadoc(classJavadoc(model, backend, lockClass))
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addTypeVariable(T)
            .superclass(ParameterizedTypeName.get(LOCK, T, backend));
    type.alwaysQualify(javaLangShadows.toArray(new String[0]));
    annotations.generated().ifPresent(type::addAnnotation);
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addJavadoc("Creates an unlocked lock over {@code data}, named after its class.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(T, "data")
            .addStatement("super($T.INSTANCE, data)", backend)
            .build());
    type.addMethod(
        MethodSpec.constructorBuilder()
            .addJavadoc(
                "Creates an unlocked lock over {@code data}, named {@code name} in messages and\n"
                    + "{@code toString()}.\n")
            .addModifiers(Modifier.PUBLIC)
            .addParameter(String.class, "name")
            .addParameter(T, "data")
            .addStatement("super($T.INSTANCE, name, data)", backend)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("backendInstance")
            .addJavadoc(
                "Returns {@link $T#INSTANCE}, the backend of every lock of this class.\n", backend)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED, Modifier.FINAL)
            .returns(backend)
            .addStatement("return $T.INSTANCE", backend)
            .build());
    if (model.timed()) {
      type.addMethod(timedTryLock(backend));
      type.addMethod(lockInterruptibly(backend));
    }
    for (ContextBinding binding : model.bindings()) {
      type.addMethod(lockWith(binding, backend, false));
      type.addMethod(lockWith(binding, backend, true));
      if (binding.contextualTimed()) {
        type.addMethod(timedTryLockWith(binding));
      }
    }
    return JavaFile.builder(lockClass.packageName(), type.build())
        .indent("  ")
        .skipJavaLangImports(true)
        .build();
  }

  private MethodSpec timedTryLock(ClassName backend) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("tryLock")
            .addJavadoc(
                "Takes this lock with {@link $T} if it is free now or becomes free within\n"
                    + "{@code timeout} (zero or less: one attempt).\n\n"
                    + NOTHING_CHANGED
                    + "\n@param timeout how long to wait at most\n"
                    + "@return the guard, or {@code null} if the lock stayed busy for {@code timeout}\n"
                    + "@throws NullPointerException if {@code timeout} is null\n"
                    + THROWS_INTERRUPTED,
                backend)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(DURATION, "timeout")
            .addException(INTERRUPTED);
    annotations.checkReturnValue().ifPresent(method::addAnnotation);
    annotations.mustBeClosed().ifPresent(method::addAnnotation);
    return method
        .returns(nullable(ParameterizedTypeName.get(GUARD, T, backend)))
        .addStatement("return timedTryLock(timeout)")
        .build();
  }

  private MethodSpec lockInterruptibly(ClassName backend) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("lockInterruptibly")
            .addJavadoc(
                "Takes this lock with {@link $T}, waiting until it is free unless the thread is\n"
                    + "interrupted.\n\n"
                    + NOTHING_CHANGED.replace("A timeout or an interruption", "An interruption")
                    + "\n@return the guard that releases the lock\n"
                    + THROWS_INTERRUPTED,
                backend)
            .addModifiers(Modifier.PUBLIC)
            .addException(INTERRUPTED);
    annotations.mustBeClosed().ifPresent(method::addAnnotation);
    return method
        .returns(ParameterizedTypeName.get(GUARD, T, backend))
        .addStatement("return interruptibleLock()")
        .build();
  }

  private MethodSpec lockWith(ContextBinding binding, ClassName backend, boolean isTry) {
    ClassName contextual = ClassName.get(binding.contextual());
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(isTry ? "tryLockWith" : "lockWith")
            .addJavadoc(methodJavadoc(binding, backend, contextual, isTry))
            .addModifiers(Modifier.PUBLIC)
            .addParameter(ContextTypeNames.of(binding.context()), "context");
    if (isTry) {
      annotations.checkReturnValue().ifPresent(method::addAnnotation);
    }
    annotations.mustBeClosed().ifPresent(method::addAnnotation);
    TypeName guard = ParameterizedTypeName.get(GUARD, T, contextual);
    method.returns(isTry ? nullable(guard) : guard);
    addOverloadComment(method, binding);
    return method
        .addStatement(
            "return $L($T.INSTANCE, context)",
            isTry ? "tryLockContextual" : "lockContextual",
            contextual)
        .build();
  }

  private MethodSpec timedTryLockWith(ContextBinding binding) {
    ClassName contextual = ClassName.get(binding.contextual());
    ClassName context = ClassName.get(binding.context());
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "Like {@link #tryLockWith($T)}, but waits up to {@code timeout} (zero or less: one\n"
                    + "attempt) for the lock to become free: takes it with {@link $T} because the\n"
                    + "caller proves {@link $T} with {@code context}.\n\n",
                context, contextual, context)
            .add(NOTHING_CHANGED)
            .add("\n@param context the proof of the context\n")
            .add("@param timeout how long to wait at most\n")
            .add("@return the guard, or {@code null} if the lock stayed busy for {@code timeout}\n")
            .add(
                "@throws NullPointerException if {@code context} or {@code timeout} is null, with\n"
                    + "    nothing taken\n");
    if (binding.contextIsToken()) {
      doc.add(
          "@throws IllegalStateException if {@code context} is closed or another thread's, with\n"
              + "    nothing taken\n");
    }
    doc.add(THROWS_INTERRUPTED);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder("tryLockWith")
            .addJavadoc(doc.build())
            .addModifiers(Modifier.PUBLIC)
            .addParameter(ContextTypeNames.of(binding.context()), "context")
            .addParameter(DURATION, "timeout")
            .addException(INTERRUPTED);
    annotations.checkReturnValue().ifPresent(method::addAnnotation);
    annotations.mustBeClosed().ifPresent(method::addAnnotation);
    method.returns(nullable(ParameterizedTypeName.get(GUARD, T, contextual)));
    addOverloadComment(method, binding);
    return method
        .addStatement("return tryLockContextual($T.INSTANCE, context, timeout)", contextual)
        .build();
  }

  /** Says which of the runtime's hook overloads javac picks, and why that is the right one. */
  private static void addOverloadComment(MethodSpec.Builder method, ContextBinding binding) {
    String contextName = binding.context().getSimpleName().toString();
    String token = CONTEXT_TOKEN.simpleName();
    if (binding.contextIsToken()) {
      method.addComment(
          "$L extends $L, so javac picks the overload that checks the token:", contextName, token);
      method.addComment("open, on this thread, and not closed before the guard.");
    } else {
      method.addComment(
          "$L does not extend $L, so javac picks the overload taking Object:", contextName, token);
      method.addComment("a null check only, no token bookkeeping to pay for.");
    }
  }

  /** {@code type}, annotated {@code @Nullable} when the compilation can see JSpecify. */
  private TypeName nullable(TypeName type) {
    return annotations.nullable().map(type::annotated).orElse(type);
  }

  private static CodeBlock classJavadoc(
      BackendModel model, ClassName backend, ClassName lockClass) {
    ContextBinding first = model.bindings().get(0);
    CodeBlock.Builder doc =
        CodeBlock.builder()
            .add(
                "A lock over a value of type {@code T}, taken with {@link $T}, that a caller who\n"
                    + "proves a context can take with a cheaper backend over the same state.\n",
                backend)
            .add("\n<p>Generated by the ctxlock processor from the {@code @WithContext}")
            .add(" annotations on {@link $T}:\n\n<ul>\n", backend);
    for (ContextBinding binding : model.bindings()) {
      doc.add(
          "  <li>proving {@link $T}: {@link #$L($T)}\n      takes the lock with {@link $T}\n",
          ClassName.get(binding.context()),
          "lockWith",
          ClassName.get(binding.context()),
          ClassName.get(binding.contextual()));
    }
    doc.add("</ul>\n");
    if (model.timed()) {
      doc.add(
          "\n<p>{@link $T} is a timed backend: {@link #tryLock($T)} bounds the wait, and\n"
              + "{@link #lockInterruptibly()} gives it up when the thread is interrupted.\n",
          backend, DURATION);
    }
    doc.add("\n<p>Example:\n\n<pre>{@code\n")
        .add("$T<Counter> counter = new $T<>(\"counter\", new Counter());\n", lockClass, lockClass)
        .add("try (Guard<Counter, $T> g = counter.lock()) {\n", backend)
        .add("  g.get().increment();\n}\n")
        .add(
            "// context: a $T\ntry (Guard<Counter, $T> g = counter.lockWith(context)) {\n",
            ClassName.get(first.context()),
            ClassName.get(first.contextual()))
        .add("  g.get().increment();\n}\n}</pre>\n")
        .add("\n@param <T> the protected value's type\n");
    return doc.build();
  }

  private static CodeBlock methodJavadoc(
      ContextBinding binding, ClassName backend, ClassName contextual, boolean isTry) {
    ClassName context = ClassName.get(binding.context());
    CodeBlock.Builder doc = CodeBlock.builder();
    if (isTry) {
      // The contract is lockWith's; repeating it would only make every build parse it twice.
      doc.add(
          "Like {@link #lockWith($T)}, but only if the lock is free now: takes it with\n"
              + "{@link $T} because the caller proves {@link $T} with {@code context}.\n",
          context, contextual, context);
    } else {
      doc.add(
          "Takes this lock with {@link $T}, the cheaper backend, because the caller proves\n"
              + "{@link $T} with {@code context}.\n",
          contextual, context);
      doc.add(
          "\n<p>Holding {@link $T} makes acquiring with {@link $T}\n"
              + "as safe as with {@link $T} (asserted by the {@code @WithContext} annotation on\n"
              + "{@link $T}). The returned guard releases with {@link $T} over this lock's\n"
              + "same state, so no context is left or re-entered; close it before {@code context}.\n",
          context, contextual, backend, backend, contextual);
      if (binding.contextIsToken()) {
        doc.add(
            "\n<p>{@code context} must be open and belong to the calling thread, and cannot be\n"
                + "closed while the guard is open.\n");
      }
    }
    doc.add("\n@param context the proof of the context\n");
    if (isTry) {
      doc.add("@return the guard, or {@code null} if the lock is busy\n");
    } else {
      doc.add("@return the guard that releases the lock\n");
    }
    doc.add("@throws NullPointerException if {@code context} is null, with nothing taken\n");
    if (binding.contextIsToken()) {
      doc.add(
          "@throws IllegalStateException if {@code context} is closed or another thread's, with\n"
              + "    nothing taken\n");
    }
    return doc.build();
  }
}
