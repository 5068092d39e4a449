package dev.aihc.dsl;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CreateJob JSON form of a {@link Job}: written in spec order with unset fields left out, read
 * back with the seed example's aliases mapped (each with a warning) and type errors located by line
 * and column.
 */
final class JobJson {
  // Trees only, which Jackson reads and writes as they are: the product's POJO settings (unknown fields
  // ignored, nulls left out, in dev.aihc.internal.json) have nothing to change here, so the job model
  // needs no mapper of the client's.
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String PASSWORD_PATH = "jobSpec.imageConfig.password";

  private static final Set<String> TOP_LEVEL = Set.of("name", "queue", "jobType", "command", "jobSpec",
      "labels", "priority", "datasources", "enableBccl", "faultTolerance", "faultToleranceArgs",
      "tensorboardConfig", "alertConfig", "retentionPeriod");
  private static final Set<String> JOB_SPEC = Set.of("image", "imageConfig", "replicas", "resources", "envs",
      "enableRDMA", "hostNetwork");

  private JobJson() {}

  // ---------------------------------------------------------------- writing

  static String write(Job job, boolean pretty) {
    try {
      ObjectNode tree = tree(job);
      return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
          : MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write job JSON", e); // a tree always serialises
    }
  }

  static ObjectNode tree(Job job) {
    ObjectNode o = NODES.objectNode();
    putIf(o, "name", job.name());
    putIf(o, "queue", job.queue());
    o.put("jobType", job.jobType().wireName());
    putIf(o, "command", job.command());
    ObjectNode spec = o.putObject("jobSpec");
    putIf(spec, "image", job.image());
    job.imageAuth().ifPresent(a -> spec.putObject("imageConfig").put("username", a.username())
        .put("password", a.password()));
    spec.put("replicas", job.replicas());
    if (!job.resources().isEmpty()) {
      ArrayNode rs = spec.putArray("resources");
      job.resources().forEach(r -> rs.addObject().put("name", r.name()).put("quantity", r.quantity()));
    }
    if (!job.envs().isEmpty()) {
      ArrayNode es = spec.putArray("envs");
      job.envs().forEach(e -> es.addObject().put("name", e.name()).put("value", e.value()));
    }
    if (job.isRdma()) spec.put("enableRDMA", true);
    if (job.isHostNetwork()) spec.put("hostNetwork", true);
    if (!job.labels().isEmpty()) {
      ArrayNode ls = o.putArray("labels");
      job.labels().forEach(l -> ls.addObject().put("key", l.key()).put("value", l.value()));
    }
    job.priority().ifPresent(p -> o.put("priority", p.wireName()));
    if (!job.datasources().isEmpty()) {
      ArrayNode ds = o.putArray("datasources");
      for (Datasource d : job.datasources()) {
        ObjectNode n = ds.addObject();
        putIf(n, "type", d.type());
        putIf(n, "id", d.id());
        putIf(n, "name", d.name());
        putIf(n, "sourcePath", d.sourcePath());
        putIf(n, "mountPath", d.mountPath());
        if (d.readOnlyOption() != null || d.datasetVersion() != null) {
          ObjectNode opts = n.putObject("options");
          if (d.readOnlyOption() != null) opts.put("readOnly", d.readOnlyOption());
          putIf(opts, "datasetVersion", d.datasetVersion());
        }
      }
    }
    if (job.isBccl()) o.put("enableBccl", true);
    if (job.isFaultTolerance()) o.put("faultTolerance", true);
    job.faultToleranceArgs().ifPresent(ft -> o.put("faultToleranceArgs", ft.toFlags()));
    job.tensorboard().ifPresent(t -> o.putObject("tensorboardConfig").put("enable", t.enable())
        .put("logPath", t.logPath()));
    job.alert().ifPresent(a -> {
      ObjectNode n = o.putObject("alertConfig");
      putIf(n, "instanceId", a.instanceId());
      ArrayNode items = n.putArray("alertItems");
      a.alertItems().forEach(items::add);
      putIf(n, "for", a.forDuration());
      putIf(n, "notifyRuleId", a.notifyRuleId());
    });
    job.retentionPeriod().ifPresent(r -> o.put("retentionPeriod", r));
    return o;
  }

  private static void putIf(ObjectNode o, String key, String value) {
    if (value != null) o.put(key, value);
  }

  // ---------------------------------------------------------------- diff

  static List<Difference> diff(Job a, Job b) {
    Map<String, String> left = flatten(a);
    Map<String, String> right = flatten(b);
    Set<String> keys = new TreeSet<>(left.keySet());
    keys.addAll(right.keySet());
    List<Difference> out = new ArrayList<>();
    for (String k : orderedKeys(left, right, keys)) {
      String l = left.get(k);
      String r = right.get(k);
      if (!Objects.equals(l, r)) {
        boolean secret = k.equals(PASSWORD_PATH);
        out.add(new Difference(k, secret && l != null ? "****" : l, secret && r != null ? "****" : r));
      }
    }
    return List.copyOf(out);
  }

  /** Keys in the order they appear in the left then the right job, so diffs read top to bottom. */
  private static List<String> orderedKeys(Map<String, String> left, Map<String, String> right, Set<String> all) {
    List<String> keys = new ArrayList<>(left.keySet());
    right.keySet().stream().filter(k -> !left.containsKey(k)).forEach(keys::add);
    keys.retainAll(all);
    return keys;
  }

  private static Map<String, String> flatten(Job job) {
    Map<String, String> flat = new LinkedHashMap<>();
    job.pool().ifPresent(p -> flat.put("resourcePoolId", p));
    flatten("", tree(job), flat);
    return flat;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), flat);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) flatten(prefix + "[" + i + "]", node.get(i), flat);
    } else {
      flat.put(prefix, node.asText());
    }
  }

  // ---------------------------------------------------------------- reading

  static Job read(String json) {
    if (json == null) throw new IllegalArgumentException("json == null");
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String field = "";
      if (e.getProcessor() instanceof JsonParser p) field = fieldPath(p.getParsingContext().pathAsPointer());
      throw new JobJsonException(e.getOriginalMessage(), at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(), field, e);
    }
    if (root == null || root.isMissingNode()) throw new JobJsonException("no JSON value", 1, 1, "", null);
    return new Reader(json, root).read();
  }

  /** {@code /jobSpec/resources/0/quantity} as {@code jobSpec.resources[0].quantity}. */
  static String fieldPath(JsonPointer pointer) {
    StringBuilder s = new StringBuilder();
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      if (p.mayMatchElement()) {
        s.append('[').append(p.getMatchingIndex()).append(']');
      } else {
        if (s.length() > 0) s.append('.');
        s.append(p.getMatchingProperty());
      }
    }
    return s.toString();
  }

  /** Walks the tree; on a type error, finds the value's line and column in the text. */
  private static final class Reader {
    private final String text;
    private final JsonNode root;
    private final List<Problem> warnings = new ArrayList<>();

    Reader(String text, JsonNode root) {
      this.text = text;
      this.root = root;
    }

    Job read() {
      if (!root.isObject()) throw fail("/", "a CreateJob body must be a JSON object but was " + kind(root));
      Job.State s = new Job.State();
      s.name = string("/name");
      s.queue = string("/queue");
      for (String alias : List.of("queueId", "queueID")) {
        if (root.has(alias)) {
          String v = string("/" + alias);
          warnings.add(Problem.warning(alias, "'" + alias + "' is not a CreateJob field; read as 'queue'",
              "Write 'queue' (the query parameter is queueID, the body field is queue)"));
          if (s.queue == null) s.queue = v;
        }
      }
      String type = string("/jobType");
      if (type != null) s.jobType = parseEnum("/jobType", () -> JobType.fromWire(type));
      s.command = string("/command");
      JsonNode spec = root.get("jobSpec");
      if (spec != null && !spec.isNull()) {
        if (!spec.isObject()) throw fail("/jobSpec", "must be an object but was " + kind(spec));
        readSpec(spec, s);
      }
      readLabels(root, s);
      String priority = string("/priority");
      if (priority != null) s.priority = parseEnum("/priority", () -> Priority.fromWire(priority));
      readDatasources(root, s);
      s.bccl = bool("/enableBccl");
      s.faultTolerance = bool("/faultTolerance");
      String ft = string("/faultToleranceArgs");
      if (ft != null) {
        FaultTolerance parsed = FaultTolerance.parse(ft);
        s.faultToleranceArgs = parsed.isEmpty() ? null : parsed;
      }
      JsonNode tb = object("/tensorboardConfig");
      if (tb != null) {
        String logPath = string("/tensorboardConfig/logPath");
        s.tensorboard = new Tensorboard(bool("/tensorboardConfig/enable"), logPath == null ? "" : logPath);
      }
      JsonNode alert = object("/alertConfig");
      if (alert != null) {
        List<String> items = new ArrayList<>();
        JsonNode list = array("/alertConfig/alertItems");
        for (int i = 0; list != null && i < list.size(); i++) items.add(string("/alertConfig/alertItems/" + i));
        s.alert = new Alert(string("/alertConfig/instanceId"), items, string("/alertConfig/for"),
            string("/alertConfig/notifyRuleId"));
      }
      s.retentionPeriod = string("/retentionPeriod");
      if (s.retentionPeriod != null && s.retentionPeriod.isEmpty()) {
        // bce-sdk-python's own sample CreateJob sends it so; AIHC reads it as unset
        warnings.add(Problem.warning("retentionPeriod", "an empty retentionPeriod was read as unset (the "
            + "platform's default)", "Leave retentionPeriod out, or give one like 7d"));
        s.retentionPeriod = null;
      }
      unknownFields(root, "", TOP_LEVEL, Set.of("queueId", "queueID", "datasource", "dataSources"));
      return s.build().withImportWarnings(warnings);
    }

    private void readSpec(JsonNode spec, Job.State s) {
      s.image = string("/jobSpec/image");
      JsonNode auth = object("/jobSpec/imageConfig");
      if (auth != null) {
        String user = string("/jobSpec/imageConfig/username");
        String pass = string("/jobSpec/imageConfig/password");
        s.imageAuth = new ImageAuth(user == null ? "" : user, pass == null ? "" : pass);
      }
      if (spec.has("replicas") && !spec.get("replicas").isNull()) {
        JsonNode r = spec.get("replicas");
        if (!r.canConvertToInt() || !r.isIntegralNumber()) {
          throw fail("/jobSpec/replicas", "must be a whole number but was " + kind(r));
        }
        s.replicas = r.intValue();
      }
      JsonNode resources = array("/jobSpec/resources");
      for (int i = 0; resources != null && i < resources.size(); i++) {
        String at = "/jobSpec/resources/" + i;
        String name = string(at + "/name");
        if (name == null) throw fail(at + "/name", "a resource needs a name");
        s.resources.add(new Resource(name, quantity(at + "/quantity")));
      }
      JsonNode envs = array("/jobSpec/envs");
      for (int i = 0; envs != null && i < envs.size(); i++) {
        String at = "/jobSpec/envs/" + i;
        String name = string(at + "/name");
        String value = string(at + "/value");
        if (name == null) throw fail(at + "/name", "an env entry needs a name");
        s.envs.add(new EnvVar(name, value == null ? "" : value));
      }
      s.rdma = bool("/jobSpec/enableRDMA");
      s.hostNetwork = bool("/jobSpec/hostNetwork");
      unknownFields(spec, "jobSpec.", JOB_SPEC, Set.of());
    }

    private void readLabels(JsonNode root, Job.State s) {
      JsonNode labels = array("/labels");
      for (int i = 0; labels != null && i < labels.size(); i++) {
        String at = "/labels/" + i;
        String key = string(at + "/key");
        String value = string(at + "/value");
        if (key == null) throw fail(at + "/key", "a label needs a key");
        s.labels.add(new Label(key, value == null ? "" : value));
      }
    }

    private void readDatasources(JsonNode root, Job.State s) {
      String used = null;
      for (String key : List.of("datasources", "dataSources", "datasource")) {
        if (!root.has(key)) continue;
        if (!key.equals("datasources")) {
          warnings.add(Problem.warning(key, "'" + key + "' is not the wire key; read as 'datasources'",
              "Write 'datasources' (all lower case), as the API definitions and SDKs send it"));
        }
        if (used != null) {
          warnings.add(Problem.warning(key, "both '" + used + "' and '" + key + "' are present; '" + key
              + "' was ignored", "Keep only 'datasources'"));
          continue;
        }
        used = key;
        JsonNode list = array("/" + key);
        for (int i = 0; list != null && i < list.size(); i++) {
          String at = "/" + key + "/" + i;
          Boolean readOnly = at(at + "/options/readOnly") == null ? null
              : bool(at + "/options/readOnly");
          s.datasources.add(new Datasource(datasourceType(at + "/type"), string(at + "/name"),
              string(at + "/sourcePath"), string(at + "/mountPath"), readOnly,
              string(at + "/id"), string(at + "/options/datasetVersion")));
        }
      }
    }

    /**
     * A resource quantity: a JSON number, or a string holding one, as bce-sdk-python's models document
     * it ({@code "quantity": "8"}); written back as a number.
     */
    private java.math.BigDecimal quantity(String pointer) {
      JsonNode q = at(pointer);
      if (q != null && q.isNumber()) return q.decimalValue();
      if (q != null && q.isTextual()) {
        try {
          java.math.BigDecimal n = new java.math.BigDecimal(q.asText().trim());
          warnings.add(Problem.warning(fieldPath(JsonPointer.compile(pointer)), "the quantity \"" + q.asText()
              + "\" is a string; read as the number " + n.toPlainString(), "Send quantities as JSON numbers"));
          return n;
        } catch (NumberFormatException e) {
          // not a number in a string either: the error below says what is wanted
        }
      }
      throw fail(pointer, "must be a number but was " + kind(q));
    }

    /**
     * A data source type, with the spelling in another case ({@code hostPath}, as bce-sdk-python's models
     * document it) read as the wire's ({@code hostpath}).
     */
    private String datasourceType(String pointer) {
      String type = string(pointer);
      if (type == null || Datasource.TYPES.contains(type)) return type;
      String wire = type.toLowerCase(java.util.Locale.ROOT);
      if (!Datasource.TYPES.contains(wire)) return type; // the validator names the allowed types
      warnings.add(Problem.warning(fieldPath(JsonPointer.compile(pointer)), "data source type '" + type
          + "' was read as '" + wire + "'", "Write '" + wire + "', as the API definitions spell it"));
      return wire;
    }

    private void unknownFields(JsonNode node, String prefix, Set<String> known, Set<String> aliases) {
      node.fieldNames().forEachRemaining(f -> {
        if (!known.contains(f) && !aliases.contains(f)) {
          warnings.add(Problem.warning(prefix + f, "unknown field '" + f + "' was ignored",
              "Remove it, or check its spelling against the CreateJob fields"));
        }
      });
    }

    private <T> T parseEnum(String pointer, java.util.function.Supplier<T> parse) {
      try {
        return parse.get();
      } catch (IllegalArgumentException e) {
        throw fail(pointer, e.getMessage());
      }
    }

    private String string(String pointer) {
      JsonNode n = at(pointer);
      if (n == null) return null;
      if (!n.isTextual()) throw fail(pointer, "must be a string but was " + kind(n));
      return n.asText();
    }

    private boolean bool(String pointer) {
      JsonNode n = at(pointer);
      if (n == null) return false;
      if (!n.isBoolean()) throw fail(pointer, "must be true or false but was " + kind(n));
      return n.booleanValue();
    }

    private JsonNode array(String pointer) {
      JsonNode n = at(pointer);
      if (n == null) return null;
      if (!n.isArray()) throw fail(pointer, "must be an array but was " + kind(n));
      return n;
    }

    private JsonNode object(String pointer) {
      JsonNode n = at(pointer);
      if (n == null) return null;
      if (!n.isObject()) throw fail(pointer, "must be an object but was " + kind(n));
      return n;
    }

    /** The node at {@code pointer}, or null when absent or JSON null. */
    private JsonNode at(String pointer) {
      JsonNode n = root.at(pointer);
      return n.isMissingNode() || n.isNull() ? null : n;
    }

    private JobJsonException fail(String pointer, String problem) {
      JsonPointer p = JsonPointer.compile(pointer.equals("/") ? "" : pointer);
      int[] lineCol = locate(text, p);
      return new JobJsonException(problem, lineCol[0], lineCol[1], fieldPath(p), null);
    }
  }

  private static String kind(JsonNode n) {
    if (n == null || n.isNull()) return "null";
    if (n.isTextual()) return "the string \"" + n.asText() + "\"";
    if (n.isObject()) return "an object";
    if (n.isArray()) return "an array";
    return n.toString();
  }

  /** Line and column (1-based) of the value at {@code target}, or of the document start. */
  static int[] locate(String text, JsonPointer target) {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) continue;
        if (p.getParsingContext().pathAsPointer().equals(target)
            || (t.isStructStart() && p.getParsingContext().getParent() != null
                && p.getParsingContext().getParent().pathAsPointer().equals(target))) {
          JsonLocation at = p.currentTokenLocation();
          return new int[] {at.getLineNr(), at.getColumnNr()};
        }
      }
    } catch (IOException e) {
      // the text parsed once already; fall through to the start
    }
    return new int[] {1, 1};
  }
}
