package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.internal.signing.BceSigner;
import dev.aihc.client.Credentials;
import dev.aihc.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20,000 seeded, reproducible mutated requests: random bytes, broken and deeply nested JSON, wrong
 * types, huge and Unicode strings, missing and repeated fields, bad, expired and replayed signatures,
 * odd methods and paths. None may get a 5xx; the engine keeps answering and its memory stays bounded.
 */
final class FuzzTest {
  private static final int REQUESTS = 20_000;
  private static final long SEED = 20261128L;
  private static final MediaType JSON = MediaType.get("application/json");
  private static final List<String> ACTIONS = List.of("CreateJob", "DescribeJobs", "DescribeJob", "DeleteJob",
      "StopJob", "ModifyJob", "DescribeJobEvents", "DescribePodEvents", "DescribeJobLogs", "DescribeJobNodes",
      "DescribeJobMetrics", "DescribeJobWebterminal", "BatchStopJobs");

  @TempDir Path home;

  @Test
  @Timeout(300)
  void givenTwentyThousandMutatedRequests_whenSent_thenNo5xxEngineAnswersAndMemoryBounded() throws Exception {
    try (TestEngine t = TestEngine.start(home)) {
      OkHttpClient http = new OkHttpClient.Builder().retryOnConnectionFailure(false)
          .callTimeout(Duration.ofSeconds(30)).build();
      HttpUrl base = HttpUrl.get(t.engine.url().toString());
      long heapBefore = usedHeapAfterGc();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      List<Future<Map<Integer, Integer>>> parts = new ArrayList<>();
      for (int p = 0; p < 2; p++) {
        int part = p;
        parts.add(pool.submit(() -> {
          Map<Integer, Integer> statuses = new TreeMap<>();
          for (int i = part; i < REQUESTS; i += 2) {
            Request request = new Mutator(new Random(SEED + i), base, TestEngine.CREDENTIALS).request();
            int status = send(http, request, i);
            statuses.merge(status, 1, Integer::sum);
          }
          return statuses;
        }));
      }
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (Future<Map<Integer, Integer>> f : parts) f.get(280, TimeUnit.SECONDS).forEach((k, v) -> statuses.merge(k, v, Integer::sum));
      pool.shutdown();
      // then
      assertThat(statuses.keySet()).as("statuses %s", statuses).allMatch(s -> s < 500);
      assertThat(statuses).containsKeys(200, 400, 403, 405);
      assertThat(t.api.post("DescribeJobs", "{}").status()).isEqualTo(200);
      long growth = usedHeapAfterGc() - heapBefore;
      assertThat(growth).as("heap growth after %d requests", REQUESTS).isLessThan(64L * 1024 * 1024);
    }
  }

  private static int send(OkHttpClient http, Request request, int i) {
    try (Response r = http.newCall(request).execute()) {
      r.body().bytes();
      return r.code();
    } catch (IOException e) {
      long length;
      try {
        length = request.body() == null ? -1 : request.body().contentLength();
      } catch (IOException io) {
        length = -2;
      }
      throw new AssertionError("request " + i + " (seed " + (SEED + i) + ": " + request.method() + " " + request.url()
          + ", body " + length + " bytes, auth " + request.header("Authorization") + ") got no answer: " + e, e);
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  /** One request from one seed. */
  private static final class Mutator {
    private final Random r;
    private final HttpUrl base;
    private final Credentials keys;

    Mutator(Random r, HttpUrl base, Credentials keys) {
      this.r = r;
      this.base = base;
      this.keys = keys;
    }

    Request request() {
      String action = r.nextInt(30) == 0 ? "No" + r.nextInt(99) : ACTIONS.get(r.nextInt(ACTIONS.size()));
      HttpUrl.Builder url = base.newBuilder().encodedPath(r.nextInt(40) == 0 ? "/v1/" + r.nextInt(9) : "/")
          .addQueryParameter("action", action);
      if (r.nextInt(10) > 0) url.addQueryParameter("resourcePoolId", r.nextInt(8) == 0 ? "aihc-serverless" : "local");
      if (r.nextInt(10) > 0) url.addQueryParameter("queueID", r.nextInt(20) == 0 ? "q\u00e9\u4e2d" : "default");
      if (r.nextInt(30) == 0) url.addQueryParameter("action", "CreateJob"); // repeated parameter
      byte[] body = body(action);
      String method = r.nextInt(25) == 0 ? List.of("GET", "PUT", "DELETE", "PATCH").get(r.nextInt(4)) : "POST";
      HttpUrl u = url.build();
      Request.Builder b = new Request.Builder().url(u).header("X-API-Version", "v2");
      b.method(method, method.equals("GET") ? null : RequestBody.create(body, JSON));
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("host", u.host() + ":" + u.port());
      headers.put("content-type", "application/json");
      if (!method.equals("GET")) headers.put("content-length", String.valueOf(body.length));
      Instant when = Instant.now();
      switch (r.nextInt(12)) {
        case 0 -> when = when.minus(Duration.ofMinutes(20 + r.nextInt(60))); // expired
        case 1 -> when = when.plus(Duration.ofMinutes(20)); // from the future
        default -> { }
      }
      String date = BceSigner.timestamp(when);
      headers.put("x-bce-date", date);
      b.header("x-bce-date", date);
      String auth = authorization(u, method, headers, when);
      if (auth != null) b.header("Authorization", auth);
      return b.build();
    }

    private String authorization(HttpUrl u, String method, Map<String, String> headers, Instant when) {
      Map<String, String> query = new TreeMap<>();
      for (String name : u.queryParameterNames()) query.put(name, u.queryParameter(name));
      int kind = r.nextInt(10);
      Credentials signWith = kind == 0 ? Credentials.of("wrong-ak", "x") : kind == 1
          ? Credentials.of(keys.accessKeyId(), "wrong-secret") : keys;
      // content-length signed whenever it is sent, as the engine requires (so a body of the same length
      // cannot replace the signed one, except as the engine's ledger of signatures allows)
      String signed = BceSigner.sign(signWith, method, u.encodedPath(), query, headers, when, 1800,
          headers.containsKey("content-length") ? List.of("content-length", "content-type", "host", "x-bce-date")
              : List.of("content-type", "host", "x-bce-date"));
      return switch (kind) {
        case 2 -> null; // missing
        case 3 -> "bce-auth-v1/" + asciiText(20); // HTTP header values are ASCII
        case 4 -> signed.substring(0, r.nextInt(signed.length())); // truncated
        case 5 -> signed.replace("/1800/", "/-5/");
        default -> signed; // valid, or replayed with the same timestamp many times across seeds
      };
    }

    private byte[] body(String action) {
      switch (r.nextInt(14)) {
        case 0 -> {
          byte[] bytes = new byte[r.nextInt(512)];
          r.nextBytes(bytes);
          return bytes;
        }
        case 1 -> {
          int depth = 500 + r.nextInt(5000);
          return ("[".repeat(depth) + "]".repeat(r.nextBoolean() ? depth : depth / 2)).getBytes(StandardCharsets.UTF_8);
        }
        case 2 -> {
          // a few bodies past the 1 MiB limit, most merely long
          int size = r.nextInt(20) == 0 ? 400_000 + r.nextInt(400_000) : r.nextInt(20_000);
          return ("{\"name\": \"" + randomText(size) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        case 3 -> {
          return "{\"name\": \"a\", \"name\": \"b\", \"queue\": \"default\", \"queue\": 5}".getBytes(StandardCharsets.UTF_8);
        }
        case 4 -> {
          return new byte[0];
        }
        default -> {
          ObjectNode body = validBody(action);
          List<ObjectNode> objects = new ArrayList<>();
          collect(body, objects);
          for (int n = r.nextInt(4); n > 0; n--) {
            ObjectNode target = objects.get(r.nextInt(objects.size()));
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            if (names.isEmpty()) continue;
            String name = names.get(r.nextInt(names.size()));
            if (r.nextInt(4) == 0) target.remove(name);
            else target.set(name, oddValue());
          }
          // A mutated CreateJob may be valid and run: its command stays harmless, its size small.
          if (body.has("command")) body.put("command", "true");
          if (body.path("jobSpec").has("replicas")) {
            JsonNode replicas = body.path("jobSpec").path("replicas");
            if (replicas.isNumber() && replicas.asInt() > 2) ((ObjectNode) body.get("jobSpec")).put("replicas", 1);
          }
          String text = body.toString();
          if (r.nextInt(8) == 0) text = text.substring(0, r.nextInt(text.length()));
          return text.getBytes(StandardCharsets.UTF_8);
        }
      }
    }

    private ObjectNode validBody(String action) {
      try {
        if (action.equals("CreateJob")) {
          return (ObjectNode) Json.mapper().readTree(TestEngine.job("fuzz-" + r.nextInt(50), "true")
              .env("K", "v").label("team", "x").pfs("pfs-1", "/mnt/p").toCompactJson());
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode().put("jobId", "job-" + randomText(12)).put("podName", "p")
          .put("marker", String.valueOf(r.nextInt(1000))).put("maxLines", r.nextInt(100) - 10)
          .put("priority", "high").put("pageNumber", r.nextInt(5)).put("pageSize", r.nextInt(200) - 5)
          .put("startTime", String.valueOf(r.nextInt())).put("keywords", randomText(5)).put("metricType", "CpuUsage");
      o.putArray("jobList").addObject().put("jobId", "job-" + randomText(12));
      return o;
    }

    private JsonNode oddValue() {
      JsonNodeFactory f = JsonNodeFactory.instance;
      return switch (r.nextInt(12)) {
        case 0 -> f.numberNode(-1);
        case 1 -> f.numberNode(Long.MAX_VALUE);
        case 2 -> f.textNode("");
        case 3 -> f.textNode("../../etc/passwd");
        case 4 -> f.booleanNode(r.nextBoolean());
        case 5 -> f.nullNode();
        case 6 -> f.arrayNode().add(1).add("a").addNull();
        case 7 -> f.objectNode().put("k", "v");
        case 8 -> f.numberNode(1e308);
        case 9 -> f.textNode("\u0000\u202e\ud83d\ude00" + randomText(50));
        case 10 -> f.numberNode(0.5);
        default -> f.textNode(randomText(r.nextInt(5000)));
      };
    }

    private String asciiText(int n) {
      StringBuilder s = new StringBuilder(n);
      for (int i = 0; i < n; i++) s.append((char) (0x21 + r.nextInt(0x5e)));
      return s.toString();
    }

    private String randomText(int n) {
      StringBuilder s = new StringBuilder(n);
      for (int i = 0; i < n; i++) s.append((char) (r.nextBoolean() ? 'a' + r.nextInt(26) : 0x20 + r.nextInt(0x3000)));
      return s.toString();
    }

    private static void collect(JsonNode node, List<ObjectNode> out) {
      if (node instanceof ObjectNode o) out.add(o);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), out);
    }
  }
}
