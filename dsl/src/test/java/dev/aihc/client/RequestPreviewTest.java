package dev.aihc.client;

import static dev.aihc.client.FakeAihc.KEYS;
import static dev.aihc.client.FakeAihc.NOW_TEXT;
import static dev.aihc.client.FakeAihc.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.dsl.Gpu;
import dev.aihc.dsl.Job;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link AihcClient#preview}: what submit would send, shown safely, and a curl command that really runs. */
@Timeout(15)
final class RequestPreviewTest {
  private static final String PASSWORD = "s3cret-Pa55'word";
  private static final Job JOB = Job.named("bert-sft").queue("q-job").pool("cce-job")
      .image("registry.baidubce.com/aihc/pytorch:2.1").imageAuth("robot", PASSWORD)
      .replicas(2).gpus(Gpu.A800, 8).cpu(64).memory(512.5).env("NOTE", "héllo wörld 测试").rdma()
      .command("torchrun --nproc_per_node=8 train.py --lr 3e-4");

  @StartStop private final MockWebServer server = FakeAihc.newServer();

  private AihcClient client() {
    return FakeAihc.client(server).build();
  }

  private String signatureOf(String authorization) {
    return authorization.substring(authorization.lastIndexOf('/') + 1);
  }

  @Test
  void givenJob_whenPreview_thenMethodFullUrlMaskedHeadersAndPrettyMaskedBodyAndNothingSent() {
    // when
    RequestPreview preview = client().preview(JOB);

    // then
    assertThat(preview.method()).isEqualTo("POST");
    assertThat(preview.url()).isEqualTo(server.url("/") + "?action=CreateJob&resourcePoolId=cce-job&queueID=q-job");
    assertThat(preview.headers()).containsOnlyKeys("Host", "Content-Type", "Content-Length", "X-API-Version",
        "x-bce-content-sha256", "x-bce-date", "Authorization");
    assertThat(preview.headers()).containsEntry("Content-Type", "application/json")
        .containsEntry("X-API-Version", "v2").containsEntry("x-bce-date", NOW_TEXT)
        .containsEntry("Host", server.getHostName() + ":" + server.getPort())
        .containsEntry("Content-Length",
            String.valueOf(JOB.toCompactJson().getBytes(StandardCharsets.UTF_8).length));
    assertThat(preview.headers().get("Authorization")).isEqualTo("bce-auth-v1/" + KEYS.accessKeyId() + "/" + NOW_TEXT
        + "/1800/content-length;content-type;host;x-bce-content-sha256;x-bce-date/****");
    assertThat(preview.body()).contains("\n").contains("\"password\" : \"****\"").doesNotContain(PASSWORD);
    assertThat(json(preview.body()).path("jobSpec").path("imageConfig").path("username").asText()).isEqualTo("robot");
    assertThat(json(preview.body()).path("name").asText()).isEqualTo("bert-sft");
    assertThat(preview.toString()).startsWith("POST " + preview.url() + "\nHost: ")
        .contains("Authorization: bce-auth-v1/").doesNotContain(PASSWORD);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void givenJobWithoutPool_whenPreview_thenClientPoolInTheUrl() {
    // when
    RequestPreview preview = client().preview(Job.named("x").queue("q"));

    // then
    assertThat(preview.url()).endsWith("?action=CreateJob&resourcePoolId=" + FakeAihc.POOL + "&queueID=q");
  }

  @Test
  void givenJob_whenCurl_thenSignatureAndPasswordMasked() {
    // given
    RequestPreview preview = client().preview(JOB);
    String runnable = preview.toRunnableCurl();
    String signature = signatureOf(runnable.lines().filter(l -> l.contains("Authorization:")).findFirst()
        .orElseThrow().replace("'", "").replace(" \\", "").trim());

    // when
    String curl = preview.toCurl();

    // then
    assertThat(curl).startsWith("curl -sS -X POST '" + preview.url() + "'")
        .contains("-H 'X-API-Version: v2'").contains("-H 'Content-Type: application/json'")
        .contains("/****'").contains("\"password\":\"****\"")
        .doesNotContain(signature).doesNotContain("s3cret");
    assertThat(signature).hasSize(64);
  }

  @Test
  void givenJob_whenRunnableCurlIsRunWithRealCurl_thenTheServerAcceptsTheSignatureAndGetsTheRealBody()
      throws Exception {
    // given
    RequestPreview preview = client().preview(JOB);

    // when
    RecordedRequest received = runWithCurl(preview.toRunnableCurl());

    // then
    FakeAihc.assertWellFormed(received, "CreateJob", "cce-job", "q-job");
    assertThat(received.getBody().utf8()).isEqualTo(JOB.toCompactJson()).contains(PASSWORD);
  }

  @Test
  void givenQuantityInExponentForm_whenRunnableCurlIsRun_thenTheBodyIsTheSignedOneByteForByte() throws Exception {
    // given: 1E-7 would come back from a JSON tree as 1.0E-7, two bytes longer than signed
    Job job = JOB.sharedMemory(0.0000001);
    RequestPreview preview = client().preview(job);

    // when
    RecordedRequest received = runWithCurl(preview.toRunnableCurl());

    // then
    assertThat(received.getBody().utf8()).isEqualTo(job.toCompactJson());
    FakeAihc.assertWellFormed(received, "CreateJob", "cce-job", "q-job");
    assertThat(preview.body()).contains("\"quantity\" : 1E-7");
    assertThat(preview.toCurl()).contains("\"quantity\":1E-7");
  }

  /** Runs {@code command} with sh and the real curl against the server; returns what the server received. */
  private RecordedRequest runWithCurl(String command) throws Exception {
    assertThat(Files.isExecutable(Path.of("/usr/bin/curl"))).as("curl installed (./aihc test installs it)").isTrue();
    server.enqueue(FakeAihc.ok("{\"jobId\":\"job-curl\"}"));
    Process curl = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
    boolean exited = curl.waitFor(10, TimeUnit.SECONDS);
    String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).isTrue();
    assertThat(curl.exitValue()).as(out).isZero();
    assertThat(out).isEqualTo("{\"jobId\":\"job-curl\"}");
    return server.takeRequest(5, TimeUnit.SECONDS);
  }

  @Test
  void givenStsCredentials_whenPreview_thenTokenMaskedInHeadersAndCurlButSentByRunnableCurl() {
    // given
    Credentials sts = Credentials.of("AKsts", "SKsts", "token-secret-123");
    AihcClient client = FakeAihc.client(server).credentials(sts).build();

    // when
    RequestPreview preview = client.preview(JOB);

    // then
    assertThat(preview.headers()).containsEntry("x-bce-security-token", "****");
    assertThat(preview.headers().get("Authorization")).contains("x-bce-security-token");
    assertThat(preview.toCurl()).doesNotContain("token-secret-123");
    assertThat(preview.toRunnableCurl()).contains("-H 'x-bce-security-token: token-secret-123'");
  }

  @Test
  void givenNoCredentialsAnywhere_whenPreview_thenPlaceholderAndNoRunnableCurlAndNothingSent() {
    // given
    AihcClient client = FakeAihc.client(server)
        .credentials(() -> {
          throw new CredentialsNotFoundException(List.of("test: nothing configured"));
        }).build();

    // when
    RequestPreview preview = client.preview(JOB);

    // then
    assertThat(preview.headers().get("Authorization"))
        .isEqualTo("bce-auth-v1/<no credentials found>/" + NOW_TEXT + "/1800/...");
    assertThat(preview.toCurl()).contains("<no credentials found>").doesNotContain(PASSWORD);
    assertThat(preview.body()).doesNotContain(PASSWORD);
    assertThatThrownBy(preview::toRunnableCurl).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no credentials were found, so the preview is unsigned");
    assertThat(server.getRequestCount()).isZero();
  }
}
