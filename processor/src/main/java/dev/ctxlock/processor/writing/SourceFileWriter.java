package dev.ctxlock.processor.writing;

import static dev.ctxlock.processor.diagnostics.Messages.WRITE_FAILED;

import com.palantir.javapoet.JavaFile;
import dev.ctxlock.annotations.Style;
import dev.ctxlock.processor.diagnostics.Location;
import dev.ctxlock.processor.diagnostics.Reporter;
import dev.ctxlock.processor.model.BackendModel;
import java.io.IOException;
import javax.annotation.processing.Filer;
import javax.lang.model.util.Elements;

/**
 * Writes a validated backend's generated files through the {@link Filer}: the witness class
 * always, the inherent lock class for style INHERENT. Each file's sole originating element is the
 * backend (an isolating processor).
 */
public final class SourceFileWriter {

  private final Filer filer;
  private final Reporter reporter;
  private final WitnessWriter witnessWriter;
  private final InherentLockWriter inherentLockWriter;

  public SourceFileWriter(Filer filer, Elements elements, Reporter reporter) {
    this.filer = filer;
    this.reporter = reporter;
    OptionalAnnotations annotations = new OptionalAnnotations(elements);
    this.witnessWriter = new WitnessWriter(annotations);
    this.inherentLockWriter = new InherentLockWriter(annotations);
  }

  /** Writes {@code model}'s files; reports an error on the backend if the Filer refuses one. */
  public void write(BackendModel model) {
    write(model, witnessWriter.write(model));
    if (model.style() == Style.INHERENT) {
      write(model, inherentLockWriter.write(model));
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
