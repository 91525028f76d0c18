package dev.ctxlock.processor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Backends whose types did not resolve yet, by qualified name (elements are not reused across
 * rounds), to validate again in the next round.
 */
final class DeferredBackends {

  private final Set<String> names = new LinkedHashSet<>();

  void defer(TypeElement backend) {
    names.add(backend.getQualifiedName().toString());
  }

  /** Removes and returns the deferred backends, fetched afresh from this round's elements. */
  List<TypeElement> takeAll(Elements elements) {
    List<TypeElement> backends = new ArrayList<>();
    for (String name : names) {
      TypeElement backend = elements.getTypeElement(name);
      if (backend != null) {
        backends.add(backend);
      }
    }
    names.clear();
    return backends;
  }

  /**
   * Forgets every deferred backend: in the last round, the types that never resolved get javac's
   * own "cannot find symbol", and nothing is reported or generated for them.
   */
  void dropAll() {
    names.clear();
  }
}
