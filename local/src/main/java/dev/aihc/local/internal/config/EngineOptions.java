package dev.aihc.local.internal.config;

import dev.aihc.local.internal.storage.MinFree;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine settings for data sources, alerts, TensorBoard and the length of a minute, as {@code LocalEngineConfig}
 * steps or {@code <home>/config.json} set them. Null (or an empty map) means "not set here": a value set in
 * code wins over the file, and the file over the default ({@link #over}).
 *
 * @param pfsRoot where PFS instances live, one directory per instance name
 * @param hostPathRoots the only host directories (and what is below them) a hostpath data source may mount
 * @param directories a directory per other data source type ({@code bos}, {@code cfs}, {@code rapidfs},
 *     {@code dataset}); a type without one is refused
 * @param alertWebhook a loopback URL that each alert is POSTed to as JSON
 * @param minute how long one minute of the durations a job states lasts (retentionPeriod,
 *     alertConfig.for); a minute in normal use
 * @param tensorboardCommand the TensorBoard executable, a name looked up on PATH or a path
 * @param minFree the free space the engine keeps on its home's file system (see {@link MinFree})
 */
public record EngineOptions(Path pfsRoot, List<Path> hostPathRoots, Map<String, Path> directories, URI alertWebhook,
    Duration minute, String tensorboardCommand, MinFree minFree) {
  /** The types that need a directory from the config. */
  static final List<String> MAPPED_TYPES = List.of("bos", "cfs", "rapidfs", "dataset");
  public static final EngineOptions NONE = new EngineOptions(null, null, Map.of(), null, null, null, null);

  public EngineOptions {
    hostPathRoots = hostPathRoots == null ? null : List.copyOf(hostPathRoots);
    directories = Map.copyOf(directories);
  }

  /** These options, taking what they leave unset from {@code fallback}. */
  public EngineOptions over(EngineOptions fallback) {
    Map<String, Path> dirs = new LinkedHashMap<>(fallback.directories);
    dirs.putAll(directories);
    return new EngineOptions(pfsRoot != null ? pfsRoot : fallback.pfsRoot,
        hostPathRoots != null ? hostPathRoots : fallback.hostPathRoots, dirs,
        alertWebhook != null ? alertWebhook : fallback.alertWebhook,
        minute != null ? minute : fallback.minute,
        tensorboardCommand != null ? tensorboardCommand : fallback.tensorboardCommand,
        minFree != null ? minFree : fallback.minFree);
  }

  public EngineOptions withPfsRoot(Path p) {
    return new EngineOptions(p, hostPathRoots, directories, alertWebhook, minute, tensorboardCommand, minFree);
  }

  public EngineOptions withHostPathRoots(List<Path> roots) {
    return new EngineOptions(pfsRoot, roots, directories, alertWebhook, minute, tensorboardCommand, minFree);
  }

  public EngineOptions withDirectory(String type, Path dir) {
    Map<String, Path> dirs = new LinkedHashMap<>(directories);
    dirs.put(type, dir);
    return new EngineOptions(pfsRoot, hostPathRoots, dirs, alertWebhook, minute, tensorboardCommand, minFree);
  }

  public EngineOptions withMinFree(MinFree m) {
    return new EngineOptions(pfsRoot, hostPathRoots, directories, alertWebhook, minute, tensorboardCommand, m);
  }

  public EngineOptions withAlertWebhook(URI url) {
    return new EngineOptions(pfsRoot, hostPathRoots, directories, url, minute, tensorboardCommand, minFree);
  }

  public EngineOptions withMinute(Duration m) {
    return new EngineOptions(pfsRoot, hostPathRoots, directories, alertWebhook, m, tensorboardCommand, minFree);
  }

  public EngineOptions withTensorboardCommand(String command) {
    return new EngineOptions(pfsRoot, hostPathRoots, directories, alertWebhook, minute, command, minFree);
  }

  /** Checks a webhook URL: http(s) on a loopback address, since the engine never sends job data off this host. */
  public static URI checkWebhook(URI url) {
    String host = url.getHost();
    boolean http = "http".equals(url.getScheme()) || "https".equals(url.getScheme());
    boolean loopback = host != null && (host.equals("localhost") || host.startsWith("127.")
        || host.equals("[::1]") || host.equals("::1"));
    if (!http || !loopback) {
      throw new IllegalArgumentException("alertWebhook must be an http URL on this machine (127.0.0.1, localhost "
          + "or [::1]) but was '" + url + "'. The local engine sends alerts to loopback only; relay them from there");
    }
    return url;
  }

  /** Checks the length of a minute: more than zero. */
  public static Duration checkMinute(Duration minute) {
    if (minute.isNegative() || minute.isZero()) {
      throw new IllegalArgumentException("minute must be > 0 but was " + minute + ". Use Duration.ofSeconds(1) to "
          + "make the minutes a job states seconds");
    }
    return minute;
  }

  /** {@code d} of job-stated time in engine time: scaled by how long a minute lasts. */
  public static Duration scaled(Duration d, Duration minute) {
    return Duration.ofMillis(d.toMillis() * minute.toMillis() / Duration.ofMinutes(1).toMillis());
  }

  /** Checks a data source type that takes a directory from the config. */
  public static String checkMappedType(String type) {
    if (!MAPPED_TYPES.contains(type)) {
      throw new IllegalArgumentException("a data source directory can be given for " + MAPPED_TYPES + " but not for '"
          + type + "'" + (type.equals("pfs") ? ". Use pfsRoot for pfs" : type.equals("hostpath")
              ? ". Use hostPathRoots for hostpath" : ""));
    }
    return type;
  }
}
