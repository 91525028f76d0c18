package dev.ctxlock.consumer;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The jars users get: the processor shades JavaPoet under its own package (so another processor on
 * the same processor path can bring any JavaPoet) and its published pom no longer lists it; every
 * jar has a stable module name, and the runtime's module exports its API packages only.
 */
class PublishedArtifactsTest {

  @Test
  void theProcessorJarCarriesNoComPalantirClassAndNoReferenceToOne() throws IOException {
    List<String> offenders = new ArrayList<>();
    boolean relocated = false;
    try (JarFile jar = new JarFile(Jars.packaged(Jars.processor()).toFile())) {
      for (JarEntry entry : java.util.Collections.list(jar.entries())) {
        if (entry.getName().startsWith("com/palantir/")) {
          offenders.add(entry.getName());
        }
        relocated |= entry.getName().startsWith("dev/ctxlock/processor/shaded/javapoet/");
        if (entry.getName().endsWith(".class")) {
          String bytes = new String(jar.getInputStream(entry).readAllBytes(), ISO_8859_1);
          if (bytes.contains("com/palantir/")) {
            offenders.add(entry.getName() + " refers to com/palantir/");
          }
        }
      }
      assertEquals(List.of(), offenders);
      assertTrue(relocated, "JavaPoet is relocated to dev.ctxlock.processor.shaded.javapoet");
      assertNotNull(jar.getEntry("META-INF/services/javax.annotation.processing.Processor"));
      assertNotNull(jar.getEntry("META-INF/gradle/incremental.annotation.processors"));
    }
  }

  @Test
  void theProcessorsPublishedPomDoesNotListJavaPoet() throws Exception {
    Path pom = Path.of(System.getProperty("ctxlock.processor.publishedPom"));
    Jars.packaged(Jars.processor());
    Document document =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    Set<String> dependencies = new TreeSet<>();
    for (Element dependency : dependencies(document)) {
      dependencies.add(text(dependency, "groupId") + ":" + text(dependency, "artifactId"));
    }
    assertTrue(dependencies.contains("dev.ctxlock:ctxlock-annotations"), dependencies::toString);
    assertFalse(
        dependencies.contains("com.palantir.javapoet:javapoet"),
        () -> pom + " still lists javapoet: " + dependencies);
  }

  /** What generated code and users need must reach consumers through the runtime's pom. */
  @Test
  void theRuntimesPomGivesConsumersWhatGeneratedCodeNeeds() throws Exception {
    Map<String, String> scopes = new TreeMap<>();
    try (JarFile jar = new JarFile(Jars.packaged(Jars.runtime()).toFile())) {
      JarEntry pom = jar.getJarEntry("META-INF/maven/dev.ctxlock/ctxlock-runtime/pom.xml");
      assertNotNull(pom, "the runtime jar carries its pom");
      Document document =
          DocumentBuilderFactory.newInstance()
              .newDocumentBuilder()
              .parse(jar.getInputStream(pom));
      for (Element dependency : dependencies(document)) {
        String scope =
            dependency.getElementsByTagName("scope").getLength() == 0
                ? "compile"
                : text(dependency, "scope");
        if (dependency.getElementsByTagName("optional").getLength() > 0
            && text(dependency, "optional").equals("true")) {
          scope += " optional";
        }
        scopes.put(text(dependency, "groupId") + ":" + text(dependency, "artifactId"), scope);
      }
    }
    for (String needed :
        List.of(
            "dev.ctxlock:ctxlock-annotations",
            "org.jspecify:jspecify",
            "com.google.errorprone:error_prone_annotations")) {
      assertEquals("compile", scopes.get(needed), () -> needed + " in " + scopes);
    }
  }

  /** The project's own dependencies (not those of dependencyManagement or plugins). */
  private static List<Element> dependencies(Document document) {
    List<Element> result = new ArrayList<>();
    NodeList nodes = document.getDocumentElement().getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element section
          && section.getTagName().equals("dependencies")) {
        NodeList dependencyNodes = section.getElementsByTagName("dependency");
        for (int j = 0; j < dependencyNodes.getLength(); j++) {
          result.add((Element) dependencyNodes.item(j));
        }
      }
    }
    return result;
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent().strip();
  }

  @Test
  void everyJarHasItsModuleName() throws IOException {
    Map<String, String> expected = new TreeMap<>();
    expected.put("dev.ctxlock.annotations", Jars.annotations().toString());
    expected.put("dev.ctxlock.processor", Jars.processor().toString());
    expected.put("dev.ctxlock.runtime", Jars.runtime().toString());
    expected.put("dev.ctxlock.testkit", Jars.testkit().toString());
    Map<String, String> actual = new TreeMap<>();
    for (Path jar :
        List.of(Jars.annotations(), Jars.processor(), Jars.runtime(), Jars.testkit())) {
      ModuleDescriptor descriptor = descriptor(Jars.packaged(jar));
      actual.put(descriptor.name(), jar.toString());
      try (JarFile file = new JarFile(jar.toFile())) {
        // Also in the manifest, for tools that read only that (the descriptor wins where both are).
        assertEquals(
            descriptor.name(),
            file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"),
            jar.toString());
      }
    }
    assertEquals(expected, actual);
    assertTrue(
        descriptor(Jars.processor()).provides().stream()
            .anyMatch(p -> p.service().equals("javax.annotation.processing.Processor")),
        "the processor is found on a processor module path too");
  }

  @Test
  void theRuntimeModuleExportsItsApiAndReadsTheAnnotationsTransitively() {
    ModuleDescriptor runtime = descriptor(Jars.packaged(Jars.runtime()));
    assertFalse(runtime.isAutomatic());
    Set<String> exports = new TreeSet<>();
    runtime
        .exports()
        .forEach(e -> exports.add(e.source() + (e.isQualified() ? " (qualified)" : "")));
    assertEquals(Set.of("dev.ctxlock.interrupt", "dev.ctxlock.sync"), exports);
    assertTrue(runtime.packages().contains("dev.ctxlock.internal"));
    assertTrue(runtime.opens().isEmpty());

    Set<String> staticTransitive = new TreeSet<>();
    for (Requires requires : runtime.requires()) {
      if (requires.modifiers().containsAll(
          Set.of(Requires.Modifier.STATIC, Requires.Modifier.TRANSITIVE))) {
        staticTransitive.add(requires.name());
      }
    }
    assertEquals(
        Set.of("dev.ctxlock.annotations", "org.jspecify", "com.google.errorprone.annotations"),
        staticTransitive);

    ModuleDescriptor annotations = descriptor(Jars.packaged(Jars.annotations()));
    assertFalse(annotations.isAutomatic());
    assertEquals(
        Set.of("dev.ctxlock.annotations"),
        annotations.exports().stream().map(ModuleDescriptor.Exports::source).collect(
            java.util.stream.Collectors.toSet()));
  }

  private static ModuleDescriptor descriptor(Path jar) {
    return ModuleFinder.of(jar).findAll().iterator().next().descriptor();
  }
}
