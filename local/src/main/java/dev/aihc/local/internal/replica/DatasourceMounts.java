package dev.aihc.local.internal.replica;

import dev.aihc.internal.local.PrivateFiles;
import dev.aihc.dsl.Datasource;
import dev.aihc.dsl.Job;
import dev.aihc.local.internal.config.EngineOptionsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Maps a job's data sources (spec 3.2) to host directories: {@code pfs} to {@code <pfsRoot>/<name>/<sourcePath>},
 * {@code hostpath} to its sourcePath when under an allowed root, {@code bos}, {@code cfs}, {@code rapidfs}
 * and {@code dataset} to the directory the config gives their type. CreateJob asks for
 * {@link #problems} (each becomes part of a 400 InvalidParam); the launch asks for {@link #mounts}, which
 * creates the PFS and storage directories on first use.
 */
public final class DatasourceMounts {
  /** Names that stay one path component: PFS and CFS instance ids, dataset ids and versions. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final java.util.Set<String> TYPES = java.util.Set.of("pfs", "hostpath", "bos", "cfs", "rapidfs",
      "dataset");

  private final Roots config;
  private final Optional<Path> bwrap;

  /**
   * Where data sources come from on this host, as the engine's config resolved them.
   *
   * @param home the engine's home (for the messages that name its config.json)
   * @param pfsRoot where PFS instances live, one directory per instance name
   * @param hostPathRoots the only host directories (and what is below them) a hostpath data source may mount
   * @param directories a directory per other data source type; a type without one is refused
   */
  public record Roots(Path home, Path pfsRoot, List<Path> hostPathRoots, Map<String, Path> directories) {
    /** Copies the list and the map. */
    public Roots {
      hostPathRoots = List.copyOf(hostPathRoots);
      directories = Map.copyOf(directories);
    }

    Optional<Path> datasourceDirectory(String type) {
      return Optional.ofNullable(directories.get(type));
    }
  }

  public DatasourceMounts(Roots roots, Optional<Path> bwrap) {
    this.config = roots;
    this.bwrap = bwrap;
  }

  /** Whether a job with data sources can run here: bubblewrap is what mounts them privately. */
  public Optional<Path> bwrap() {
    return bwrap;
  }

  /** What keeps the job's data sources from being mounted here, one message per problem; empty when none. */
  public List<String> problems(Job job) {
    List<String> out = new ArrayList<>();
    if (job.datasources().isEmpty()) return out;
    if (bwrap.isEmpty()) {
      out.add("datasources: the local engine mounts data sources with bubblewrap, but bwrap is not on PATH. Install "
          + "it with: apt-get install bubblewrap");
    }
    List<Path> mountPaths = new ArrayList<>();
    for (int i = 0; i < job.datasources().size(); i++) {
      Datasource d = job.datasources().get(i);
      String field = "datasources[" + i + "]";
      // A missing or unknown type or a bad mount path is the validator's to report; here it would only repeat it.
      if (d.type() == null || !TYPES.contains(d.type()) || d.mountPath() == null || !d.mountPath().startsWith("/")) continue;
      try {
        resolve(d, field, false);
        Path mount = Path.of(d.mountPath()).normalize();
        checkMountPath(mount, field);
        for (Path other : mountPaths) {
          if (mount.startsWith(other) || other.startsWith(mount)) {
            throw new IllegalArgumentException(field + ".mountPath: " + mount + " and " + other + " are nested; the "
                + "local engine mounts data sources side by side only. Choose mount paths that do not contain each other");
          }
        }
        mountPaths.add(mount);
      } catch (IllegalArgumentException e) { // also InvalidPathException: a NUL in a path
        out.add(e.getMessage());
      }
    }
    return out;
  }

  /**
   * The mounts of the job's data sources, creating PFS and storage directories that do not exist yet.
   *
   * @throws IllegalArgumentException when one can no longer be mounted (a hostpath was removed ...)
   * @throws IOException when a directory cannot be created
   */
  public List<Mount> mounts(Job job) throws IOException {
    List<Mount> out = new ArrayList<>();
    for (int i = 0; i < job.datasources().size(); i++) {
      Datasource d = job.datasources().get(i);
      Path dir = resolve(d, "datasources[" + i + "]", true);
      out.add(new Mount(dir.toRealPath(), Path.of(d.mountPath()).normalize(), d.isReadOnly(), d.toString()));
    }
    return out;
  }

  /** The host directory of {@code d}; with {@code create}, storage directories are made when missing. */
  private Path resolve(Datasource d, String field, boolean create) {
    String type = d.type();
    return switch (type) {
      case "pfs" -> storage(config.pfsRoot(), field, create, name(d.name(), field + ".name", "a PFS instance id"),
          d.sourcePath());
      case "hostpath" -> hostPath(d, field);
      case "bos" -> storage(mapped(type, field), field, create, null, d.sourcePath());
      case "cfs", "rapidfs" -> storage(mapped(type, field), field, create,
          d.name() == null ? null : name(d.name(), field + ".name", "an instance id"), d.sourcePath());
      case "dataset" -> dataset(d, field);
      default -> throw new IllegalArgumentException(field + ".type: the local engine cannot mount type '" + type + "'");
    };
  }

  private Path mapped(String type, String field) {
    return config.datasourceDirectory(type).orElseThrow(() -> new IllegalArgumentException(field + ".type: the local "
        + "engine has no " + type + " storage, so it cannot mount this data source. Map " + type + " to a directory: "
        + "\"datasources\": {\"directories\": {\"" + type + "\": \"/some/dir\"}} in " + config.home().resolve(
            EngineOptionsFile.NAME) + " (or LocalEngineConfig.datasourceDirectory), or use a pfs or hostpath data source"));
  }

  /** {@code root/instance/sourcePath}, kept inside {@code root}; created when asked. */
  private static Path storage(Path root, String field, boolean create, String instance, String sourcePath) {
    Path base = instance == null ? root : root.resolve(instance);
    String inside = sourcePath == null ? "" : sourcePath.replaceFirst("^/+", "");
    Path dir = base.resolve(inside).normalize();
    if (!dir.startsWith(base)) {
      throw new IllegalArgumentException(field + ".sourcePath: '" + sourcePath + "' leaves its storage (" + base
          + "). Use a path inside it, without '..'");
    }
    if (create) {
      try {
        PrivateFiles.directories(dir);
      } catch (IOException e) {
        throw new IllegalArgumentException(field + ": cannot create " + dir + ": " + e, e);
      }
    } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new IllegalArgumentException(field + ".sourcePath: " + dir + " is a file, not a directory");
    }
    return dir;
  }

  private Path hostPath(Datasource d, String field) {
    if (d.sourcePath() == null || !d.sourcePath().startsWith("/")) {
      throw new IllegalArgumentException(field + ".sourcePath: a hostpath needs an absolute host directory but was '"
          + d.sourcePath() + "'");
    }
    List<Path> roots = config.hostPathRoots();
    String allowed = roots.isEmpty() ? "none are allowed" : "allowed: " + roots;
    Path given = Path.of(d.sourcePath()).normalize();
    Path real = realOrSelf(given); // symlinks and '..' resolved: the check sees the real place
    for (Path root : roots) {
      if (!real.startsWith(realOrSelf(root))) continue;
      if (!Files.exists(real)) {
        throw new IllegalArgumentException(field + ".sourcePath: " + d.sourcePath() + " does not exist on this host. "
            + "Create it, or mount another directory");
      }
      if (!Files.isDirectory(real)) {
        throw new IllegalArgumentException(field + ".sourcePath: " + real + " is a file, not a directory");
      }
      return real;
    }
    throw new IllegalArgumentException(field + ".sourcePath: hostpath " + d.sourcePath() + " is outside the host "
        + "directories the local engine may mount (" + allowed + "). Mount a directory under one of them, or add a "
        + "root to \"datasources\": {\"hostpathRoots\": [...]} in " + config.home().resolve(EngineOptionsFile.NAME));
  }

  private Path dataset(Datasource d, String field) {
    Path root = mapped("dataset", field);
    String id = name(d.id(), field + ".id", "a dataset id");
    String version = name(d.datasetVersion(), field + ".options.datasetVersion", "a dataset version");
    Path dir = root.resolve(id).resolve(version);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(field + ": dataset " + id + " version " + version + " is not in " + root
          + ". Put its files in " + dir);
    }
    return dir;
  }

  /** The mount path must leave the engine's home (where replicas work and log) visible. */
  private void checkMountPath(Path mount, String field) {
    Path home = config.home();
    if (home.startsWith(mount) || realOrSelf(home).startsWith(mount)) {
      throw new IllegalArgumentException(field + ".mountPath: " + mount + " would hide the local engine's home "
          + home + ", where replicas run. Choose another mount path");
    }
    if (Files.exists(mount) && !Files.isDirectory(mount)) {
      throw new IllegalArgumentException(field + ".mountPath: " + mount + " is a file on this host; a data source "
          + "can only be mounted on a directory. Choose another mount path");
    }
  }

  private static String name(String value, String field, String what) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(field + " must be " + what + " (letters, digits, '.', '_', '-') but was "
          + (value == null ? "missing" : "'" + value + "'"));
    }
    return value;
  }

  private static Path realOrSelf(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p;
    }
  }
}
