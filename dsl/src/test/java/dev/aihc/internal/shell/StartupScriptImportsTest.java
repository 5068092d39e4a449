package dev.aihc.internal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code aihc.jsh} in step with the product: every public package is imported, and no simple
 * name becomes ambiguous in a script or in {@code ./aihc shell}.
 */
final class StartupScriptImportsTest {

  private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+([\\w.]+)\\.\\*\\s*;");

  /** JShell's DEFAULT startup, which {@code ./aihc shell} loads before aihc.jsh. */
  private static final List<String> JSHELL_DEFAULT_IMPORTS = List.of("java.io", "java.math", "java.net",
      "java.nio.file", "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs",
      "java.util.regex", "java.util.stream");

  private static Set<String> importedPackages() {
    Set<String> packages = new TreeSet<>();
    Matcher m = IMPORT.matcher(StartupScript.text());
    while (m.find()) {
      packages.add(m.group(1));
    }
    return packages;
  }

  /** Public top-level classes built from this module's sources, by package. */
  private static Map<String, List<Class<?>>> productClassesByPackage() throws Exception {
    Path classes = Path.of(AihcShell.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).as("the dsl module's compiled classes").isDirectory();
    Map<String, List<Class<?>>> byPackage = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes.resolve("dev/aihc"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).collect(Collectors.toList())) {
        String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        if (name.contains("$") || name.endsWith("package-info") || name.endsWith("module-info")) {
          continue;
        }
        Class<?> type = Class.forName(name, false, AihcShell.class.getClassLoader());
        if (Modifier.isPublic(type.getModifiers())) {
          byPackage.computeIfAbsent(type.getPackageName(), p -> new ArrayList<>()).add(type);
        }
      }
    }
    return byPackage;
  }

  private static boolean isInternal(String packageName) {
    return (packageName + ".").contains(".internal.");
  }

  /** Simple names of the public top-level types of a JDK package, read from the run-time image. */
  private static Set<String> jdkPublicTypes(String packageName) throws IOException {
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    Set<String> names = new TreeSet<>();
    try (Stream<Path> modules = Files.list(jrt.getPath("/packages", packageName))) {
      for (Path module : modules.collect(Collectors.toList())) {
        Path dir = jrt.getPath("/modules", module.getFileName().toString(), packageName.replace('.', '/'));
        try (Stream<Path> files = Files.list(dir)) {
          for (Path file : files.collect(Collectors.toList())) {
            String simple = file.getFileName().toString();
            if (!simple.endsWith(".class") || simple.contains("$") || simple.contains("-info")) {
              continue;
            }
            simple = simple.substring(0, simple.length() - ".class".length());
            try {
              if (Modifier.isPublic(Class.forName(packageName + "." + simple, false, null).getModifiers())) {
                names.add(simple);
              }
            } catch (ClassNotFoundException | LinkageError notLoadable) {
              // not visible to the boot loader: not something an import brings in either
            }
          }
        }
      }
    }
    return names;
  }

  @Test
  void givenBuiltClasses_whenReadingStartupScript_thenEveryPublicProductPackageIsImported()
      throws Exception {
    // given
    Set<String> productPackages = productClassesByPackage().keySet().stream()
        .filter(p -> !isInternal(p))
        .collect(Collectors.toCollection(TreeSet::new));

    // when
    Set<String> imported = importedPackages();

    // then
    assertThat(productPackages).as("public product packages").isNotEmpty();
    assertThat(imported).as("packages imported by %s", StartupScript.RESOURCE)
        .containsAll(productPackages);
    assertThat(imported).as("no internal package is imported").noneMatch(StartupScriptImportsTest::isInternal);
  }

  @Test
  void givenImportedProductPackages_whenComparingSimpleNames_thenNoTwoPublicClassesClash()
      throws Exception {
    // given
    Set<String> imported = importedPackages();
    Map<String, List<String>> owners = new TreeMap<>();
    productClassesByPackage().forEach((pkg, types) -> {
      if (imported.contains(pkg)) {
        types.forEach(t -> owners.computeIfAbsent(t.getSimpleName(), n -> new ArrayList<>()).add(t.getName()));
      }
    });

    // when
    Map<String, List<String>> clashes = owners.entrySet().stream()
        .filter(e -> e.getValue().size() > 1)
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));

    // then
    assertThat(clashes).as("simple names defined by more than one imported product package").isEmpty();
  }

  @Test
  void givenImportedJdkPackages_whenComparingWithProductClasses_thenNoSimpleNameIsAmbiguous()
      throws Exception {
    // given
    Set<String> jdkPackages = new TreeSet<>(JSHELL_DEFAULT_IMPORTS);
    importedPackages().stream().filter(p -> p.startsWith("java.") || p.startsWith("javax."))
        .forEach(jdkPackages::add);
    Map<String, String> jdkOwner = new TreeMap<>();
    for (String pkg : jdkPackages) {
      for (String simple : jdkPublicTypes(pkg)) {
        jdkOwner.putIfAbsent(simple, pkg + "." + simple);
      }
    }
    assertThat(jdkOwner).as("public types found in %s", jdkPackages).containsKeys("Duration", "List", "Path");

    // when
    List<String> clashes = new ArrayList<>();
    Set<String> imported = importedPackages();
    productClassesByPackage().forEach((pkg, types) -> {
      if (imported.contains(pkg)) {
        types.stream().filter(t -> jdkOwner.containsKey(t.getSimpleName()))
            .forEach(t -> clashes.add(t.getName() + " vs " + jdkOwner.get(t.getSimpleName())));
      }
    });

    // then
    assertThat(clashes).as("product classes whose simple name a JDK import also brings in").isEmpty();
  }

  @Test
  void givenStartupScript_whenEvaluatedByJShell_thenEverySnippetIsValid() {
    try (JShell jshell = JShell.builder().executionEngine("local")
        .compilerOptions("--class-path", System.getProperty("java.class.path")).build()) {
      // when
      List<SnippetEvent> events = new ArrayList<>();
      for (SnippetSplitter.Snippet s : SnippetSplitter.split(StartupScript.text(), jshell.sourceCodeAnalysis())) {
        events.addAll(jshell.eval(s.source()));
      }

      // then
      assertThat(events).isNotEmpty();
      assertThat(events).allSatisfy(e -> assertThat(e.status())
          .as("%s: %s", e.snippet().source(), jshell.diagnostics(e.snippet())
              .map(d -> d.getMessage(null)).collect(Collectors.joining("; ")))
          .isEqualTo(Snippet.Status.VALID));
    }
  }
}
