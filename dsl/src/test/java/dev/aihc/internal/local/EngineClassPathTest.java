package dev.aihc.internal.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.dsl.AihcException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a background engine's class path comes from, in each layout the product runs from. */
final class EngineClassPathTest {
  @TempDir Path dir;

  @Test
  void givenCheckout_whenFoundFromTheDslJar_thenEveryModuleJarAndLibOnceWithoutBench() throws IOException {
    // given
    Path dsl = checkout();

    // when, then
    assertThat(EngineClassPath.find(dsl, "/elsewhere/app.jar", false)).containsExactly(dsl,
        dir.resolve("local/target/aihc-local-1.0.jar"), dir.resolve("dsl/target/lib/jackson-databind-2.18.jar"),
        dir.resolve("local/target/lib/sqlite-jdbc-3.47.jar"));
  }

  @Test
  void givenCheckout_whenPrintedAsTheLauncherAsksForIt_thenTheClassPathTheEngineGets() throws Exception {
    // given
    Path dsl = checkout();
    Path classes = Path.of(EngineClassPath.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    // when: as ./aihc runs it, in a JVM of the dsl classes alone
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        classes.toString(), EngineClassPath.class.getName(), dir.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

    // then
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).isEqualTo(String.join(File.pathSeparator,
        EngineClassPath.find(dsl, "/elsewhere/app.jar", false).stream().map(Path::toString).toList()));
  }

  /** A checkout built with its sources jar, a lib/ jar in two modules, and the bench; returns the dsl jar. */
  private Path checkout() throws IOException {
    touch(dir.resolve("pom.xml"));
    Path dsl = jar(dir.resolve("dsl/target/aihc-dsl-1.0.jar"), false);
    touch(dir.resolve("dsl/pom.xml"));
    jar(dir.resolve("dsl/target/aihc-dsl-1.0-sources.jar"), false);
    jar(dir.resolve("dsl/target/lib/jackson-databind-2.18.jar"), false);
    jar(dir.resolve("local/target/aihc-local-1.0.jar"), true);
    jar(dir.resolve("local/target/lib/sqlite-jdbc-3.47.jar"), false);
    jar(dir.resolve("local/target/lib/jackson-databind-2.18.jar"), false);
    jar(dir.resolve("bench/target/aihc-bench-1.0.jar"), false);
    jar(dir.resolve("bench/target/lib/jmh-core.jar"), false);
    return dsl;
  }

  @Test
  void givenFlatDirectory_whenFoundFromTheDslJar_thenEveryJarOfClassesInIt() throws IOException {
    // a Jupyter kernel's lib/ (the dsl's sources beside its jar, for Shift-Tab), or a user's own lib folder
    Path dsl = jar(dir.resolve("lib/aihc-dsl-1.0.jar"), false);
    jar(dir.resolve("lib/aihc-dsl-1.0-sources.jar"), false);
    Path local = jar(dir.resolve("lib/aihc-local-1.0.jar"), true);
    Path sqlite = jar(dir.resolve("lib/sqlite-jdbc-3.47.jar"), false);

    assertThat(EngineClassPath.find(dsl, "", false)).containsExactly(dsl, local, sqlite);
  }

  @Test
  void givenEngineOnThisJvmsClassPath_whenFound_thenThatClassPath() throws IOException {
    Path local = jar(dir.resolve("a/aihc-local-1.0.jar"), true);
    Path other = jar(dir.resolve("b/other.jar"), false);

    assertThat(EngineClassPath.find(dir.resolve("nowhere.jar"), local + ":" + other, true))
        .containsExactly(local, other);
  }

  @Test
  void givenNoEngineNextToTheDslJar_whenFound_thenRefusedSayingWhereItLookedAndWhatToDo() throws IOException {
    Path dsl = jar(dir.resolve("m2/aihc-dsl-1.0.jar"), false);

    assertThatThrownBy(() -> EngineClassPath.find(dsl, "", false)).isInstanceOf(AihcException.class)
        .hasMessage("cannot find the local engine (dev.aihc.local.LocalEngineMain) in " + dir.resolve("m2")
            + ". Build it (mvn package in the checkout), put aihc-local and its dependencies (sqlite-jdbc) next to "
            + "aihc-dsl, or start the engine with ./aihc local start");
  }

  private static void touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");
  }

  /** A jar; with the engine's main class in it when {@code engine}. */
  private static Path jar(Path file, boolean engine) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(engine ? EngineClassPath.MAIN_RESOURCE : "META-INF/MANIFEST.MF"));
      zip.closeEntry();
    }
    return file;
  }
}
