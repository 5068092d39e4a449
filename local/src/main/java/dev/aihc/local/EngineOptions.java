package dev.aihc.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine settings for data sources, alerts, TensorBoard and the time scale, as {@link LocalEngineConfig}
 * steps or {@code <home>/config.json} set them. Null (or an empty map) means "not set here": a value set in
 * code wins over the file, and the file over the default ({@link #over}).
 *
 * @param pfsRoot where PFS instances live, one directory per instance name
 * @param hostPathRoots the only host directories (and what is below them) a hostpath data source may mount
 * @param directories a directory per other data source type ({@code bos}, {@code cfs}, {@code rapidfs},
 *     {@code dataset}); a type without one is refused
 * @param alertWebhook a loopback URL that each alert is POSTed to as JSON
 * @param timeScale how many times faster than stated the engine lets job durations pass (retentionPeriod,
 *     alertConfig.for); 1 in normal use
 * @param tensorboardCommand the TensorBoard executable, a name looked up on PATH or a path
 */
record EngineOptions(Path pfsRoot, List<Path> hostPathRoots, Map<String, Path> directories, URI alertWebhook,
    Double timeScale, String tensorboardCommand) {
  /** The types that need a directory from the config. */
  static final List<String> MAPPED_TYPES = List.of("bos", "cfs", "rapidfs", "dataset");
  static final EngineOptions NONE = new EngineOptions(null, null, Map.of(), null, null, null);

  EngineOptions {
    hostPathRoots = hostPathRoots == null ? null : List.copyOf(hostPathRoots);
    directories = Map.copyOf(directories);
  }

  /** These options, taking what they leave unset from {@code fallback}. */
  EngineOptions over(EngineOptions fallback) {
    Map<String, Path> dirs = new LinkedHashMap<>(fallback.directories);
    dirs.putAll(directories);
    return new EngineOptions(pfsRoot != null ? pfsRoot : fallback.pfsRoot,
        hostPathRoots != null ? hostPathRoots : fallback.hostPathRoots, dirs,
        alertWebhook != null ? alertWebhook : fallback.alertWebhook,
        timeScale != null ? timeScale : fallback.timeScale,
        tensorboardCommand != null ? tensorboardCommand : fallback.tensorboardCommand);
  }

  EngineOptions withPfsRoot(Path p) {
    return new EngineOptions(p, hostPathRoots, directories, alertWebhook, timeScale, tensorboardCommand);
  }

  EngineOptions withHostPathRoots(List<Path> roots) {
    return new EngineOptions(pfsRoot, roots, directories, alertWebhook, timeScale, tensorboardCommand);
  }

  EngineOptions withDirectory(String type, Path dir) {
    Map<String, Path> dirs = new LinkedHashMap<>(directories);
    dirs.put(type, dir);
    return new EngineOptions(pfsRoot, hostPathRoots, dirs, alertWebhook, timeScale, tensorboardCommand);
  }

  EngineOptions withAlertWebhook(URI url) {
    return new EngineOptions(pfsRoot, hostPathRoots, directories, url, timeScale, tensorboardCommand);
  }

  EngineOptions withTimeScale(double scale) {
    return new EngineOptions(pfsRoot, hostPathRoots, directories, alertWebhook, scale, tensorboardCommand);
  }

  EngineOptions withTensorboardCommand(String command) {
    return new EngineOptions(pfsRoot, hostPathRoots, directories, alertWebhook, timeScale, command);
  }

  /** Checks a webhook URL: http(s) on a loopback address, since the engine never sends job data off this host. */
  static URI checkWebhook(URI url) {
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

  /** Checks a time scale: a finite number &gt;= 1 (faster, never slower than stated). */
  static double checkTimeScale(double scale) {
    if (!(scale >= 1) || Double.isInfinite(scale)) {
      throw new IllegalArgumentException("timeScale must be a number >= 1 but was " + scale
          + ". Use 1 for real time, 60 to let a minute pass in a second");
    }
    return scale;
  }

  /** Checks a data source type that takes a directory from the config. */
  static String checkMappedType(String type) {
    if (!MAPPED_TYPES.contains(type)) {
      throw new IllegalArgumentException("a data source directory can be given for " + MAPPED_TYPES + " but not for '"
          + type + "'" + (type.equals("pfs") ? ". Use pfsRoot for pfs" : type.equals("hostpath")
              ? ". Use hostPathRoots for hostpath" : ""));
    }
    return type;
  }
}
