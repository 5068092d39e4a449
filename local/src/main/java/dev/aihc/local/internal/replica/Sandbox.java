package dev.aihc.local.internal.replica;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The bubblewrap command line that gives a replica its own view of this host with the data sources
 * mounted: everything as on the host ({@code --dev-bind / /}), plus each source bound at its mount path
 * ({@code --ro-bind} when read-only). The mounts live in the replica's private mount namespace only.
 *
 * <p>A mount path that does not exist on the host would make bwrap create its directory there. Instead,
 * the nearest existing parent is mirrored: a tmpfs over it inside the sandbox, with each of the host's
 * entries in it bound back (symlinks recreated), so the replica sees the parent as on the host plus the
 * new mount point, and the host is left as it was. For a parent of {@code /} the sandbox root itself is
 * that tmpfs (bwrap's own root), with every top-level entry bound. Files a replica creates directly in a
 * mirrored parent live in that tmpfs and vanish with the replica.
 */
public final class Sandbox {
  /** A parent with more entries is not mirrored: that many bind mounts would be slow and surprising. */
  static final int MAX_MIRRORED_ENTRIES = 256;

  private Sandbox() {}

  /**
   * {@code bwrap ... --chdir workDir --} for {@code mounts}: the command to prefix to the replica's own.
   *
   * @throws IllegalArgumentException when a mount path cannot be made without changing the host
   */
  public static List<String> command(Path bwrap, List<Mount> mounts, Path workDir) throws IOException {
    TreeSet<Path> mirrors = new TreeSet<>(Comparator.comparingInt(Path::getNameCount).thenComparing(Path::toString));
    List<String[]> binds = new ArrayList<>();
    for (Mount m : mounts) {
      Path target = target(m.mountPath(), mirrors);
      binds.add(new String[] {m.readOnly() ? "--ro-bind" : "--bind", m.source().toString(), target.toString()});
    }
    List<String> args = new ArrayList<>(List.of(bwrap.toString()));
    Path root = Path.of("/");
    if (mirrors.contains(root)) {
      mirrors.remove(root);
      rebind(root, args); // onto bwrap's own tmpfs root
    } else {
      args.addAll(List.of("--dev-bind", "/", "/"));
    }
    for (Path dir : mirrors) {
      args.addAll(List.of("--tmpfs", dir.toString()));
      rebind(dir, args);
    }
    binds.sort(Comparator.comparingInt(b -> Path.of(b[2]).getNameCount()));
    for (String[] b : binds) args.addAll(List.of(b));
    // No --die-with-parent: replicas outlive a killed engine. No --new-session: the command must stay in
    // the replica's process group, which is how StopJob and the engine's kill reach it.
    args.addAll(List.of("--chdir", workDir.toString(), "--"));
    return args;
  }

  /** Where to bind a mount on the host's real tree; adds the parent to mirror when the path does not exist. */
  private static Path target(Path mountPath, TreeSet<Path> mirrors) throws IOException {
    Path existing = mountPath;
    while (!Files.exists(existing)) existing = existing.getParent();
    Path real = existing.toRealPath();
    if (!Files.isDirectory(real)) {
      throw new IllegalArgumentException("mountPath " + mountPath + ": " + existing + " is a file on this host, so "
          + "nothing can be mounted there. Choose another mount path");
    }
    if (existing.equals(mountPath)) return real;
    mirrors.add(real);
    return real.resolve(existing.relativize(mountPath));
  }

  /** Binds every entry of the host's {@code dir} at the same place in the sandbox. */
  private static void rebind(Path dir, List<String> args) throws IOException {
    List<Path> entries;
    try (Stream<Path> list = Files.list(dir)) {
      entries = list.sorted().toList();
    }
    if (entries.size() > MAX_MIRRORED_ENTRIES) {
      throw new IllegalArgumentException("a mount path needs a new directory in " + dir + ", which has "
          + entries.size() + " entries, more than the " + MAX_MIRRORED_ENTRIES + " the local engine mirrors to "
          + "leave the host unchanged. Create the mount path on the host (mkdir -p), or mount under another directory");
    }
    for (Path e : entries) {
      if (Files.isSymbolicLink(e)) {
        args.addAll(List.of("--symlink", Files.readSymbolicLink(e).toString(), e.toString()));
      } else if (Files.exists(e, LinkOption.NOFOLLOW_LINKS)) {
        args.addAll(List.of("--dev-bind", e.toString(), e.toString()));
      }
    }
  }
}
