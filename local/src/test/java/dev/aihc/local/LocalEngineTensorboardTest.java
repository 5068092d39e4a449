package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobEvent;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.Run;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * tensorboardConfig.enable on a real engine. TensorBoard cannot be installed on this machine, so a stand-in
 * takes its command line ({@code --logdir D --host H --port P}) and serves the log directory over HTTP.
 */
@Timeout(60)
final class LocalEngineTensorboardTest {
  private static final String FAKE = """
      #!/bin/bash
      # A stand-in for tensorboard: serves --logdir on --host:--port.
      while [ $# -gt 0 ]; do
        case $1 in --logdir) dir=$2; shift ;; --port) port=$2; shift ;; --host) host=$2; shift ;; esac
        shift
      done
      while [ ! -d "$dir" ]; do sleep 0.1; done  # like tensorboard, wait for the job to make it
      cd "$dir" && exec python3 -m http.server "$port" --bind "$host"
      """;

  @TempDir Path dir;

  @Test
  void givenTensorboardOnAPfsLogPath_whenTheJobRuns_thenDescribeJobShowsAUrlServingTheMappedDirectoryUntilItEnds()
      throws Exception {
    // given
    Path fake = dir.resolve("tensorboard");
    Files.writeString(fake, FAKE);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (TestEngine t = TestEngine.start(TestEngine.config(dir.resolve("home")).pfsRoot(dir.resolve("pfs"))
        .tensorboardCommand(fake.toString()))) {
      Run run = t.client.submit(TestEngine.job("tb", "mkdir -p $AIHC_TENSORBOARD_LOG_PATH && "
          + "echo scalars > $AIHC_TENSORBOARD_LOG_PATH/events.out && echo ready && sleep 30")
          .pfs("pfs-tb", "/aihc-tb-test/cluster").tensorboard("/aihc-tb-test/cluster/tb"));

      // when
      JobItem item = t.awaitJob(run.id(), j -> j.tensorboardUrl() != null && run.logs("master-0").contains("ready"),
          "a TensorBoard URL");

      // then
      assertThat(item.tensorboardUrl()).matches("http://127\\.0\\.0\\.1:[0-9]+/");
      assertThat(get(item.tensorboardUrl() + "events.out")).isEqualTo("scalars\n");
      assertThat(run.events()).extracting(JobEvent::reason).contains("TensorboardStarted");
      run.stop();
      run.await(TestEngine.WAIT);
      TestEngine.awaitTrue(() -> t.describe(run.id()).tensorboardUrl() == null, "the URL to go");
      TestEngine.awaitTrue(() -> !reachable(item.tensorboardUrl()), "TensorBoard to stop");
    }
  }

  @Test
  void givenNoTensorboardCommand_whenAJobWantsIt_thenItRunsWithoutAndAnEventSaysSo() {
    try (TestEngine t = TestEngine.start(TestEngine.config(dir.resolve("home"))
        .tensorboardCommand(dir.resolve("missing/tensorboard").toString()))) {
      Run run = t.client.submit(TestEngine.job("no-tb", "echo $AIHC_TENSORBOARD_LOG_PATH").tensorboard("/tmp/tb"));

      assertThat(run.await(TestEngine.WAIT).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(run.logs("master-0")).containsExactly("/tmp/tb");
      TestEngine.awaitTrue(() -> run.events().stream().anyMatch(e -> e.reason().equals("TensorboardUnavailable")),
          "the TensorboardUnavailable event");
      JobEvent e = run.events().stream().filter(ev -> ev.reason().equals("TensorboardUnavailable")).findFirst()
          .orElseThrow();
      assertThat(e.message()).isEqualTo("tensorboardConfig.enable is set but there is no '"
          + dir.resolve("missing/tensorboard") + "' command on this host (TensorBoard is not installed), so the job "
          + "runs without it. Its replicas still get AIHC_TENSORBOARD_LOG_PATH=/tmp/tb");
      assertThat(e.type()).isEqualTo("Warning");
      assertThat(run.describe().tensorboardUrl()).isNull();
    }
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; ; i++) { // the stand-in may take a moment to listen
      try {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        if (i > 50) throw e;
        Thread.sleep(100);
      }
    }
  }

  private static boolean reachable(String url) {
    try (java.net.Socket s = new java.net.Socket()) {
      URI u = URI.create(url);
      s.connect(new java.net.InetSocketAddress(u.getHost(), u.getPort()), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
