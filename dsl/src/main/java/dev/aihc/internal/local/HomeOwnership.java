package dev.aihc.internal.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a home can be adopted as this user's: on a machine with other users, a directory that someone
 * else made in advance (or can write to) would give them the engine's keys, its jobs and their secrets.
 * The home, its {@code credentials} and {@code config.json} must be owned by this user and writable by no
 * one else, and every directory above it owned by this user or root and writable by others only with the
 * sticky bit (as {@code /tmp} is), so that no one else can put another directory in its place.
 */
public final class HomeOwnership {
  private static final Set<PosixFilePermission> OTHERS_WRITE =
      Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static volatile Long myUid;

  private HomeOwnership() {}

  /** This process's effective uid (from {@code /proc/self/status}). */
  public static long myUid() {
    Long uid = myUid;
    if (uid != null) return uid;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) return myUid = Long.parseLong(line.split("\\s+")[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read this process's uid from /proc/self/status", e);
    }
    throw new IllegalStateException("/proc/self/status has no Uid line");
  }

  /** The owner's uid of {@code path}, not following a link. */
  public static long owner(Path path) throws IOException {
    return ((Number) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS)).longValue();
  }

  /**
   * What makes {@code root} unsafe to adopt, said with what to do; empty when it is safe or does not
   * exist yet (then it is made 0700 by this user).
   */
  public static Optional<String> problem(Path root) {
    long me = myUid();
    try {
      // A home that is a link to a directory of this user's elsewhere is fine: the directory is checked.
      if (Files.exists(root)) root = root.toRealPath();
      for (Path dir = root.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class);
        long owner = owner(dir);
        boolean sticky = (((Number) Files.getAttribute(dir, "unix:mode")).intValue() & 01000) != 0;
        if (owner != me && owner != 0) {
          return Optional.of(dir + ", above the local engine's home " + root + ", belongs to uid " + owner
              + ", not to you (uid " + me + "), who could replace the home. Use a home under your own home "
              + "directory (the default ~/.aihc/local, or AIHC_LOCAL_HOME)");
        }
        if (!sticky && a.permissions().stream().anyMatch(OTHERS_WRITE::contains)) {
          return Optional.of(dir + ", above the local engine's home " + root + ", is writable by other users, "
              + "who could replace the home. Run chmod go-w " + dir + ", or use a home under your own home "
              + "directory (the default ~/.aihc/local)");
        }
      }
      for (Map.Entry<Path, String> f : List.of(Map.entry(root, "home"),
          Map.entry(root.resolve("credentials"), "credentials file"), Map.entry(root.resolve("config.json"), "config.json"))) {
        Optional<String> p = notMine(f.getKey(), f.getValue(), root, me);
        if (p.isPresent()) return p;
      }
      return Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty(); // gone meanwhile: what is made next is this user's
    } catch (IOException e) {
      return Optional.of("cannot check who owns the local engine's home " + root + ": " + e.getMessage());
    }
  }

  private static Optional<String> notMine(Path path, String what, Path root, long me) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
    long owner = owner(path);
    if (owner != me) {
      return Optional.of("the local engine's " + what + " " + path + " belongs to uid " + owner + ", not to you (uid "
          + me + "): someone else made it and may know its keys. Do not use it: remove " + root
          + " if it is yours to remove, or use another home (the default ~/.aihc/local)");
    }
    if (Files.isSymbolicLink(path)) {
      return Optional.of("the local engine's " + what + " " + path + " is a symbolic link; make it a plain "
          + (what.equals("home") ? "directory" : "file") + " of yours");
    }
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
    List<PosixFilePermission> open = mode.stream().filter(OTHERS_WRITE::contains).toList();
    if (!open.isEmpty()) {
      return Optional.of("the local engine's " + what + " " + path + " is writable by other users, who could "
          + "have changed it. If you trust what is in it, run chmod go-w " + path + "; otherwise remove "
          + (what.equals("home") ? path : "it") + " and start again");
    }
    return Optional.empty();
  }
}
