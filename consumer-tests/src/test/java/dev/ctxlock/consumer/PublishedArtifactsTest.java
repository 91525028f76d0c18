package dev.ctxlock.consumer;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Requires;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The jars users get: the processor shades JavaPoet under its own package (so another processor on
 * the same processor path can bring any JavaPoet) and its published pom no longer lists it; every
 * jar has a stable module name, and the runtime's module exports its API packages only. Every
 * published artifact comes with {@code -sources} and {@code -javadoc} jars and a pom with the
 * metadata Maven Central requires.
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

  /** Each published jar, with a type whose source file and Javadoc page its attached jars carry. */
  private static Map<Path, String> publishedJars() {
    Map<Path, String> jars = new LinkedHashMap<>();
    jars.put(Jars.annotations(), "dev/ctxlock/annotations/WithContext");
    jars.put(Jars.processor(), "dev/ctxlock/processor/WithContextProcessor");
    jars.put(Jars.runtime(), "dev/ctxlock/sync/Lock");
    jars.put(Jars.testkit(), "dev/ctxlock/testkit/BackendPairContract");
    return jars;
  }

  /** The jar attached next to a main one: {@code ctxlock-runtime-<version>-sources.jar}. */
  private static Path attached(Path jar, String classifier) {
    String name = Jars.packaged(jar).getFileName().toString();
    Path path =
        jar.resolveSibling(
            name.substring(0, name.length() - ".jar".length()) + "-" + classifier + ".jar");
    assertTrue(Files.isRegularFile(path), () -> path + " is missing");
    return path;
  }

  @Test
  void everyPublishedJarHasASourcesJar() throws IOException {
    for (Map.Entry<Path, String> jar : publishedJars().entrySet()) {
      Path sources = attached(jar.getKey(), "sources");
      Set<String> entries = entries(sources);
      assertTrue(
          entries.contains(jar.getValue() + ".java"),
          () -> sources + " lacks " + jar.getValue() + ".java: " + entries);
      assertTrue(
          entries.stream().noneMatch(e -> e.endsWith(".class")),
          () -> sources + " carries class files");
    }
    // Generated sources are sources too: an IDE navigating to SpinLockIrq finds its code.
    assertTrue(
        entries(attached(Jars.runtime(), "sources")).contains("dev/ctxlock/sync/SpinLockIrq.java"));
  }

  @Test
  void everyPublishedJarHasAJavadocJarOfItsApiOnly() throws IOException {
    for (Map.Entry<Path, String> jar : publishedJars().entrySet()) {
      Path javadoc = attached(jar.getKey(), "javadoc");
      Set<String> entries = entries(javadoc);
      assertTrue(entries.contains("index.html"), () -> javadoc + " has no index.html");
      // Module-aware javadoc puts pages under the module's name: dev.ctxlock.runtime/dev/...
      String page = jar.getValue() + ".html";
      assertTrue(
          entries.stream().anyMatch(e -> e.equals(page) || e.endsWith("/" + page)),
          () -> javadoc + " has no " + page);
    }
    Set<String> runtimeDocs = entries(attached(Jars.runtime(), "javadoc"));
    assertTrue(
        runtimeDocs.stream().anyMatch(e -> e.endsWith("/dev/ctxlock/sync/SpinLockIrq.html")),
        "the generated SpinLockIrq is documented");
    // The internal packages are exported to the schedule explorer only; javadoc counts a qualified
    // export as exported and documents them, under package docs that say they are not API. The
    // runtime's other internal packages (the validator, the JFR client) are not documented.
    assertTrue(
        runtimeDocs.stream()
            .filter(e -> e.contains("dev/ctxlock/internal/"))
            .allMatch(
                e -> e.matches(".*dev/ctxlock/internal/([^/]+\\.html|class-use/.*|probe/.*)?")),
        "only the internal packages exported to the explorer are documented");
    assertTrue(
        runtimeDocs.stream().noneMatch(e -> e.contains("dev/ctxlock/internal/lockdep/")),
        "the validator's package is not exported, so not documented");
  }

  /**
   * What Maven Central requires of every published pom, through inheritance from ctxlock-parent: a
   * name and description of the module's own, and the project's url, license, scm and developers.
   * The processor is published with its dependency-reduced pom; the others with their pom.xml.
   */
  @Test
  void everyPublishedPomCarriesTheMetadataCentralRequires() throws Exception {
    Path publishedProcessorPom = Path.of(System.getProperty("ctxlock.processor.publishedPom"));
    Jars.packaged(Jars.processor());
    // Surefire runs in this module's directory and tells it as basedir.
    Path root = Path.of(System.getProperty("basedir", "")).toAbsolutePath().getParent();
    Element parent = parse(root.resolve("pom.xml"));
    assertEquals("ctxlock-parent", childText(parent, "artifactId"));
    String url = childText(parent, "url");
    assertTrue(url.startsWith("https://"), url);
    // Without these, Maven publishes each module's url and scm with its artifactId appended.
    assertEquals("false", parent.getAttribute("child.project.url.inherit.append.path"));
    Element scm = child(parent, "scm");
    for (String part : List.of("connection", "developerConnection", "url")) {
      assertEquals("false", scm.getAttribute("child.scm." + part + ".inherit.append.path"), part);
      assertFalse(childText(scm, part).isEmpty(), part);
    }
    Element license = child(child(parent, "licenses"), "license");
    assertEquals("Apache-2.0", childText(license, "name"));
    assertEquals("https://www.apache.org/licenses/LICENSE-2.0.txt", childText(license, "url"));
    assertFalse(childText(child(child(parent, "developers"), "developer"), "name").isEmpty());
    String licenseFile = Files.readString(root.resolve("LICENSE"));
    assertTrue(
        licenseFile.contains("Apache License") && licenseFile.contains("Version 2.0, January 2004"),
        "LICENSE holds the Apache License 2.0");

    Map<String, Path> poms = new TreeMap<>();
    for (String artifactId :
        List.of("ctxlock-annotations", "ctxlock-runtime", "ctxlock-testkit")) {
      poms.put(artifactId, root.resolve(artifactId.substring("ctxlock-".length())).resolve("pom.xml"));
    }
    poms.put("ctxlock-processor", publishedProcessorPom);
    for (Map.Entry<String, Path> entry : poms.entrySet()) {
      Element pom = parse(entry.getValue());
      String where = entry.getValue().toString();
      assertEquals(entry.getKey(), childText(pom, "artifactId"), where);
      Element pomParent = child(pom, "parent");
      assertEquals("dev.ctxlock", childText(pomParent, "groupId"), where);
      assertEquals("ctxlock-parent", childText(pomParent, "artifactId"), where);
      assertEquals(childText(parent, "version"), childText(pomParent, "version"), where);
      assertFalse(childText(pom, "name").isEmpty(), () -> where + " has no name");
      assertFalse(childText(pom, "description").isEmpty(), () -> where + " has no description");
      // Inherited as they are: a module that overrode them would publish another project's.
      for (String inherited : List.of("url", "licenses", "scm", "developers")) {
        assertNull(childOrNull(pom, inherited), () -> where + " overrides " + inherited);
      }
    }
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
    Set<String> qualified = new TreeSet<>();
    runtime
        .exports()
        .forEach(
            e -> {
              if (e.isQualified()) {
                qualified.add(e.source() + " to " + e.targets());
              } else {
                exports.add(e.source());
              }
            });
    assertEquals(Set.of("dev.ctxlock.interrupt", "dev.ctxlock.sync"), exports);
    // The instrumentation seam and the emulated CPUs, to the schedule explorer only: not API.
    assertEquals(
        Set.of(
            "dev.ctxlock.internal to [dev.ctxlock.explorer]",
            "dev.ctxlock.internal.probe to [dev.ctxlock.explorer]"),
        qualified);
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

  private static Set<String> entries(Path jar) throws IOException {
    Set<String> names = new TreeSet<>();
    try (JarFile file = new JarFile(jar.toFile())) {
      file.stream().forEach(e -> names.add(e.getName()));
    }
    return names;
  }

  private static Element parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(pom.toFile())
        .getDocumentElement();
  }

  /** The direct child element named {@code tag}, or null. */
  private static @Nullable Element childOrNull(Element parent, String tag) {
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element element && element.getTagName().equals(tag)) {
        return element;
      }
    }
    return null;
  }

  private static String childText(Element parent, String tag) {
    return child(parent, tag).getTextContent().strip();
  }

  private static Element child(Element parent, String tag) {
    Element element = childOrNull(parent, tag);
    assertNotNull(element, () -> "<" + parent.getTagName() + "> has no <" + tag + ">");
    return element;
  }
}
