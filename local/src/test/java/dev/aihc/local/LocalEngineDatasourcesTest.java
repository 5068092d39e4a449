package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.AihcServiceException;
import dev.aihc.wire.JobItem;
import dev.aihc.client.JobResult;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.PodItem;
import dev.aihc.client.Run;
import dev.aihc.dsl.Datasource;
import dev.aihc.dsl.Job;
import dev.aihc.local.internal.replica.DatasourceMounts;
import dev.aihc.local.internal.replica.Platform;
import dev.aihc.local.internal.replica.ProcSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Data sources (spec 3.2) mounted through bubblewrap on a real engine, and the host left as it was. */
@Timeout(60)
final class LocalEngineDatasourcesTest {
  /** A top-level directory that exists nowhere: its mount points must appear inside jobs only. */
  private static final String TOP = "/aihc-test-" + UUID.randomUUID().toString().substring(0, 8);

  @TempDir Path dir;
  private Path home;
  private Path data;
  private TestEngine t;

  @BeforeEach
  void start() throws IOException {
    assertThat(Platform.onPath("bwrap")).as("bubblewrap is required (apt-get install bubblewrap)").isPresent();
    home = dir.resolve("home");
    data = dir.resolve("data");
    Files.createDirectories(data.resolve("ckpt"));
    Files.writeString(data.resolve("ckpt/model.bin"), "weights\n");
    Files.createDirectories(dir.resolve("pfs/pfs-test/sub"));
    Files.writeString(dir.resolve("pfs/pfs-test/sub/hello.txt"), "from pfs\n");
    Files.createDirectories(dir.resolve("bos/bucket/prefix"));
    Files.writeString(dir.resolve("bos/bucket/prefix/obj.txt"), "from bos\n");
    t = TestEngine.start(TestEngine.config(home).pfsRoot(dir.resolve("pfs")).hostPathRoots(List.of(data))
        .datasourceDirectory("bos", dir.resolve("bos")));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void givenPfsAndReadOnlyHostPath_whenJobRuns_thenPfsIsReadWriteHostPathReadOnlyAndTheHostUnchanged()
      throws IOException {
    // given
    List<String> rootBefore = listing(Path.of("/"));
    List<String> srvBefore = tree(Path.of("/srv"));
    List<String> dataBefore = tree(data);
    Job job = TestEngine.job("mounts", String.join("; ",
        "cat " + TOP + "/cluster/hello.txt",
        "echo written > " + TOP + "/cluster/out.txt",
        "cat /srv/ckpt/model.bin",
        "if touch /srv/ckpt/new 2>/dev/null; then echo ckpt-writable; else echo ckpt-read-only; fi",
        "cat " + TOP + "/bos/obj.txt"))
        .pfs("pfs-test", "/sub", TOP + "/cluster")
        .datasource(Datasource.hostPath(data.resolve("ckpt").toString(), "/srv/ckpt").readOnly())
        .bos("bucket/prefix", TOP + "/bos");

    // when
    Run run = t.client.submit(job);
    JobResult result = run.await(TestEngine.WAIT);

    // then
    assertThat(result.status()).as(run.logs("master-0").toString()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(run.logs("master-0")).containsExactly("from pfs", "weights", "ckpt-read-only", "from bos");
    assertThat(dir.resolve("pfs/pfs-test/sub/out.txt")).hasContent("written");
    assertThat(listing(Path.of("/"))).isEqualTo(rootBefore).doesNotContain(TOP.substring(1));
    assertThat(tree(Path.of("/srv"))).isEqualTo(srvBefore);
    assertThat(tree(data)).isEqualTo(dataBefore);
  }

  @Test
  void givenPfsNeverUsed_whenJobMountsIt_thenItsDirectoryIsCreatedUnderThePfsRoot() {
    // when
    JobResult result = t.client.submit(TestEngine.job("fresh-pfs", "touch " + TOP + "/p/made && ls " + TOP + "/p")
        .pfs("pfs-new", TOP + "/p")).await(TestEngine.WAIT);

    // then
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    assertThat(dir.resolve("pfs/pfs-new/made")).exists();
  }

  @Test
  void givenHostPathOutsideTheAllowedRoots_whenCreateJob_thenRefusedNamingTheRoots() {
    Job job = TestEngine.job("escape", "cat /x/passwd").hostPath("/etc", "/x");

    assertThatThrownBy(() -> t.client.submit(job))
        .isInstanceOfSatisfying(AihcServiceException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.errorCode()).isEqualTo("InvalidParam");
        })
        .hasMessageContaining("datasources[0].sourcePath: hostpath /etc is outside the host directories the local "
            + "engine may mount (allowed: [" + data + "]). Mount a directory under one of them, or add a root to "
            + "\"datasources\": {\"hostpathRoots\": [...]} in " + home.resolve("config.json"));
  }

  @Test
  void givenHostPathEscapingThroughDotDot_whenCreateJob_thenRefused() {
    Job job = TestEngine.job("escape", "true").hostPath(data + "/../../../etc", "/x");

    assertThatThrownBy(() -> t.client.submit(job)).hasMessageContaining("is outside the host directories");
  }

  @Test
  void givenCfsAndDatasetWithoutDirectories_whenCreateJob_thenEachIsRefusedSayingHowToMapIt() {
    Job job = TestEngine.job("unmapped", "true")
        .datasource(d -> d.type("cfs").name("cfs-1").sourcePath("/").mountPath("/a"))
        .dataset("ds-1", "v1", "/b");

    assertThatThrownBy(() -> t.client.submit(job))
        .hasMessageContaining("datasources[0].type: the local engine has no cfs storage, so it cannot mount this data "
            + "source. Map cfs to a directory: \"datasources\": {\"directories\": {\"cfs\": \"/some/dir\"}} in")
        .hasMessageContaining("datasources[1].type: the local engine has no dataset storage");
  }

  @Test
  void givenMalformedDataSources_whenCreateJob_thenEach400NeverA500() {
    String[] bodies = {
        "[{\"mountPath\": \"/a\"}]",
        "[{\"type\": \"pfs\", \"mountPath\": \"/a\"}]",
        "[{\"type\": \"hostpath\", \"sourcePath\": \"/tmp/\\u0000x\", \"mountPath\": \"/a\"}]",
        "[{\"type\": \"pfs\", \"name\": \"p\", \"mountPath\": \"/a\\u0000b\"}]",
        "[{\"type\": \"nfs\", \"mountPath\": \"/a\"}]"};
    for (String sources : bodies) {
      String json = TestEngine.job("odd", "true").toCompactJson();
      String body = json.substring(0, json.length() - 1) + ", \"datasources\": " + sources + "}";
      RawApi.Reply r = t.api.post("CreateJob", body);
      assertThat(r.status()).as(sources + " -> " + r.text()).isEqualTo(400);
    }
  }

  @Test
  void givenNestedMountPaths_whenCreateJob_thenRefused() {
    Job job = TestEngine.job("nested", "true").pfs("pfs-a", TOP + "/a").pfs("pfs-b", TOP + "/a/b");

    assertThatThrownBy(() -> t.client.submit(job)).hasMessageContaining("are nested");
  }

  @Test
  void givenNoBubblewrap_whenAJobHasDataSources_thenRefusedNamingThePackage() {
    DatasourceMounts mounts = new DatasourceMounts(TestEngine.config(home).datasourceRoots(), Optional.empty());

    assertThat(mounts.problems(TestEngine.job("x", "true").pfs("pfs-1", "/mnt/x")))
        .containsExactly("datasources: the local engine mounts data sources with bubblewrap, but bwrap is not on PATH. "
            + "Install it with: apt-get install bubblewrap");
    assertThat(mounts.problems(TestEngine.job("x", "true"))).isEmpty();
  }

  @Test
  void givenSandboxedReplica_whenStopped_thenTheCommandGetsSigtermAndItsOwnExitCodeIsRecorded() {
    // given
    Run run = t.client.submit(TestEngine.job("stoppable",
        "trap 'echo got-term; sleep 0.2; exit 7' TERM; echo ready; sleep 30 & wait").pfs("pfs-s", TOP + "/s"));
    TestEngine.awaitTrue(() -> run.logs("master-0").contains("ready"), "the replica to start");
    long pgid = pid(run);

    // when
    run.stop();
    JobResult result = run.await(TestEngine.WAIT);

    // then
    assertThat(result.status()).isEqualTo(JobStatus.STOPPED);
    assertThat(run.logs("master-0")).containsExactly("ready", "got-term");
    PodItem pod = run.describe().pods().get(0);
    assertThat(pod.exitCode()).isEqualTo(7); // the command's, not bwrap's 143
    TestEngine.awaitTrue(() -> groupMembers(pgid).isEmpty(), "no process left in group " + pgid);
  }

  @Test
  void givenSandboxedReplicaIgnoringSigterm_whenStopped_thenKilledAfterTheGracePeriod() {
    // given
    Run run = t.client.submit(TestEngine.job("stubborn", "trap '' TERM; echo ready; sleep 30")
        .pfs("pfs-k", TOP + "/k"));
    TestEngine.awaitTrue(() -> run.logs("master-0").contains("ready"), "the replica to start");
    long pgid = pid(run);

    // when
    run.stop();

    // then
    JobResult result = run.await(TestEngine.WAIT);
    assertThat(result.status()).isEqualTo(JobStatus.STOPPED);
    assertThat(run.describe().pods().get(0).exitCode()).isEqualTo(137); // SIGKILL after the grace period
    TestEngine.awaitTrue(() -> groupMembers(pgid).isEmpty(), "no process left in group " + pgid);
  }

  @Test
  void givenSandboxedReplicaFailing_whenItExits_thenTheJobFailsWithItsCode() {
    JobResult result = t.client.submit(TestEngine.job("fails", "exit 3").pfs("pfs-f", TOP + "/f"))
        .await(TestEngine.WAIT);

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("master-0 exited with code 3");
  }

  private long pid(Run run) {
    JobItem item = t.client.describeJob(run.id(), true);
    String started = t.client.describePodEvents(run.id(), item.pods().get(0).podName(), null, null).events().get(0)
        .message();
    return Long.parseLong(started.replaceFirst("^started as process group ([0-9]+) .*$", "$1"));
  }

  /** The processes whose process group is {@code pgid}. */
  static List<Long> groupMembers(long pgid) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      return procs.map(p -> p.getFileName().toString()).filter(n -> n.matches("[0-9]+")).map(Long::valueOf)
          .filter(pid -> ProcSample.read(pid).map(s -> s.pgrp() == pgid).orElse(false)).toList();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.map(p -> dir.relativize(p) + (Files.isDirectory(p) ? "/" : " " + p.toFile().length())).sorted()
          .toList();
    }
  }
}
