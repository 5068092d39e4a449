package dev.aihc.local;

import static dev.aihc.local.RawApi.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aihc.internal.json.Json;
import dev.aihc.local.internal.api.ApiServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Malformed requests of every kind, correctly signed: each gets a clear 4xx, never a 500. */
@Timeout(60)
final class LocalEngineRequestsTest {
  private static final List<String> ACTIONS = List.of("CreateJob", "DescribeJobs", "DescribeJob", "DeleteJob",
      "StopJob", "ModifyJob", "DescribeJobEvents", "DescribePodEvents", "DescribeJobLogs", "DescribeJobNodes",
      "DescribeJobMetrics", "DescribeJobWebterminal", "BatchStopJobs", "DescribeQueues", "DescribeQueue");

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  @Test
  void givenBrokenJson_whenCreating_thenMalformedJsonWithTheLocation() {
    RawApi.Reply r = t.api.post("CreateJob", "{\"name\": \"x\",\n  \"queue\": }");

    assertError(r, 400, "MalformedJSON");
    assertThat(r.message()).startsWith("the body is not valid JSON at line 2, column 12: Unexpected character ('}'");
  }

  @Test
  void givenWrongType_whenCreating_thenInvalidParamNamingTheField() {
    String body = valid().put("priority", "high").toString().replace("\"replicas\":1", "\"replicas\":\"two\"");

    RawApi.Reply r = t.api.post("CreateJob", body);

    assertError(r, 400, "InvalidParam");
    assertThat(r.message()).startsWith("jobSpec.replicas: cannot read job JSON at line 1, column")
        .contains("must be a whole number but was the string \"two\"")
        .endsWith("Fix jobSpec.replicas and send the job again");
  }

  @Test
  void givenInvalidJob_whenCreating_thenInvalidParamListingEveryProblemWithItsFix() {
    ObjectNode body = valid();
    ((ObjectNode) body.get("jobSpec")).put("replicas", 0).remove("image");

    RawApi.Reply r = t.api.post("CreateJob", body.toString());

    assertError(r, 400, "InvalidParam");
    assertThat(r.message()).isEqualTo("the job cannot be created (2 problems): "
        + "jobSpec.image: image is required. Add .image(\"registry.baidubce.com/ns/name:tag\"); "
        + "jobSpec.replicas: replicas must be >= 1 but was 0. Use replicas(1) for a single-node job");
  }

  @Test
  void givenBodyShapedLikeThePythonSdks_whenCreating_thenCreatedWithAWarningEventPerAlias() throws Exception {
    // given: bce-sdk-python's shapes: empty retentionPeriod, quantities as strings, hostPath, explicit nulls
    java.nio.file.Path data = java.nio.file.Files.createDirectories(t.home().resolve("data"));
    String body = """
        {"name": "sdk-shaped", "queue": "default", "jobType": "PyTorchJob", "command": "ls /mnt/data",
         "jobSpec": {"image": "registry.baidubce.com/test/pytorch:1.0", "replicas": 1,
                     "resources": [{"name": "cpu", "quantity": "1"}], "enableRDMA": null, "envs": null},
         "datasources": [{"type": "hostPath", "name": null, "sourcePath": "%s", "mountPath": "/mnt/data"}],
         "labels": null, "enableBccl": null, "faultTolerance": null, "faultToleranceArgs": null,
         "tensorboardConfig": null, "alertConfig": null, "retentionPeriod": ""}
        """.formatted(data);

    // when
    RawApi.Reply r = t.api.post("CreateJob", body);

    // then
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String id = r.json().path("jobId").asText();
    List<String> warnings = t.client.job(id).events().stream().filter(e -> e.reason().equals("SpecWarning"))
        .map(e -> e.message()).toList();
    assertThat(warnings).hasSize(3).anySatisfy(m -> assertThat(m).startsWith("retentionPeriod: an empty"))
        .anySatisfy(m -> assertThat(m).startsWith("jobSpec.resources[0].quantity: the quantity \"1\" is a string"))
        .anySatisfy(m -> assertThat(m).startsWith("datasources[0].type: data source type 'hostPath' was read as "
            + "'hostpath'"));
    assertThat(t.client.job(id).await(TestEngine.WAIT).status()).isEqualTo(dev.aihc.wire.JobStatus.SUCCEEDED);
  }

  @Test
  void givenBodyOverOneMebibyte_whenPosting_thenRefused413AndTheEngineStillAnswers() {
    String padding = "x".repeat(ApiServer.MAX_BODY_BYTES);

    RawApi.Reply r = t.api.post("DescribeJobs", "{\"pad\":\"" + padding + "\"}");

    assertError(r, 413, "InvalidHTTPRequest");
    assertThat(r.message()).startsWith("the body is larger than 1048576 bytes (1 MiB)");
    assertThat(t.api.post("DescribeJobs", "{\"pad\":\"" + "x".repeat(ApiServer.MAX_BODY_BYTES - 20) + "\"}")
        .status()).isEqualTo(200);
  }

  @Test
  void givenUnknownOrMissingAction_whenPosting_thenInvalidParamListingTheActions() {
    RawApi.Reply unknown = t.api.post("LaunchRocket", "{}");
    RawApi.Reply missing = t.api.signed(RawApi.request(t.api.base().newBuilder().encodedPath("/")
        .addQueryParameter("queueID", "default").build(), "{}"));

    assertError(unknown, 400, "InvalidParam");
    assertThat(unknown.message()).isEqualTo("unknown action 'LaunchRocket'. The local engine serves " + ACTIONS);
    assertError(missing, 400, "InvalidParam");
    assertThat(missing.message()).startsWith("the query parameter action is missing");
  }

  @Test
  void givenGet_whenRequesting_then405WithAllowPost() {
    RawApi.Reply r = t.api.signed(new Request.Builder().url(t.api.url("DescribeJobs")).get().build());

    assertError(r, 405, "InvalidHTTPRequest");
    assertThat(r.message()).startsWith("GET is not served");
    for (String method : List.of("PUT", "DELETE", "PATCH")) {
      RawApi.Reply other = t.api.signed(RawApi.request(t.api.url("DescribeJobs"), "{}").newBuilder()
          .method(method, RequestBody.create("{}", RawApi.JSON)).build());
      assertError(other, 405, "InvalidHTTPRequest");
    }
    RawApi.Reply head = t.api.unsigned(new Request.Builder().url(t.api.url("DescribeJobs")).head().build());
    assertThat(head.status()).isEqualTo(405);
    assertThat(head.text()).isEmpty();
  }

  @Test
  void givenWrongPath_whenPosting_then404InvalidUri() {
    HttpUrl url = t.api.url("DescribeJobs").newBuilder().encodedPath("/v1/job").build();

    RawApi.Reply r = t.api.signed(RawApi.request(url, "{}"));

    assertError(r, 404, "InvalidURI");
    assertThat(r.message()).startsWith("no such path '/v1/job'");
  }

  @Test
  void givenBodiesThatAreNotObjectsOrHaveWrongFieldTypes_whenPosting_thenClear400s() {
    assertError(t.api.post("DescribeJobs", "[1, 2]"), 400, "InappropriateJSON");
    assertError(t.api.post("DescribeJobs", "\"text\""), 400, "InappropriateJSON");
    RawApi.Reply id = t.api.post("DescribeJob", "{\"jobId\": 5}");
    assertError(id, 400, "InvalidParam");
    assertThat(id.message()).isEqualTo("jobId must be a string but was 5");
    assertThat(t.api.post("DescribeJob", "{}").message()).isEqualTo("jobId is required in the body");
    assertThat(t.api.post("DescribeJobs", "{\"pageSize\": \"many\"}").message())
        .isEqualTo("pageSize must be a whole number but was \"many\"");
    assertThat(t.api.post("DescribeJobs", "{\"status\": \"Sleeping\"}").message()).startsWith("status must be one of");
    assertThat(t.api.post("ModifyJob", "{\"jobId\": \"job-x\", \"priority\": \"urgent\"}").message())
        .isEqualTo("priority must be high, normal or low but was 'urgent'");
    assertError(t.api.post("StopJob", "{\"jobId\": \"job-nosuchjob00\"}"), 404, "NotFound");
    assertError(t.api.post("BatchStopJobs", "{\"jobList\": [7]}"), 400, "InvalidParam");
  }

  @Test
  void givenQueueMismatchOrServerlessPoolWithoutQueue_whenPosting_thenInvalidParam() {
    RawApi.Reply mismatch = t.api.post("CreateJob", valid().put("queue", "other").toString());
    HttpUrl serverless = t.api.base().newBuilder().encodedPath("/").addQueryParameter("action", "DescribeJobs")
        .addQueryParameter("resourcePoolId", "aihc-serverless").build();
    RawApi.Reply noQueue = t.api.signed(RawApi.request(serverless, "{}"));

    assertError(mismatch, 400, "InvalidParam");
    assertThat(mismatch.message()).isEqualTo("queue: the body says 'other' but the query's queueID says 'default'. "
        + "Send the same queue in both");
    assertError(noQueue, 400, "InvalidParam");
    assertThat(noQueue.message()).isEqualTo("queueID must be set in serverless pool");
  }

  @Test
  void givenHundredsOfMangledRequests_whenPosted_thenNoneIsA500AndTheEngineKeepsServing() throws IOException {
    // given: a seeded generator of truncated, retyped and shuffled bodies for every action
    Random random = new Random(20260101);
    List<Integer> statuses = new ArrayList<>();

    // when
    for (int i = 0; i < 300; i++) {
      String action = random.nextInt(20) == 0 ? "Nope" + i : ACTIONS.get(random.nextInt(ACTIONS.size()));
      RawApi.Reply r = t.api.post(action, mangled(random, action));
      statuses.add(r.status());
      assertThat(r.status()).as("request %d %s -> %s", i, action, r.text()).isLessThan(500);
      assertThat(r.json().isObject()).isTrue();
    }
    RawApi.Reply raw = t.api.signed(new Request.Builder().url(t.api.url("CreateJob"))
        .post(RequestBody.create(new byte[] {(byte) 0xff, 0, (byte) 0xfe, '{'}, RawApi.JSON)).build());

    // then
    assertThat(raw.status()).isEqualTo(400);
    assertThat(statuses).contains(200, 400);
    assertThat(t.api.post("DescribeJobs", "{}").status()).isEqualTo(200);
  }

  private static ObjectNode valid() {
    try {
      return (ObjectNode) Json.mapper().readTree(TestEngine.job("fuzz", "true").toCompactJson());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A body for {@code action}, damaged in one of several ways. */
  private static String mangled(Random random, String action) {
    ObjectNode body = action.equals("CreateJob") ? valid() : JsonNodeFactory.instance.objectNode()
        .put("jobId", "job-" + random.nextInt(3)).put("podName", "fuzz-master-0").put("marker", "0")
        .put("maxLines", 5).put("priority", "low").put("pageSize", 2);
    if (action.equals("BatchStopJobs")) body.putArray("jobList").addObject().put("jobId", "job-1");
    int damage = random.nextInt(4);
    if (damage == 0) {
      String text = body.toString();
      return text.substring(0, random.nextInt(text.length())); // truncated
    }
    if (damage == 1) return "{\"" + (char) ('a' + random.nextInt(26)) + "\": [" + random.nextInt() + ", {]}";
    List<ObjectNode> objects = new ArrayList<>();
    collect(body, objects);
    for (int n = 0; n < 1 + random.nextInt(3); n++) {
      ObjectNode target = objects.get(random.nextInt(objects.size()));
      List<String> names = new ArrayList<>();
      target.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty()) continue;
      target.set(names.get(random.nextInt(names.size())), oddValue(random));
    }
    return body.toString();
  }

  private static void collect(JsonNode node, List<ObjectNode> out) {
    if (node instanceof ObjectNode o) out.add(o);
    for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) collect(it.next(), out);
  }

  private static JsonNode oddValue(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(10)) {
      case 0 -> f.numberNode(-1);
      case 1 -> f.numberNode(3);
      case 2 -> f.textNode("");
      case 3 -> f.textNode("x y/../z");
      case 4 -> f.booleanNode(true);
      case 5 -> f.nullNode();
      case 6 -> f.arrayNode().add(1).add("a");
      case 7 -> f.objectNode().put("k", "v");
      case 8 -> f.numberNode(1e308);
      default -> f.textNode("é".repeat(200));
    };
  }
}
