package dev.ctxlock.processor.writing;

import com.palantir.javapoet.ClassName;
import dev.ctxlock.processor.model.RuntimeNames;

/** The runtime types generated code names, as JavaPoet class names. */
final class RuntimeClassNames {

  static final ClassName LOCK = ClassName.get(RuntimeNames.SYNC_PACKAGE, "Lock");
  static final ClassName GUARD = ClassName.get(RuntimeNames.SYNC_PACKAGE, "Guard");
  static final ClassName BACKEND_WITH_CONTEXT =
      ClassName.get(RuntimeNames.SYNC_PACKAGE, "BackendWithContext");
  static final ClassName CONTEXT_TOKEN = ClassName.get(RuntimeNames.SYNC_PACKAGE, "ContextToken");

  private RuntimeClassNames() {}
}
