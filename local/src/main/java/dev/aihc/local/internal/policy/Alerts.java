package dev.aihc.local.internal.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.internal.json.Json;
import dev.aihc.dsl.DurationText;
import dev.aihc.local.internal.core.Times;
import dev.aihc.local.internal.config.EngineOptions;
import dev.aihc.local.internal.core.EngineLoop;
import dev.aihc.local.internal.store.EventRow;
import dev.aihc.local.internal.store.JobRow;
import dev.aihc.local.internal.store.JobStore;
import java.io.IOException;
import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code alertConfig} locally: when something a job's {@code alertItems} lists happens, the job gets an
 * {@code Alert} event and, when the config names a webhook, the alert is POSTed there as JSON
 * ({@link AlertWebhook}). What happened is read from the committed job events, so every status change
 * counts, whoever makes it: a job event reaching Running is {@code jobRunning}, Failed {@code jobFailed},
 * Succeeded {@code jobSucceed}, Restarting {@code jobFT}; a job event with reason {@code jobHang}
 * (fault tolerance's hang detection) or {@code nodeFT} is that item. {@code for} delays the alert and
 * drops it when the status changed meanwhile. Runs on the engine loop.
 */
public final class Alerts implements AutoCloseable {
  public static final String EVENT_REASON = "Alert";
  /** Job event reasons that are alert items by themselves (no status change). */
  public static final String HANG_REASON = "jobHang";
  public static final String NODE_FT_REASON = "nodeFT";
  private static final Map<String, String> BY_CONDITION = Map.of("Running", "jobRunning", "Failed", "jobFailed",
      "Succeeded", "jobSucceed", "Restarting", "jobFT");
  private static final Map<String, String> BY_REASON = Map.of(HANG_REASON, "jobHang", NODE_FT_REASON, "nodeFT");
  private static final List<String> WARNINGS = List.of("jobFailed", "jobFT", "nodeFT", "jobHang");

  private final EngineLoop loop;
  private final JobStore store;
  private final Clock clock;
  private final Duration minute;
  private final AlertWebhook webhook; // null: events only

  /**
   * @param minute how long one minute of job-stated time ({@code alertConfig.for}) lasts
   * @param webhook where alerts are POSTed as JSON, when anywhere
   */
  public Alerts(EngineLoop loop, JobStore store, Clock clock, Duration minute, Optional<URI> webhook) {
    this.loop = loop;
    this.store = store;
    this.clock = clock;
    this.minute = minute;
    this.webhook = webhook.map(AlertWebhook::new).orElse(null);
  }

  /** The alert item {@code e} stands for, when it stands for one. */
  public static Optional<String> itemOf(EventRow e) {
    if (e.podName() != null) return Optional.empty();
    if (e.condition() != null && BY_CONDITION.containsKey(e.condition())) return Optional.of(BY_CONDITION.get(e.condition()));
    return Optional.ofNullable(BY_REASON.get(e.reason()));
  }

  /** Hands each committed event that is an alert item to the loop (see {@link JobStore#onCommit}). */
  public void committed(List<EventRow> events) {
    for (EventRow e : events) {
      itemOf(e).ifPresent(item -> loop.post(() -> {
        consider(e, item);
        return null;
      }));
    }
  }

  private void consider(EventRow e, String item) throws SQLException {
    Optional<JobRow> job = store.read(db -> db.job(e.jobId()));
    if (job.isEmpty() || !job.get().body().contains("\"alertConfig\"")) return; // most jobs: no JSON to parse
    JsonNode alert = parse(job.get().body()).path("alertConfig");
    boolean listed = false;
    for (JsonNode i : alert.path("alertItems")) listed |= item.equals(i.asText());
    if (!listed) return;
    Duration delay = forDuration(alert.path("for").asText(""));
    if (delay.isZero()) {
      raise(e, item, alert);
    } else {
      loop.postLater(delay, () -> {
        Optional<JobRow> now = store.read(db -> db.job(e.jobId()));
        // "for": the condition must still hold; a status event's condition is the status it reached
        if (now.isPresent() && (e.condition() == null || e.condition().equals(now.get().status().wireName()))) {
          raise(e, item, alert);
        }
        return null;
      });
    }
  }

  private void raise(EventRow e, String item, JsonNode alert) throws SQLException {
    long now = clock.millis();
    store.write(db -> {
      db.insertEvent(EventRow.job(e.jobId(), null, EVENT_REASON, item + ": " + e.message()
          + (webhook == null ? "" : " (sent to " + webhook.url() + ")"), WARNINGS.contains(item), now));
      return null;
    });
    if (webhook == null) return;
    JobRow job = store.read(db -> db.job(e.jobId())).orElse(null);
    ObjectNode body = Json.mapper().createObjectNode()
        .put("alertItem", item)
        .put("jobId", e.jobId())
        .put("jobName", job == null ? "" : job.name())
        .put("status", job == null ? "" : job.status().wireName())
        .put("message", e.message())
        .put("time", Times.rfc3339(e.at()));
    for (String f : List.of("instanceId", "notifyRuleId", "for")) {
      if (alert.hasNonNull(f)) body.put(f, alert.get(f).asText());
    }
    webhook.send(body.toString());
  }

  /** {@code for} as a delay in engine time; zero when absent or unreadable (validation checked it). */
  private Duration forDuration(String text) {
    return DurationText.read(text.trim()).map(d -> EngineOptions.scaled(d.toDuration(), minute)).orElse(Duration.ZERO);
  }

  private static JsonNode parse(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      return Json.mapper().createObjectNode();
    }
  }

  @Override
  public void close() {
    if (webhook != null) webhook.close();
  }
}
