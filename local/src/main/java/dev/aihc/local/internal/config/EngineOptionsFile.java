package dev.aihc.local.internal.config;

import dev.aihc.local.internal.storage.MinFree;
import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.internal.json.Json;
import dev.aihc.dsl.DurationText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the engine settings of {@code <home>/config.json} that {@link EngineOptions} holds:
 *
 * <pre>{@code
 * {
 *   "datasources": {
 *     "pfsRoot": "/srv/aihc/pfs",
 *     "hostpathRoots": ["/srv/data", "/tmp"],
 *     "directories": {"bos": "/srv/aihc/bos", "cfs": "/srv/cfs", "rapidfs": "/srv/rapidfs", "dataset": "/srv/datasets"}
 *   },
 *   "alerts": {"webhookUrl": "http://127.0.0.1:9000/aihc-alerts"},
 *   "tensorboard": {"command": "/opt/tb/bin/tensorboard"},
 *   "minute": "1m",
 *   "storage": {"minFree": "64MB"}
 * }
 * }</pre>
 *
 * {@code storage.minFree} is the free space the engine keeps on the home's file system: below it, CreateJob and
 * other writes are refused (503 InsufficientStorage) and waiting jobs wait; a size or a share such as {@code "5%"}
 * (default: 32 MB or 5 %, whichever is smaller).
 * {@code minute} is how long one minute of the durations a job states lasts ({@code "1s"} for demos), in the
 * text {@code --minute} and the other durations read ({@link DurationText}).
 * Relative paths are taken from the home. The other top-level key, {@code pools}, belongs to the scheduler
 * ({@code sched.PoolsFile}) and is left to it; that reader in turn refuses a top-level key that neither reader
 * knows, and this one an unknown key inside its sections, so a typo does not pass silently.
 */
public final class EngineOptionsFile {
  public static final String NAME = ConfigFile.NAME;
  /** The top-level keys this reader owns; {@code pools} belongs to the scheduler's reader, which knows these too. */
  public static final Set<String> KEYS = Set.of("datasources", "alerts", "tensorboard", "minute", "storage");

  private EngineOptionsFile() {}

  /**
   * The options {@code <home>/config.json} sets; {@link EngineOptions#NONE} when there is no file.
   *
   * @throws IllegalArgumentException naming the file and the key when a value is wrong
   */
  public static EngineOptions read(Path home) {
    return read(new Home(home).config());
  }

  /**
   * The options {@code file} sets; {@link EngineOptions#NONE} when there is no file.
   *
   * @throws IllegalArgumentException naming the file and the key when a value is wrong
   */
  public static EngineOptions read(ConfigFile file) {
    if (!file.exists()) return EngineOptions.NONE;
    try {
      return parse(file.root(), file.home());
    } catch (IllegalArgumentException e) {
      throw file.mistake(e.getMessage(), e);
    }
  }

  static EngineOptions parse(JsonNode root, Path home) {
    if (root == null || !root.isObject()) throw new IllegalArgumentException("the file must hold a JSON object");
    EngineOptions o = EngineOptions.NONE;
    JsonNode ds = section(root, "datasources", Set.of("pfsRoot", "hostpathRoots", "directories"));
    if (ds.has("pfsRoot")) o = o.withPfsRoot(path(ds.get("pfsRoot"), "datasources.pfsRoot", home));
    if (ds.has("hostpathRoots")) {
      JsonNode roots = ds.get("hostpathRoots");
      if (!roots.isArray()) throw wrong("datasources.hostpathRoots", "an array of paths", roots);
      List<Path> list = new ArrayList<>();
      for (int i = 0; i < roots.size(); i++) list.add(path(roots.get(i), "datasources.hostpathRoots[" + i + "]", home));
      o = o.withHostPathRoots(list);
    }
    if (ds.has("directories")) {
      JsonNode dirs = ds.get("directories");
      if (!dirs.isObject()) throw wrong("datasources.directories", "an object of type: path", dirs);
      for (Iterator<Map.Entry<String, JsonNode>> it = dirs.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String key = "datasources.directories." + e.getKey();
        try {
          o = o.withDirectory(EngineOptions.checkMappedType(e.getKey()), path(e.getValue(), key, home));
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(key + ": " + ex.getMessage(), ex);
        }
      }
    }
    JsonNode alerts = section(root, "alerts", Set.of("webhookUrl"));
    if (alerts.has("webhookUrl")) {
      String text = text(alerts.get("webhookUrl"), "alerts.webhookUrl");
      try {
        o = o.withAlertWebhook(EngineOptions.checkWebhook(new URI(text)));
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("alerts.webhookUrl is not a URL: " + e.getMessage(), e);
      }
    }
    JsonNode tb = section(root, "tensorboard", Set.of("command"));
    if (tb.has("command")) o = o.withTensorboardCommand(text(tb.get("command"), "tensorboard.command"));
    JsonNode storage = section(root, "storage", Set.of("minFree"));
    if (storage.has("minFree")) o = o.withMinFree(MinFree.parse(text(storage.get("minFree"), "storage.minFree")));
    JsonNode minute = root.get("minute");
    if (minute != null && !minute.isNull()) {
      if (!minute.isTextual()) throw wrong("minute", "a duration such as \"1s\", \"500ms\" or \"1m\"", minute);
      DurationText d;
      try {
        d = DurationText.parse(minute.asText());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("minute: " + e.getMessage(), e);
      }
      o = o.withMinute(EngineOptions.checkMinute(d.toDuration()));
    }
    return o;
  }

  private static JsonNode section(JsonNode root, String name, Set<String> keys) {
    JsonNode n = root.get(name);
    if (n == null || n.isNull()) return Json.mapper().createObjectNode();
    if (!n.isObject()) throw wrong(name, "an object", n);
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new IllegalArgumentException("unknown key " + name + "." + k + ". Known keys of " + name + ": "
            + keys.stream().sorted().toList());
      }
    }
    return n;
  }

  private static Path path(JsonNode n, String key, Path home) {
    return home.resolve(text(n, key)).toAbsolutePath().normalize();
  }

  private static String text(JsonNode n, String key) {
    if (n == null || !n.isTextual() || n.asText().isBlank()) throw wrong(key, "a non-empty string", n);
    return n.asText();
  }

  private static IllegalArgumentException wrong(String key, String what, JsonNode n) {
    return new IllegalArgumentException(key + " must be " + what + " but was " + JsonValues.describe(n));
  }
}
