package dev.aihc.internal.local;

import dev.aihc.dsl.AihcException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The class path a background engine runs with, found from where the dsl jar is, so that it works
 * wherever the product runs:
 *
 * <ul>
 *   <li>the JVM's own class path when it has the engine ({@code ./aihc}, a user's project with
 *       aihc-local, the tests);
 *   <li>a checkout ({@code dsl/target/aihc-dsl-*.jar}): every {@code *&#47;target/aihc-*.jar} and
 *       {@code *&#47;target/lib/*.jar}, as the launcher collects them;
 *   <li>a flat directory (a Jupyter kernel's, a user's lib folder): every jar in it.
 * </ul>
 *
 * <p>{@code ./aihc} runs the shell, the CLI and the kernel install with the checkout's class path as
 * {@link #main} prints it, so the rule is written here only.
 */
public final class EngineClassPath {
  /** The engine's main class. */
  public static final String MAIN_CLASS = "dev.aihc.local.LocalEngineMain";
  static final String MAIN_RESOURCE = MAIN_CLASS.replace('.', '/') + ".class";

  private EngineClassPath() {}

  /**
   * Prints the class path of the product built in the checkout {@code args[0]} (every module's
   * {@code target/aihc-*.jar}, then each {@code target/lib} jar once), for {@code ./aihc}; exits 1 when it
   * does not hold the engine.
   */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: EngineClassPath CHECKOUT");
      System.exit(2);
    }
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    List<Path> entries = checkout(root, "jar");
    if (entries.stream().noneMatch(EngineClassPath::holdsEngine)) {
      System.err.println("aihc: no module of " + root + " holds the local engine (" + MAIN_CLASS + "); build it");
      System.exit(1);
    }
    System.out.println(String.join(File.pathSeparator, entries.stream().map(Path::toString).toList()));
  }

  /**
   * The engine class path for a JVM whose dsl classes were loaded from {@code anchor}'s code source.
   *
   * @throws AihcException when no entry holds the engine, saying where it looked and what to do
   */
  public static List<Path> find(Class<?> anchor) {
    boolean onClassPath = ClassLoader.getSystemClassLoader().getResource(MAIN_RESOURCE) != null;
    return find(location(anchor), System.getProperty("java.class.path", ""), onClassPath);
  }

  static List<Path> find(Path dslLocation, String javaClassPath, boolean engineOnClassPath) {
    List<Path> entries;
    String where;
    if (engineOnClassPath) {
      entries = split(javaClassPath);
      where = "the class path of this JVM";
    } else if (dslLocation == null) {
      throw new AihcException("cannot find the local engine: the location of the aihc-dsl classes is unknown and "
          + MAIN_CLASS + " is not on the class path. Add aihc-local and its dependencies to the class path, or start "
          + "the engine with ./aihc local start");
    } else if (Files.isDirectory(dslLocation)) {
      Path root = checkoutRoot(dslLocation.getParent());
      entries = root == null ? List.of(dslLocation) : checkout(root, "classes");
      where = root == null ? dslLocation.toString() : root + "/*/target";
    } else {
      Path dir = dslLocation.getParent();
      Path root = checkoutRoot(dir);
      entries = root == null ? jars(dir) : checkout(root, "jar");
      where = root == null ? dir.toString() : root + "/*/target";
    }
    if (entries.stream().noneMatch(EngineClassPath::holdsEngine)) {
      throw new AihcException("cannot find the local engine (" + MAIN_CLASS + ") in " + where
          + ". Build it (mvn package in the checkout), put aihc-local and its dependencies (sqlite-jdbc) next to "
          + "aihc-dsl, or start the engine with ./aihc local start");
    }
    return entries;
  }

  /** The root of a Maven checkout when {@code target} is a module's target directory, else null. */
  private static Path checkoutRoot(Path target) {
    if (target == null || !target.getFileName().toString().equals("target")) return null;
    Path module = target.getParent();
    if (module == null || !Files.exists(module.resolve("pom.xml")) || module.getParent() == null) return null;
    return Files.exists(module.getParent().resolve("pom.xml")) ? module.getParent() : null;
  }

  /**
   * Each module's {@code target/aihc-*.jar} (or {@code target/classes}), then each module's
   * {@code target/lib/*.jar}, one jar per file name; bench (JMH) is no part of the product.
   */
  private static List<Path> checkout(Path root, String kind) {
    List<Path> modules = list(root).stream()
        .filter(m -> Files.isDirectory(m.resolve("target")) && !m.getFileName().toString().equals("bench"))
        .toList();
    List<Path> out = new ArrayList<>();
    for (Path m : modules) {
      if (kind.equals("classes")) {
        Path classes = m.resolve("target/classes");
        if (Files.isDirectory(classes)) out.add(classes);
      } else {
        list(m.resolve("target")).stream().filter(EngineClassPath::isProductJar).forEach(out::add);
      }
    }
    Map<String, Path> libs = new LinkedHashMap<>();
    for (Path m : modules) {
      for (Path jar : jars(m.resolve("target/lib"))) libs.putIfAbsent(jar.getFileName().toString(), jar);
    }
    out.addAll(libs.values());
    return out;
  }

  private static boolean isProductJar(Path p) {
    return p.getFileName().toString().startsWith("aihc-") && isClassesJar(p);
  }

  /** A jar of classes: not the sources or Javadoc beside one (the kernel install copies sources there), nor tests. */
  private static boolean isClassesJar(Path p) {
    String name = p.getFileName().toString();
    return name.endsWith(".jar") && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar")
        && !name.endsWith("-tests.jar") && !name.endsWith("-launcher.jar");
  }

  private static List<Path> jars(Path dir) {
    return list(dir).stream().filter(p -> isClassesJar(p) && Files.isRegularFile(p)).toList();
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static List<Path> split(String classPath) {
    List<Path> out = new ArrayList<>();
    for (String entry : classPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) out.add(Path.of(entry).toAbsolutePath());
    }
    return out;
  }

  private static boolean holdsEngine(Path entry) {
    if (Files.isDirectory(entry)) return Files.isRegularFile(entry.resolve(MAIN_RESOURCE));
    if (!Files.isRegularFile(entry)) return false;
    try (ZipFile zip = new ZipFile(entry.toFile())) {
      return zip.getEntry(MAIN_RESOURCE) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path location(Class<?> anchor) {
    CodeSource source = anchor.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) return null;
    try {
      return Path.of(source.getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
