package dev.ctxlock.processor.writing;

import static dev.ctxlock.processor.writing.RuntimeClassNames.CONTEXT_TOKEN;
import static dev.ctxlock.processor.writing.RuntimeClassNames.GUARD;
import static dev.ctxlock.processor.writing.RuntimeClassNames.LOCK;

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
import javax.lang.model.element.Modifier;

/**
 * Writes the inherent lock class of style INHERENT: {@code public final class Xyz<T> extends
 * Lock<T, XyzBackend>} with constructors {@code (T data)} and {@code (String name, T data)} and,
 * per annotation, {@code lockWith(C)} and {@code tryLockWith(C)} returning a guard of the
 * contextual backend over the same lock state.
 */
public final class InherentLockWriter {

  private static final TypeVariableName T = TypeVariableName.get("T");

  private final OptionalAnnotations annotations;

  public InherentLockWriter(OptionalAnnotations annotations) {
    this.annotations = annotations;
  }

  /** Returns the source file of {@code model}'s lock class. */
  public JavaFile write(BackendModel model) {
    ClassName backend = ClassName.get(model.backend());
    ClassName lockClass = GeneratedNames.inherentClass(model.backend());
    TypeSpec.Builder type =
        TypeSpec.classBuilder(lockClass)
            .addOriginatingElement(model.backend())
            .addJavadoc(classJavadoc(model, backend, lockClass))
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addTypeVariable(T)
            .superclass(ParameterizedTypeName.get(LOCK, T, backend));
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
                "Returns {@link $T#INSTANCE}, a constant: through this final class the JIT knows\n"
                    + "the backend statically, so {@code lock()} stays monomorphic whatever other\n"
                    + "backends the shared call sites in {@code Lock} have seen.\n",
                backend)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PROTECTED, Modifier.FINAL)
            .returns(backend)
            .addStatement("return $T.INSTANCE", backend)
            .build());
    for (ContextBinding binding : model.bindings()) {
      type.addMethod(lockWith(binding, backend, false));
      type.addMethod(lockWith(binding, backend, true));
    }
    return JavaFile.builder(lockClass.packageName(), type.build())
        .indent("  ")
        .skipJavaLangImports(true)
        .build();
  }

  private MethodSpec lockWith(ContextBinding binding, ClassName backend, boolean isTry) {
    ClassName contextual = ClassName.get(binding.contextual());
    TypeName context = ContextTypeNames.of(binding.context());
    TypeName guard = ParameterizedTypeName.get(GUARD, T, contextual);
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(isTry ? "tryLockWith" : "lockWith")
            .addJavadoc(methodJavadoc(binding, backend, contextual, isTry))
            .addModifiers(Modifier.PUBLIC)
            .addParameter(context, "context");
    if (isTry) {
      annotations.checkReturnValue().ifPresent(method::addAnnotation);
    }
    annotations.mustBeClosed().ifPresent(method::addAnnotation);
    if (isTry && annotations.nullable().isPresent()) {
      guard = guard.annotated(annotations.nullable().get());
    }
    method.returns(guard);
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
    method.addStatement(
        "return $L($T.INSTANCE, context)", isTry ? "tryLockContextual" : "lockContextual",
        contextual);
    return method.build();
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
    doc.add("</ul>\n\n<p>Example:\n\n<pre>{@code\n")
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
              + "nothing taken$L\n",
          isTry ? "" : ", or if this thread holds the lock already (shipped backends)");
    } else if (!isTry) {
      doc.add(
          "@throws IllegalStateException if this thread holds the lock already (shipped\n"
              + "backends)\n");
    }
    return doc.build();
  }
}
