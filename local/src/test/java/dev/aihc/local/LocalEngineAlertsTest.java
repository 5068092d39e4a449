package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import dev.aihc.internal.json.Json;
import dev.aihc.dsl.AlertItem;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** alertConfig on a real engine: Alert events, and JSON POSTs to a webhook on loopback (a JDK HttpServer here). */
@Timeout(60)
final class LocalEngineAlertsTest {
  @TempDir Path home;
  private HttpServer receiver;
  private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
  /** How many requests to answer 500 before accepting. */
  private final AtomicInteger refusals = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private TestEngine t;

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
    receiver.createContext("/hook", ex -> {
      try (ex; InputStream in = ex.getRequestBody()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        requests.incrementAndGet();
        boolean refuse = refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        if (!refuse) received.add(body);
        ex.sendResponseHeaders(refuse ? 500 : 204, -1);
      }
    });
    receiver.start();
    URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    t = TestEngine.start(TestEngine.config(home).alertWebhook(hook).minute(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    t.close();
    receiver.stop(0);
  }

  @Test
  void givenJobFailedListed_whenTheJobFails_thenAnAlertEventAndOneWebhookPostSayWhy() throws Exception {
    // given
    Run run = t.client.submit(TestEngine.job("alerting", "exit 3")
        .alert(a -> a.instanceId("cprom-local").alertItems(AlertItem.JOB_FAILED, AlertItem.JOB_SUCCEED)));

    // when
    run.await(TestEngine.WAIT);
    String body = received.poll(TestEngine.WAIT.toSeconds(), TimeUnit.SECONDS);

    // then
    assertThat(body).as("a webhook POST").isNotNull();
    JsonNode alert = Json.mapper().readTree(body);
    assertThat(alert.path("alertItem").asText()).isEqualTo("jobFailed");
    assertThat(alert.path("jobId").asText()).isEqualTo(run.id());
    assertThat(alert.path("jobName").asText()).isEqualTo("alerting");
    assertThat(alert.path("status").asText()).isEqualTo("Failed");
    assertThat(alert.path("message").asText()).isEqualTo("master-0 exited with code 3");
    assertThat(alert.path("instanceId").asText()).isEqualTo("cprom-local");
    TestEngine.awaitTrue(() -> run.events().stream().anyMatch(e -> e.reason().equals("Alert")), "the Alert event");
    JobEvent event = run.events().stream().filter(e -> e.reason().equals("Alert")).findFirst().orElseThrow();
    assertThat(event.message()).isEqualTo("jobFailed: master-0 exited with code 3 (sent to http://127.0.0.1:"
        + receiver.getAddress().getPort() + "/hook)");
    assertThat(event.type()).isEqualTo("Warning");
    assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("nothing else was listed").isNull();
  }

  @Test
  void givenAWebhookFailingAtFirst_whenAnAlertIsRaised_thenItIsRetriedUntilAcceptedAndTheJobIsNotHeldUp()
      throws Exception {
    // given
    refusals.set(2);

    // when
    Run run = t.client.submit(TestEngine.job("retried", "true").alert(a -> a.alertItems(AlertItem.JOB_SUCCEED)));

    // then
    assertThat(run.await(TestEngine.WAIT).status()).isEqualTo(JobStatus.SUCCEEDED);
    String body = received.poll(TestEngine.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(body).contains("\"alertItem\":\"jobSucceed\"");
    assertThat(requests.get()).isEqualTo(3);
  }

  @Test
  void givenJobRunningWithFor_whenTheJobKeepsRunningThatLong_thenTheAlertComesAfterIt() throws Exception {
    // given: for 2m, with an engine minute of a second
    Run run = t.client.submit(TestEngine.job("long", "sleep 20")
        .alert(a -> a.alertItems(AlertItem.JOB_RUNNING).forDuration("2m")));
    t.awaitStatus(run.id(), JobStatus.RUNNING);
    long runningAt = System.nanoTime();

    // when
    String body = received.poll(TestEngine.WAIT.toSeconds(), TimeUnit.SECONDS);

    // then
    assertThat(body).contains("\"alertItem\":\"jobRunning\"").contains("\"for\":\"2m\"");
    // 2 s after Running; seeing Running here may lag its commit a little
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - runningAt)).isGreaterThanOrEqualTo(1000);
    run.stop();
  }
}
