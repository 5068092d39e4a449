package dev.aihc.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Many random valid jobs, each through JSON and back. */
final class JobRoundTripPropertyTest {
  private static final int JOBS = 2_000;

  @Test
  void givenRandomValidJobs_whenWrittenAndRead_thenEqualAndStillValid() {
    Random random = new Random(20261128);
    for (int i = 0; i < JOBS; i++) {
      // given
      Job job = randomJob(random, i);
      assertThat(job.validate().hasErrors()).as("generator made an invalid job:\n%s\n%s", job, job.validate()).isFalse();
      // when
      Job back = Job.fromJson(job.toJson());
      Job backCompact = Job.fromJson(job.toCompactJson());
      // then
      assertThat(back).as("round trip of\n%s", job.toJson()).isEqualTo(job);
      assertThat(backCompact).isEqualTo(job);
      assertThat(back.hashCode()).isEqualTo(job.hashCode());
      assertThat(back.toJson()).isEqualTo(job.toJson());
      assertThat(back.diff(job)).isEmpty();
      assertThat(back.validate().isEmpty()).isEqualTo(job.validate().isEmpty());
    }
  }

  static Job randomJob(Random r, int i) {
    Job job = Job.named("job-" + i + (r.nextBoolean() ? "-x" + r.nextInt(1000) : ""))
        .queue(r.nextBoolean() ? "default" : "q" + r.nextInt(10))
        .image("registry.example.com/ns/img" + r.nextInt(5) + ":" + r.nextInt(10) + ".0")
        .command(r.nextBoolean() ? "torchrun train.py --epochs " + r.nextInt(9) : "python -c 'print(\"héllo ✓\")'")
        .replicas(1 + r.nextInt(16));
    if (r.nextBoolean()) job = job.gpus(Gpu.values()[r.nextInt(Gpu.values().length)], 1 + r.nextInt(8));
    if (r.nextBoolean()) job = job.cpu(r.nextBoolean() ? 1 + r.nextInt(96) : 0.25 * (1 + r.nextInt(8)));
    if (r.nextBoolean()) job = job.memory(1 + r.nextInt(1024));
    if (r.nextBoolean()) job = job.sharedMemory(1 + r.nextInt(256));
    for (int e = r.nextInt(4); e > 0; e--) job = job.env("VAR_" + e, r.nextBoolean() ? "" : "v=" + r.nextInt());
    if (r.nextBoolean()) job = job.rdma();
    if (r.nextInt(4) == 0) job = job.hostNetwork();
    for (int l = r.nextInt(3); l > 0; l--) job = job.label(r.nextBoolean() ? "team" + l : "example.com/k" + l, "v" + l);
    if (r.nextBoolean()) job = job.priority(Priority.values()[r.nextInt(3)]);
    for (int d = r.nextInt(4); d > 0; d--) {
      String mount = "/mnt/m" + d;
      switch (r.nextInt(5)) {
        case 0 -> job = job.pfs("pfs-" + r.nextInt(100), mount);
        case 1 -> job = job.pfs("pfs-" + r.nextInt(100), "/sub/" + d, mount);
        case 2 -> job = job.hostPath("/data/" + d, mount);
        case 3 -> job = job.bos("bucket/prefix" + d, mount);
        default -> job = job.datasource(Datasource.EMPTY.type("cfs").name("cfs-" + d).mountPath(mount).readOnly(r.nextBoolean()));
      }
    }
    if (r.nextInt(3) == 0) job = job.dataset("ds-" + r.nextInt(9), "v" + r.nextInt(3), "/mnt/ds");
    if (r.nextBoolean()) job = job.bccl();
    if (r.nextBoolean()) {
      boolean hang = r.nextBoolean();
      int retries = r.nextInt(4);
      boolean replace = r.nextBoolean();
      int patterns = r.nextInt(3);
      job = job.faultTolerance(ft -> {
        FaultTolerance f = ft.unconditionalRetries(retries);
        if (replace) f = f.replace();
        if (hang) f = f.hangDetection(Duration.ofMinutes(1 + retries), Duration.ofMinutes(10), Duration.ofMinutes(3));
        for (int p = 0; p < patterns; p++) f = f.logPattern("err" + p);
        return f;
      });
    }
    if (r.nextInt(3) == 0) job = job.tensorboard("/mnt/tb" + r.nextInt(3));
    if (r.nextInt(3) == 0) job = job.alert(a -> a.instanceId("cprom-1").alertItems(AlertItem.JOB_FAILED).forDuration(Duration.ofMinutes(5)));
    if (r.nextInt(3) == 0) job = job.retention(Duration.ofHours(1 + r.nextInt(100)));
    if (r.nextInt(4) == 0) job = job.imageAuth("robot", "pw" + r.nextInt());
    return job;
  }
}
