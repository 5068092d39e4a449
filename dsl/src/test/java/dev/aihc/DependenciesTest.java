package dev.aihc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The run-time dependency tree of aihc-dsl is the one README names, each with its reason: a new
 * dependency (or one that a version bump drags in) is a decision written down, not an accident.
 */
final class DependenciesTest {
  /** dsl/target, found from these test classes (the local module runs dsl's test classes from its own directory). */
  private static final Path TARGET = target();
  private static final Path RESOLVED = TARGET.resolve("runtime-dependencies.txt");
  private static final Path README = TARGET.resolve("../../README.md").normalize();
  private static final String SECTION = "`aihc-dsl` at run time:";
  /** {@code   com.squareup.okio:okio-jvm:jar:3.16.4:compile -- module okio [auto]} */
  private static final Pattern LISTED = Pattern.compile("^\\s+([\\w.-]+):([\\w.-]+):[\\w.-]+:.*$", Pattern.MULTILINE);
  /** {@code - `com.squareup.okio:okio-jvm`: OkHttp's I/O library.} */
  private static final Pattern DOCUMENTED = Pattern.compile("^- `([\\w.-]+:[\\w.-]+)`: \\S.*$", Pattern.MULTILINE);

  private static Path target() {
    try {
      return Path.of(DependenciesTest.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void givenTheTreeMavenResolves_whenComparedWithReadme_thenEveryRunTimeArtifactIsNamedThereWithItsReason()
      throws IOException {
    assertThat(RESOLVED).as("written by the build (maven-dependency-plugin list, generate-test-resources)").exists();
    Set<String> resolved = new TreeSet<>();
    Matcher m = LISTED.matcher(Files.readString(RESOLVED));
    while (m.find()) resolved.add(m.group(1) + ":" + m.group(2));

    String readme = Files.readString(README);
    int start = readme.indexOf(SECTION);
    assertThat(start).as("README names aihc-dsl's dependencies under " + SECTION).isNotNegative();
    int end = readme.indexOf("\n\n", start);
    Set<String> documented = new TreeSet<>();
    Matcher d = DOCUMENTED.matcher(readme.substring(start, end < 0 ? readme.length() : end));
    while (d.find()) documented.add(d.group(1));

    assertThat(resolved).as("aihc-dsl's run-time dependencies (add a new one to README's list, with why)")
        .contains("com.squareup.okhttp3:okhttp-jvm", "com.fasterxml.jackson.core:jackson-databind")
        .isEqualTo(documented);
  }
}
