package dev.aihc.internal.shell;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lets JShell's documentation (Shift-Tab in {@code ./aihc shell}, a Jupyter kernel's inspect) show the
 * Javadoc of aihc-dsl, not only its signatures.
 *
 * <p>JShell reads Javadoc from sources only, and on Java 17 looks for them in the JDK's {@code src.zip}
 * and nowhere else ({@code jdk.jshell.SourceCodeAnalysisImpl.findSources}). Its one way to add
 * locations is a static list its own tests set ({@code availableSourcesOverride}), which takes the place
 * of that search: this sets it to the JDK's sources (found as JShell finds them) plus the sources jar
 * Maven puts beside the dsl jar ({@code aihc-dsl-VERSION-sources.jar}, which {@code ./aihc kernel
 * install} copies beside it as well). Reaching the field needs {@code --add-opens
 * jdk.jshell/jdk.jshell=ALL-UNNAMED} on the JVM ({@code ./aihc} and the kernel's {@code kernel.json}
 * pass it); without it, or on a JDK without that field, documentation stays as it was.
 *
 * <p>The list is filled on JShell's first documentation request, not here, so that start-up does not
 * pay for opening the JDK's {@code src.zip}.
 */
public final class JavadocSources {
  static final String ANALYSIS = "jdk.jshell.SourceCodeAnalysisImpl";
  static final String FIELD = "availableSourcesOverride";

  private JavadocSources() {}

  /**
   * Adds the sources jar beside the jar this class was loaded from, when there is one.
   *
   * @return whether JShell will read it
   */
  public static boolean install() {
    return besideCodeSource(JavadocSources.class).map(JavadocSources::install).orElse(false);
  }

  /**
   * Makes JShell read Javadoc from {@code sources} (a sources jar or a source folder) besides the JDK's.
   *
   * @return whether JShell will read it (false when the JVM does not open jdk.jshell to this code)
   */
  static boolean install(Path sources) {
    try {
      Field field = Class.forName(ANALYSIS).getDeclaredField(FIELD);
      field.setAccessible(true);
      field.set(null, new Locations(sources));
      return true;
    } catch (ReflectiveOperationException | RuntimeException notOpen) { // InaccessibleObjectException
      return false;
    }
  }

  /** The {@code NAME-sources.jar} beside the jar {@code type} was loaded from, if both exist. */
  static Optional<Path> besideCodeSource(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    if (source == null) return Optional.empty();
    try {
      return sourcesJarBeside(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | RuntimeException notAFile) {
      return Optional.empty();
    }
  }

  /** {@code DIR/NAME-sources.jar} for {@code DIR/NAME.jar}, if it exists. */
  static Optional<Path> sourcesJarBeside(Path jar) {
    String name = jar.getFileName().toString();
    if (!name.endsWith(".jar")) return Optional.empty();
    Path sources = jar.resolveSibling(name.substring(0, name.length() - 4) + "-sources.jar");
    return Files.isRegularFile(sources) ? Optional.of(sources) : Optional.empty();
  }

  /** The JDK's source roots, as JShell finds them: one per module of a modular src.zip. */
  static List<Path> jdkSources() {
    Path home = Path.of(System.getProperty("java.home"));
    Path zip = home.resolve("lib").resolve("src.zip");
    if (!Files.isReadable(zip)) zip = home.getParent().resolve("src.zip");
    if (!Files.isReadable(zip)) return List.of();
    List<Path> roots = new ArrayList<>();
    try {
      // Left open: JShell reads from it for as long as the session lasts.
      FileSystem fs = FileSystems.newFileSystem(zip, Map.of());
      Path root = fs.getRootDirectories().iterator().next();
      if (Files.exists(root.resolve("java/lang/Object.java"))) return List.of(zip);
      try (DirectoryStream<Path> modules = Files.newDirectoryStream(root, Files::isDirectory)) {
        modules.forEach(roots::add);
      }
    } catch (IOException | RuntimeException unreadable) {
      return List.of();
    }
    return roots;
  }

  /** Our sources first, then the JDK's, looked up when JShell first reads the list. */
  private static final class Locations extends AbstractList<Path> {
    private final Path ours;
    private List<Path> all;

    Locations(Path ours) {
      this.ours = ours;
    }

    private synchronized List<Path> all() {
      if (all == null) {
        List<Path> paths = new ArrayList<>();
        paths.add(ours);
        paths.addAll(jdkSources());
        all = List.copyOf(paths);
      }
      return all;
    }

    @Override
    public Path get(int index) {
      return all().get(index);
    }

    @Override
    public int size() {
      return all().size();
    }
  }
}
