package dev.aihc.dsl;

import java.util.Objects;

/**
 * One entry of {@code datasources}: storage every replica sees at {@code mountPath}. Build one with the
 * factories ({@link #pfs}, {@link #hostPath}, {@link #bos}, {@link #dataset}) or from {@link #EMPTY}
 * with the steps, as in {@code job.datasource(d -> d.type("cfs").name("cfs-1").mountPath("/data"))}.
 * Every step returns a new value.
 *
 * <p>Fields: {@code type} ({@code pfs}, {@code hostpath}, {@code bos}, {@code cfs}, {@code rapidfs},
 * {@code dataset}), {@code name} (a PFS instance id for {@code pfs}), {@code sourcePath} ({@code /} for a
 * whole PFS, a host path, {@code bucket/prefix}), {@code mountPath} (absolute), {@code options.readOnly},
 * and for datasets {@code id} and {@code options.datasetVersion}. Unset fields read as null.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class Datasource {
  private final String type;
  private final String name;
  private final String sourcePath;
  private final String mountPath;
  private final Boolean readOnly;
  private final String id;
  private final String datasetVersion;

  Datasource(String type, String name, String sourcePath, String mountPath, Boolean readOnly, String id,
      String datasetVersion) {
    this.type = type;
    this.name = name;
    this.sourcePath = sourcePath;
    this.mountPath = mountPath;
    this.readOnly = readOnly;
    this.id = id;
    this.datasetVersion = datasetVersion;
  }

  /** The wire's {@code type} values, in the spelling the API definitions use. */
  static final java.util.Set<String> TYPES = java.util.Set.of("pfs", "hostpath", "bos", "cfs", "rapidfs", "dataset");

  /** A data source with nothing set, the start of {@link Job#datasource(java.util.function.UnaryOperator)}. */
  public static final Datasource EMPTY = new Datasource(null, null, null, null, null, null, null);

  /** A PFS instance's {@code sourcePath} at {@code mountPath}. */
  @CheckReturnValue
  public static Datasource pfs(String instanceId, String sourcePath, String mountPath) {
    return EMPTY.type("pfs").name(req(instanceId, "instanceId")).sourcePath(req(sourcePath, "sourcePath"))
        .mountPath(req(mountPath, "mountPath"));
  }

  /** A directory of the host ({@code hostpath}) at {@code mountPath}. */
  @CheckReturnValue
  public static Datasource hostPath(String sourcePath, String mountPath) {
    return EMPTY.type("hostpath").sourcePath(req(sourcePath, "sourcePath")).mountPath(req(mountPath, "mountPath"));
  }

  /** A BOS {@code bucket/prefix} at {@code mountPath}. */
  @CheckReturnValue
  public static Datasource bos(String bucketPath, String mountPath) {
    return EMPTY.type("bos").sourcePath(req(bucketPath, "bucketPath")).mountPath(req(mountPath, "mountPath"));
  }

  /** Version {@code version} of dataset {@code id} at {@code mountPath}. */
  @CheckReturnValue
  public static Datasource dataset(String id, String version, String mountPath) {
    return EMPTY.type("dataset").id(req(id, "id")).datasetVersion(req(version, "version"))
        .mountPath(req(mountPath, "mountPath"));
  }

  private static String req(String value, String what) {
    if (value == null) throw new IllegalArgumentException(what + " == null");
    return value;
  }

  /** This source with {@code type} set. */
  @CheckReturnValue
  public Datasource type(String type) {
    return new Datasource(req(type, "type"), name, sourcePath, mountPath, readOnly, id, datasetVersion);
  }

  /** This source with {@code name} set. */
  @CheckReturnValue
  public Datasource name(String name) {
    return new Datasource(type, req(name, "name"), sourcePath, mountPath, readOnly, id, datasetVersion);
  }

  /** This source with {@code sourcePath} set. */
  @CheckReturnValue
  public Datasource sourcePath(String sourcePath) {
    return new Datasource(type, name, req(sourcePath, "sourcePath"), mountPath, readOnly, id, datasetVersion);
  }

  /** This source with {@code mountPath} set. */
  @CheckReturnValue
  public Datasource mountPath(String mountPath) {
    return new Datasource(type, name, sourcePath, req(mountPath, "mountPath"), readOnly, id, datasetVersion);
  }

  /** This source mounted read-only. */
  @CheckReturnValue
  public Datasource readOnly() {
    return readOnly(true);
  }

  /** This source with {@code options.readOnly} set to {@code readOnly}. */
  @CheckReturnValue
  public Datasource readOnly(boolean readOnly) {
    return new Datasource(type, name, sourcePath, mountPath, readOnly, id, datasetVersion);
  }

  /** This source with the dataset {@code id} set. */
  @CheckReturnValue
  public Datasource id(String id) {
    return new Datasource(type, name, sourcePath, mountPath, readOnly, req(id, "id"), datasetVersion);
  }

  /** This source with {@code options.datasetVersion} set. */
  @CheckReturnValue
  public Datasource datasetVersion(String version) {
    return new Datasource(type, name, sourcePath, mountPath, readOnly, id, req(version, "version"));
  }

  /** The type, or null. */
  public String type() {
    return type;
  }

  /** The instance name, or null. */
  public String name() {
    return name;
  }

  /** The source path, or null. */
  public String sourcePath() {
    return sourcePath;
  }

  /** The mount path, or null. */
  public String mountPath() {
    return mountPath;
  }

  /** The dataset id, or null. */
  public String id() {
    return id;
  }

  /** The dataset version, or null. */
  public String datasetVersion() {
    return datasetVersion;
  }

  /** Whether replicas may not write to it. */
  public boolean isReadOnly() {
    return Boolean.TRUE.equals(readOnly);
  }

  /** {@code options.readOnly} as written: null when unset. */
  Boolean readOnlyOption() {
    return readOnly;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Datasource d && Objects.equals(type, d.type) && Objects.equals(name, d.name)
        && Objects.equals(sourcePath, d.sourcePath) && Objects.equals(mountPath, d.mountPath)
        && Objects.equals(readOnly, d.readOnly) && Objects.equals(id, d.id)
        && Objects.equals(datasetVersion, d.datasetVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, name, sourcePath, mountPath, readOnly, id, datasetVersion);
  }

  /** {@code pfs pfs-1:/ at /mnt/cluster (read-only)}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(Objects.toString(type, "?")).append(' ');
    if (id != null) s.append(id).append(datasetVersion == null ? "" : "@" + datasetVersion);
    if (name != null) s.append(name);
    if (sourcePath != null) s.append(name != null ? ":" : "").append(sourcePath);
    s.append(" at ").append(mountPath);
    if (isReadOnly()) s.append(" (read-only)");
    return s.toString();
  }
}
