package dev.ctxlock.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.errorprone.BugPattern;
import com.google.errorprone.bugpatterns.BugChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every check loads as a plugin, and its link opens its page outside the repository. */
class LinksTest {

  @Test
  void everyCheckLoadsAsAServiceAndLinksToItsPageUnderTheProjectsUrl() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher url = Pattern.compile("</licenses>|<url>([^<]+)</url>").matcher(pom);
    assertTrue(url.find() && url.group(1) != null, "the parent pom's <url>");
    String projectUrl = url.group(1);
    List<String> names = new ArrayList<>();
    // ServiceLoader needs a public no-arg constructor: Error Prone loads plugins this way.
    for (BugChecker checker : ServiceLoader.load(BugChecker.class)) {
      if (!checker.getClass().getPackageName().equals("dev.ctxlock.errorprone")) {
        continue;
      }
      BugPattern pattern = checker.getClass().getAnnotation(BugPattern.class);
      String name = checker.getClass().getSimpleName();
      names.add(name);
      assertEquals(
          projectUrl + "/blob/main/docs/bugpatterns/" + name + ".md", pattern.link(), name);
      assertTrue(
          Files.exists(Path.of("..", "docs", "bugpatterns", name + ".md")), name + "'s page");
    }
    assertEquals(6, names.size(), names.toString());
  }
}
