package dev.aihc.client;

import static dev.aihc.client.FakeAihc.KEYS;
import static dev.aihc.client.FakeAihc.NOW_TEXT;
import static dev.aihc.client.FakeAihc.POOL;
import static dev.aihc.client.FakeAihc.ok;
import static dev.aihc.internal.signing.AsTheService.query;
import static dev.aihc.client.FakeAihc.verifyAsServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import dev.aihc.wire.QueueItem;
import dev.aihc.wire.QueueList;
import dev.aihc.internal.signing.Verification;

/** DescribeQueues and DescribeQueue as AIHC's queue module takes them: GET, header version: v2, query parameters. */
@Timeout(10)
final class AihcClientQueuesTest {
  /** The shape of AIHC's documented DescribeQueue answer (quantities are strings). */
  private static final String QUEUE = "{\"queueId\": \"aihcq-gpu\", \"queueName\": \"gpu\", \"queueType\": \"Regular\","
      + " \"resourcePoolId\": \"cce-default\", \"createdAt\": \"2025-09-09T15:49:39+08:00\", \"opened\": true,"
      + " \"queueingStrategy\": \"BestEffortFIFO\","
      + " \"capability\": {\"milliCPUcores\": \"64000\", \"memoryGi\": \"512\", \"acceleratorCardList\": ["
      + "   {\"acceleratorCount\": \"16\", \"acceleratorType\": \"NVIDIA A800\","
      + "    \"acceleratorDescription\": \"baidu.com/a800_80g_cgpu\"}]},"
      + " \"allocated\": {\"cpuCores\": \"8\", \"memoryGi\": \"64\", \"acceleratorCardList\": ["
      + "   {\"acceleratorCount\": \"8\", \"acceleratorType\": \"\", \"acceleratorDescription\": \"baidu.com/a800_80g_cgpu\"}]},"
      + " \"runningJobs\": 1, \"pendingJobs\": 2}";

  @StartStop private final MockWebServer server = FakeAihc.newServer();

  private RecordedRequest sent() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static void assertQueueModuleGet(RecordedRequest r) {
    assertThat(r.getMethod()).isEqualTo("GET");
    assertThat(r.getUrl().encodedPath()).isEqualTo("/");
    assertThat(r.getHeaders().get("version")).isEqualTo("v2");
    assertThat(r.getHeaders().get("Content-Type")).isNull();
    assertThat(r.getBody()).isNull(); // no body at all, as a GET
    assertThat(r.getHeaders().get("x-bce-date")).isEqualTo(NOW_TEXT);
    Verification v = verifyAsServer(r, KEYS);
    assertThat(v.outcome()).as(v.detail()).isEqualTo(Verification.Outcome.OK);
  }

  @Test
  void givenClientWithPool_whenDescribeQueues_thenGetWithThePoolAndTheQueuesAreRead() throws Exception {
    // given
    server.enqueue(ok("{\"pageNumber\": 1, \"pageSize\": 10, \"totalCount\": 1, \"queues\": [" + QUEUE + "]}"));

    // when
    QueueList list = FakeAihc.client(server).build().describeQueues();

    // then
    RecordedRequest r = sent();
    assertQueueModuleGet(r);
    assertThat(query(r)).containsExactly(Map.entry("action", "DescribeQueues"), Map.entry("resourcePoolId", POOL));
    assertThat(list.totalCount()).isEqualTo(1);
    QueueItem q = list.queues().get(0);
    assertThat(q.capability().cpu()).isEqualTo(64);
    assertThat(q.capability().accelerators("baidu.com/a800_80g_cgpu")).isEqualTo(16);
    assertThat(q.allocated().cpu()).isEqualTo(8);
    assertThat(q.allocated().memory()).isEqualTo(64);
    assertThat(q.running()).isEqualTo(1);
    assertThat(q.pending()).isEqualTo(2);
    assertThat(q).hasToString("gpu (pool cce-default): cpu 8/64, memory 64/512 GiB, baidu.com/a800_80g_cgpu 8/16; "
        + "1 running, 2 pending");
  }

  @Test
  void givenQueueId_whenDescribeQueue_thenGetWithLowerCaseQueueIdAndTheTopLevelQueueIsRead() throws Exception {
    // given
    server.enqueue(ok(QUEUE));

    // when
    QueueItem q = FakeAihc.client(server).build().describeQueue("aihcq-gpu");

    // then
    RecordedRequest r = sent();
    assertQueueModuleGet(r);
    assertThat(query(r)).containsExactly(Map.entry("action", "DescribeQueue"), Map.entry("queueId", "aihcq-gpu"));
    assertThat(q.queueId()).isEqualTo("aihcq-gpu");
    assertThat(q.queueingStrategy()).isEqualTo("BestEffortFIFO");
    assertThat(q.pausedBy()).isNull();
  }
}
