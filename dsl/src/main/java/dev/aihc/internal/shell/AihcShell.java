package dev.aihc.internal.shell;

import dev.aihc.Aihc;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * The console program behind {@code ./aihc run} and {@code ./aihc shell}: JShell in this JVM, with the
 * product on the class path and {@code aihc.jsh} loaded first.
 *
 * <pre>
 * java -cp CLASSPATH dev.aihc.internal.shell.AihcShell run FILE.jsh
 * java -cp CLASSPATH dev.aihc.internal.shell.AihcShell shell [jshell options]
 * </pre>
 *
 * <p>The class path is this JVM's own ({@code java.class.path}): the snippets run here, so they see
 * exactly the classes the compiler sees.
 */
public final class AihcShell {

  private static final String USAGE = "usage: AihcShell run FILE.jsh | shell [jshell options]";
  private static final Pattern IMPORT = Pattern.compile("(?m)^\\s*import\\s+([\\w.]+\\.\\*)\\s*;");

  private AihcShell() {}

  /** Runs a script or starts the interactive shell; see the class comment. Exits with its status. */
  public static void main(String[] args) {
    // Output of a script that ends in System.exit(n) must not be lost in a buffer.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.flush();
      System.err.flush();
    }, "aihc-flush"));
    String classPath = System.getProperty("java.class.path");
    String command = args.length == 0 ? "" : args[0];
    List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
    int status;
    try {
      switch (command) {
        case "run" -> status = run(classPath, rest);
        case "shell" -> status = shell(classPath, rest);
        default -> {
          System.err.println(USAGE);
          status = 2;
        }
      }
    } catch (IllegalStateException e) { // e.g. the startup script is missing from the class path
      System.err.println("aihc " + command + ": " + e.getMessage());
      status = 1;
    }
    // Threads the script left running must not keep the JVM alive.
    System.exit(status);
  }

  private static int run(String classPath, List<String> args) {
    if (args.size() != 1) {
      System.err.println("usage: aihc run FILE.jsh");
      return 2;
    }
    String file = args.get(0);
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("aihc run: cannot read " + file + ": " + e);
      return 2;
    }
    ScriptRunner.Script startup = new ScriptRunner.Script(StartupScript.NAME, StartupScript.text());
    try (ScriptRunner runner = new ScriptRunner(classPath, System.err)) {
      // Each Ctrl-C is handled on a thread of its own.
      AtomicBoolean interrupting = new AtomicBoolean();
      InterruptSignal.onInterrupt(() -> {
        if (interrupting.getAndSet(true)) {
          System.err.println("aihc run: interrupted again; exiting now");
          System.exit(ScriptRunner.INTERRUPTED);
        }
        System.err.println("aihc run: interrupting the running snippet (Ctrl-C again to exit now)");
        runner.interrupt();
      });
      return runner.run(startup, new ScriptRunner.Script(file, text));
    }
  }

  private static int shell(String classPath, List<String> extra) {
    String startupText = StartupScript.text();
    // Our feedback mode unless the user picked one.
    boolean ownFeedback = extra.stream().noneMatch(a -> a.equals("-q") || a.equals("-s") || a.equals("-v")
        || a.startsWith("--feedback"));
    Path startup;
    try {
      // The tool takes startup scripts as files; ours lives in the jar.
      startup = Files.createTempFile("aihc-startup-", ".jsh");
      startup.toFile().deleteOnExit();
      Files.writeString(startup, startupText, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("aihc shell: cannot write the startup script to a temp file: " + e);
      return 1;
    }
    List<String> args = new ArrayList<>(List.of(
        "--execution", "local",
        "--class-path", classPath,
        "--startup", "DEFAULT",
        "--startup", startup.toString()));
    banner(System.out, startupText);
    Path settingsFile = ShellSettings.file();
    java.util.Map<String, String> settings = ShellSettings.load(settingsFile);
    if (ownFeedback) {
      args.addAll(List.of("--feedback", ShellSettings.retainMode(settings) ? ShellSettings.MODE : "normal"));
    }
    args.addAll(extra);
    try {
      return JavaShellToolBuilder.builder().persistence(settings).start(args.toArray(String[]::new));
    } catch (Exception e) {
      System.err.println("aihc shell: JShell failed: " + e);
      return 1;
    } finally {
      ShellSettings.save(settingsFile, settings);
    }
  }

  private static void banner(PrintStream out, String startupText) {
    List<String> imports = new ArrayList<>();
    Matcher m = IMPORT.matcher(startupText);
    while (m.find()) {
      imports.add(m.group(1));
    }
    out.println("aihc-dsl " + version() + " on Java " + Runtime.version().feature()
        + ". Imported: " + String.join(", ", imports) + ". /exit leaves.");
    out.println(describeAihc());
    out.flush();
  }

  /** What the startup script's {@code aihc} points to; making it connects nowhere. */
  static String describeAihc() {
    try {
      return "aihc → " + Aihc.lazy();
    } catch (RuntimeException e) {
      return "aihc → not set up: " + e.getMessage();
    }
  }

  /** The dsl jar's Implementation-Version, or "dev" when run from classes. */
  static String version() {
    String v = AihcShell.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
