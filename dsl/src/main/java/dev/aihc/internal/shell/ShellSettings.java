package dev.aihc.internal.shell;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * What {@code ./aihc shell} gives JShell besides the class path: a feedback mode of its own and a place
 * for its history.
 *
 * <p>The mode, {@value #MODE}, is JShell's {@code normal} with values never cut: {@code normal} shows at
 * most 1000 characters of a value and cuts it in the middle, which hides the heart of a {@code Job} or a
 * {@code Run} shown as a cell's value.
 *
 * <p>The history and {@code /set ... -retain} settings go to {@code ~/.aihc/jshell.properties} instead of
 * {@code java.util.prefs}, whose first use logs "Created user preferences directory" on a fresh machine.
 */
final class ShellSettings {
  /** The feedback mode's name. */
  static final String MODE = "aihc";
  private static final String TRUNCATION = "2000000000";
  /** The tool's keys of retained modes start so ({@code MODE2} in Java 17). */
  private static final String MODES_KEY = "MODE";
  /** The JDK and the commands the mode was made with. */
  private static final String STAMP_KEY = "aihc.feedbackMode";

  private ShellSettings() {}

  /**
   * Makes {@code settings} hold the mode as a retained one, so that {@code --feedback aihc} can select it
   * (the tool runs startup scripts before it knows any mode, so they cannot define one). A JShell of
   * its own defines and retains it once per JDK: about a second, the first time only. The user's own
   * retained modes are kept; the commands do not enter their history.
   *
   * @return whether the mode is there
   */
  static boolean retainMode(Map<String, String> settings) {
    String commands = "/set mode " + MODE + " -delete\n"
        + "/set mode " + MODE + " normal -command\n"
        + "/set truncation " + MODE + " " + TRUNCATION + "\n"
        + "/set truncation " + MODE + " " + TRUNCATION + " expression,varvalue\n"
        + "/set mode " + MODE + " -retain\n"
        + "/exit\n";
    String stamp = Runtime.version() + " " + Integer.toHexString(commands.hashCode());
    if (stamp.equals(settings.get(STAMP_KEY))) return true;
    Map<String, String> scratch = new HashMap<>();
    synchronized (settings) {
      settings.forEach((k, v) -> {
        if (k.startsWith(MODES_KEY)) scratch.put(k, v);
      });
    }
    InputStream in = new ByteArrayInputStream(commands.getBytes(StandardCharsets.UTF_8));
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
    try {
      int status = JavaShellToolBuilder.builder().persistence(scratch).in(in, in).out(discard).err(discard)
          .interactiveTerminal(false).start("--execution", "local", "--no-startup", "-q");
      if (status != 0) return false;
    } catch (Exception e) {
      return false;
    }
    scratch.forEach((k, v) -> {
      if (k.startsWith(MODES_KEY)) settings.put(k, v);
    });
    settings.put(STAMP_KEY, stamp);
    return true;
  }

  /** {@code ~/.aihc/jshell.properties}. */
  static Path file() {
    return Path.of(System.getProperty("user.home"), ".aihc", "jshell.properties");
  }

  /** The saved settings and history, empty when there are none or they cannot be read. */
  static Map<String, String> load(Path file) {
    Map<String, String> map = Collections.synchronizedMap(new HashMap<>());
    if (!Files.isRegularFile(file)) return map;
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      return map; // a history lost is no reason not to start
    }
    p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
    return map;
  }

  /** Writes {@code settings} to {@code file} (replaced whole, so a crash leaves the old one). */
  static void save(Path file, Map<String, String> settings) {
    Properties p = new Properties();
    synchronized (settings) {
      settings.forEach((k, v) -> {
        if (k != null && v != null) p.setProperty(k, v);
      });
    }
    try {
      Files.createDirectories(file.getParent());
      Path next = file.resolveSibling(file.getFileName() + ".tmp");
      try (OutputStream out = Files.newOutputStream(next)) {
        p.store(out, "./aihc shell: JShell history and retained settings");
      }
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      System.err.println("aihc shell: could not save the history to " + file + ": " + e.getMessage());
    }
  }
}
