package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.wire.JobItem;
import dev.aihc.client.OutputSink;
import dev.aihc.client.RetryPolicy;
import dev.aihc.client.Run;
import dev.aihc.dsl.AihcException;
import dev.aihc.dsl.Job;
import dev.aihc.local.internal.api.Faults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's fault switch answers 503, drops connections after doing the work, or hangs past the
 * client's timeout on a share of requests: the client retries reads and never duplicates a job.
 */
final class FaultInjectionTest {
  private static final int CLIENTS = 8;
  private static final int JOBS_PER_CLIENT = 15;

  @TempDir Path home;

  @Test
  @Timeout(240)
  void givenFaultyEngine_whenEightClientsSubmitAndRead_thenEveryJobExactlyOnceAndEveryReadAnswered() throws Exception {
    // given
    System.setProperty(Faults.PROPERTY, "unavailable=0.15,drop=0.1,hang=0.05,hangMillis=1500,seed=42");
    LocalEngine engine;
    try {
      engine = LocalEngine.start(TestEngine.config(home));
    } finally {
      System.clearProperty(Faults.PROPERTY);
    }
    try (engine) {
      // 30% of requests fail: with 6 retries a read gave up once in about 4,600 (0.3^7), so over its 120
      // reads this test failed a few runs in a hundred; with 12 a read gives up once in six million.
      AihcClient client = AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials())
          .queue("default").sink(OutputSink.silent()).readTimeout(Duration.ofMillis(700))
          .callTimeout(Duration.ofSeconds(5)).retries(new RetryPolicy(12, Duration.ofMillis(20), Duration.ofMillis(200)))
          .build();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<List<String>>> work = new ArrayList<>();
      List<String> gaveUp = Collections.synchronizedList(new ArrayList<>());
      // when
      for (int c = 0; c < CLIENTS; c++) {
        int id = c;
        work.add(pool.submit(() -> {
          List<String> ids = new ArrayList<>();
          for (int i = 0; i < JOBS_PER_CLIENT; i++) {
            Job job = TestEngine.job("fault-" + id + "-" + i, "true");
            Run run = submitUntilKnown(client, job, gaveUp);
            ids.add(run.id());
            assertThat(run.describe().name()).isEqualTo(job.name()); // a read through the faults
          }
          return ids;
        }));
      }
      List<String> acknowledged = new ArrayList<>();
      for (Future<List<String>> f : work) acknowledged.addAll(f.get(200, TimeUnit.SECONDS));
      pool.shutdown();
      // then (the faults stay on: the listing itself has to get through them)
      List<JobItem> all = engineView(engine).jobs().toList();
      Map<String, Long> byName = all.stream().collect(Collectors.groupingBy(JobItem::name, Collectors.counting()));
      assertThat(byName).hasSize(CLIENTS * JOBS_PER_CLIENT);
      assertThat(byName.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
          .as("jobs created more than once").isEmpty();
      assertThat(all.stream().map(JobItem::jobId).collect(Collectors.toSet())).containsAll(acknowledged);
    }
  }

  /** Submits until the client knows the outcome; an equal job resubmitted reconciles instead of duplicating. */
  private static Run submitUntilKnown(AihcClient client, Job job, List<String> gaveUp) {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        return client.submit(job);
      } catch (AihcException e) {
        gaveUp.add(job.name() + ": " + e.getMessage());
      }
    }
    throw new AssertionError("no outcome for " + job.name() + " after 20 submits: " + gaveUp);
  }

  private static AihcClient engineView(LocalEngine engine) {
    return AihcClient.builder().endpoint(engine.url().toString()).credentials(engine.credentials()).queue("default")
        .sink(OutputSink.silent()).readTimeout(Duration.ofMillis(700))
        .retries(new RetryPolicy(30, Duration.ofMillis(10), Duration.ofMillis(100))).build();
  }
}
