package dev.ctxlock.processor.writing;

import static dev.ctxlock.processor.diagnostics.Messages.WRITE_FAILED;

import com.palantir.javapoet.JavaFile;
import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.model.BackendModel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.lang.model.element.ModuleElement;
import javax.lang.model.util.Elements;

/**
 * Writes a validated backend's generated files through the {@link Filer}: the witness class
 * always, the inherent lock class for style INHERENT. Each file's sole originating element is the
 * backend (an isolating processor). Which optional annotations the files carry is decided per
 * module of the backend (see {@link OptionalAnnotations}), once per module and round; which {@code
 * java.lang} types they write qualified, per package of the backend (see {@link JavaLangShadows}).
 */
public final class SourceFileWriter {

  private final Filer filer;
  private final Elements elements;
  private final Reporter reporter;
  /** Keyed by module name; "" is the unnamed module, and compilations without modules. */
  private final Map<String, Writers> writersByModule = new HashMap<>();

  public SourceFileWriter(Filer filer, Elements elements, Reporter reporter) {
    this.filer = filer;
    this.elements = elements;
    this.reporter = reporter;
  }

  /** Writes {@code model}'s files; reports an error on the backend if the Filer refuses one. */
  public void write(BackendModel model) {
    Writers writers = writersFor(elements.getModuleOf(model.backend()));
    Set<String> qualified = JavaLangShadows.in(elements.getPackageOf(model.backend()), elements);
    write(model, writers.witness.write(model, qualified));
    if (model.style() == Style.INHERENT) {
      write(model, writers.inherentLock.write(model, qualified));
    }
  }

  private Writers writersFor(ModuleElement module) {
    String key = module == null || module.isUnnamed() ? "" : module.getQualifiedName().toString();
    return writersByModule.computeIfAbsent(
        key, k -> new Writers(new OptionalAnnotations(elements, module)));
  }

  private static final class Writers {
    final WitnessWriter witness;
    final InherentLockWriter inherentLock;

    Writers(OptionalAnnotations annotations) {
      this.witness = new WitnessWriter(annotations);
      this.inherentLock = new InherentLockWriter(annotations);
    }
  }

  private void write(BackendModel model, JavaFile file) {
    try {
      file.writeTo(filer);
    } catch (IOException e) {
      reporter.report(
          WRITE_FAILED,
          Location.of(model.backend()),
          model.backend().getQualifiedName(),
          file.packageName() + "." + file.typeSpec().name(),
          e);
    }
  }
}
