package dev.aihc.local.internal.sched;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.local.internal.config.ConfigFile;
import dev.aihc.local.internal.config.EngineOptionsFile;
import dev.aihc.local.internal.config.JsonValues;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the pools and queues of the local engine from {@code <home>/config.json}. The same file holds
 * the data source, alert, TensorBoard and time-scale settings, which {@link EngineOptionsFile} reads and
 * this reader leaves alone (a top-level key neither knows is refused). Every field but the ids and names
 * is optional:
 *
 * <pre>{@code
 * {"pools": [
 *   {"id": "local",                          // the resourcePoolId of job actions
 *    "aliases": ["aihc-serverless", "*"],    // other pool ids it answers to; "*": any unknown id
 *    "queues": [
 *      {"name": "default",                   // the queueID of job actions
 *       "id": "default",                     // what DescribeQueue reports (default: the name)
 *       "aliases": ["*"],                    // other queue names it answers to; "*": any unknown name
 *       "cpu": 2,                            // cores (default: this machine's)
 *       "memory": 23,                        // GB (default: this machine's)
 *       "gpus": {"baidu.com/a800_80g_cgpu": ["0", "1"],   // real GPU ids: CUDA_VISIBLE_DEVICES
 *                "baidu.com/h800_80g_cgpu": 16},          // a count: virtual, a CPU rehearsal
 *                                            // (default: this machine's GPUs from nvidia-smi)
 *       "rehearsalGpus": 8,                  // virtual devices of every other known descriptor
 *                                            // (default: 8 without a GPU on this machine, else 0)
 *       "paused": false}]}]}                 // true: jobs queue up but none launches
 * }</pre>
 *
 * A mistake fails the engine's start with the field's path, what it must be and what it was.
 */
final class PoolsFile {
  /** {@code pools}, and the keys {@link EngineOptionsFile} reads from the same file (left to it). */
  private static final Set<String> TOP = top();
  private static final Set<String> POOL = Set.of("id", "aliases", "queues");
  private static final Set<String> QUEUE =
      Set.of("name", "id", "aliases", "cpu", "memory", "gpus", "rehearsalGpus", "paused");

  private final ConfigFile file;
  private final HostResources host;

  private static Set<String> top() {
    Set<String> keys = new HashSet<>(EngineOptionsFile.KEYS);
    keys.add("pools");
    return Set.copyOf(keys);
  }

  private PoolsFile(ConfigFile file, HostResources host) {
    this.file = file;
    this.host = host;
  }

  /**
   * Reads the pools of {@code file}, which exists; absent fields take {@code host}'s values.
   *
   * @throws IllegalArgumentException naming the file, the field and the fix
   */
  static SchedulingConfig read(ConfigFile file, HostResources host) {
    return new PoolsFile(file, host).config(file.root());
  }

  private SchedulingConfig config(JsonNode root) {
    if (root == null || !root.isObject()) throw wrong("the file", "a JSON object", root);
    known(root, "the file", TOP);
    JsonNode pools = root.get("pools");
    if (pools == null) return SchedulingConfig.defaults(host).withSource(file.file().toString());
    if (!pools.isArray() || pools.isEmpty()) throw wrong("pools", "a non-empty array", pools);
    List<PoolSpec> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < pools.size(); i++) {
      PoolSpec p = pool(pools.get(i), "pools[" + i + "]");
      if (!ids.add(p.id())) throw fail("pools[" + i + "].id", "pool id '" + p.id() + "' is used twice");
      out.add(p);
    }
    return new SchedulingConfig(out, file.file().toString());
  }

  private PoolSpec pool(JsonNode n, String at) {
    if (!n.isObject()) throw wrong(at, "an object", n);
    known(n, at, POOL);
    String id = text(n, at + ".id", true);
    List<String> aliases = strings(n.get("aliases"), at + ".aliases");
    JsonNode queues = n.get("queues");
    if (queues == null || !queues.isArray() || queues.isEmpty()) throw wrong(at + ".queues", "a non-empty array", queues);
    List<QueueSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < queues.size(); i++) {
      QueueSpec q = queue(id, queues.get(i), at + ".queues[" + i + "]");
      if (!names.add(q.name())) throw fail(at + ".queues[" + i + "].name", "queue '" + q.name() + "' is used twice");
      out.add(q);
    }
    return new PoolSpec(id, aliases, out);
  }

  private QueueSpec queue(String poolId, JsonNode n, String at) {
    if (!n.isObject()) throw wrong(at, "an object", n);
    known(n, at, QUEUE);
    String name = text(n, at + ".name", true);
    String id = n.has("id") ? text(n, at + ".id", true) : name;
    BigDecimal cpu = positive(n.get("cpu"), at + ".cpu", BigDecimal.valueOf(host.cores()));
    BigDecimal memory = positive(n.get("memory"), at + ".memory", BigDecimal.valueOf(host.memoryGb()));
    Map<String, List<String>> devices = new LinkedHashMap<>();
    Map<String, Integer> virtual = new LinkedHashMap<>();
    JsonNode gpus = n.get("gpus");
    if (gpus == null) {
      devices.putAll(SchedulingConfig.hostDevices(host));
    } else {
      gpus(gpus, at + ".gpus", devices, virtual);
    }
    JsonNode rehearsal = n.get("rehearsalGpus");
    int perDescriptor = host.hasGpus() ? 0 : SchedulingConfig.REHEARSAL_GPUS;
    if (rehearsal != null) {
      if (!rehearsal.canConvertToInt() || !rehearsal.isIntegralNumber() || rehearsal.intValue() < 0) {
        throw wrong(at + ".rehearsalGpus", "a whole number >= 0", rehearsal);
      }
      perDescriptor = rehearsal.intValue();
    }
    Map<String, Object> listed = new LinkedHashMap<>(devices);
    listed.putAll(virtual);
    SchedulingConfig.rehearsalInventory(perDescriptor, listed).forEach(virtual::putIfAbsent);
    JsonNode paused = n.get("paused");
    if (paused != null && !paused.isBoolean()) throw wrong(at + ".paused", "true or false", paused);
    return new QueueSpec(poolId, name, id, strings(n.get("aliases"), at + ".aliases"), cpu, memory, devices, virtual,
        paused != null && paused.booleanValue() ? file.file() + " (" + at + ".paused)" : null);
  }

  private void gpus(JsonNode gpus, String at, Map<String, List<String>> devices, Map<String, Integer> virtual) {
    if (!gpus.isObject()) throw wrong(at, "an object of descriptor: [ids] or descriptor: count", gpus);
    for (Iterator<Map.Entry<String, JsonNode>> it = gpus.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = at + "[\"" + e.getKey() + "\"]";
      if (!e.getKey().contains("/")) {
        throw fail(where, "a GPU descriptor has a vendor prefix, such as baidu.com/a800_80g_cgpu, but was '"
            + e.getKey() + "'");
      }
      JsonNode v = e.getValue();
      if (v.isArray()) {
        List<String> ids = new ArrayList<>();
        for (JsonNode id : v) {
          if (!(id.isTextual() && id.asText().matches("[0-9A-Za-z-]+")) && !(id.isIntegralNumber() && id.asLong() >= 0)) {
            throw wrong(where, "an array of device ids such as [\"0\", \"1\"]", v);
          }
          if (ids.contains(id.asText())) throw fail(where, "device id " + id.asText() + " is listed twice");
          ids.add(id.asText());
        }
        devices.put(e.getKey(), ids);
      } else if (v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0) {
        virtual.put(e.getKey(), v.intValue());
      } else {
        throw wrong(where, "an array of real device ids, or a count of virtual devices", v);
      }
    }
  }

  private String text(JsonNode n, String at, boolean required) {
    JsonNode v = n.get(at.substring(at.lastIndexOf('.') + 1));
    if (v == null && !required) return null;
    if (v == null || !v.isTextual() || v.asText().isBlank()) throw wrong(at, "a non-blank string", v);
    return v.asText().trim();
  }

  private List<String> strings(JsonNode n, String at) {
    List<String> out = new ArrayList<>();
    if (n == null) return out;
    if (!n.isArray()) throw wrong(at, "an array of strings", n);
    for (JsonNode s : n) {
      if (!s.isTextual() || s.asText().isBlank()) throw wrong(at, "an array of non-blank strings", n);
      out.add(s.asText().trim());
    }
    return out;
  }

  private BigDecimal positive(JsonNode n, String at, BigDecimal otherwise) {
    if (n == null) return otherwise;
    if (!n.isNumber() || n.decimalValue().signum() <= 0) throw wrong(at, "a number > 0", n);
    return n.decimalValue().stripTrailingZeros();
  }

  private void known(JsonNode n, String at, Set<String> fields) {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!fields.contains(f)) {
        throw fail(at, "unknown field '" + f + "'; the known fields are " + String.join(", ", new java.util.TreeSet<>(fields)));
      }
    }
  }

  private IllegalArgumentException wrong(String at, String what, JsonNode was) {
    return fail(at, at + " must be " + what + " but was " + JsonValues.describe(was));
  }

  private IllegalArgumentException fail(String at, String message) {
    return file.mistake(message + " (at " + at + "). See \"Pools, queues and capacity\" in the aihc-local README"
        + " for the format", null);
  }
}
