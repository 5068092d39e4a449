package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.client.Credentials;
import dev.aihc.client.JobQuery;
import dev.aihc.wire.JobStatus;
import dev.aihc.client.OutputSink;
import dev.aihc.client.RetryPolicy;
import dev.aihc.client.Run;
import dev.aihc.dsl.AihcException;
import dev.aihc.dsl.Job;
import dev.aihc.wire.JobItem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 clients submit 2,000 jobs while the engine process is SIGKILLed three times at random moments and
 * restarted (on a new port, which the clients find again): every acknowledged job exists, none twice,
 * every client finishes, and every finished job's log is complete.
 */
final class CrashSoakTest {
  private static final int CLIENTS = 8;
  private static final int JOBS = 2_000;
  private static final int KILLS = 3;
  private static final String IMAGE_PASSWORD = "crash-image-pw-7f3a";

  @TempDir Path dir;

  @Test
  @Timeout(600)
  void givenEngineKilledThreeTimes_whenEightClientsSubmit2000Jobs_thenNothingLostNothingTwice() throws Exception {
    // given
    Path home = dir.resolve("home");
    AtomicReference<EngineProcess> engine = new AtomicReference<>(EngineProcess.start(home, "0"));
    AtomicReference<String> url = new AtomicReference<>(engine.get().url().toString());
    Credentials keys = engine.get().credentials();
    AtomicInteger acknowledged = new AtomicInteger();
    List<String> ids = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    try {
      // when
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int id = c;
        clients.add(pool.submit(() -> {
          AihcClient client = client(url, keys);
          for (int i = id; i < JOBS; i += CLIENTS) {
            Job job = Job.named("crash-" + i).queue("default").image("registry.baidubce.com/t/p:1")
                .imageAuth("robot", IMAGE_PASSWORD).command("echo start-" + i + "; echo end-" + i);
            ids.add(submitUntilKnown(client, job).id());
            acknowledged.incrementAndGet();
          }
          return null;
        }));
      }
      Future<?> killer = pool.submit(() -> {
        Random random = new Random(2026);
        for (int k = 1; k <= KILLS; k++) {
          int at = JOBS * k / (KILLS + 1) + random.nextInt(JOBS / 10) - JOBS / 20;
          while (acknowledged.get() < at) Thread.sleep(5);
          Thread.sleep(random.nextInt(200));
          engine.get().kill();
          EngineProcess next = EngineProcess.start(home, String.valueOf(k));
          engine.set(next);
          url.set(next.url().toString());
        }
        return null;
      });
      killer.get(300, TimeUnit.SECONDS);
      for (Future<?> f : clients) f.get(300, TimeUnit.SECONDS);
      // then
      AihcClient view = client(url, keys);
      List<JobItem> all = awaitAllFinished(view);
      Map<String, Long> byName = all.stream().collect(Collectors.groupingBy(JobItem::name, Collectors.counting()));
      assertThat(byName).hasSize(JOBS);
      assertThat(byName.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
          .as("jobs created twice").isEmpty();
      assertThat(all.stream().map(JobItem::jobId).collect(Collectors.toSet())).containsAll(ids);
      assertThat(all).extracting(JobItem::status).containsOnly(JobStatus.SUCCEEDED);
      for (JobItem item : all) {
        String n = item.name().substring("crash-".length());
        assertThat(view.job(item.jobId()).logs("master-0")).as(item.toString())
            .containsExactly("start-" + n, "end-" + n);
      }
      assertNoSecretsIn(home, keys.secretAccessKey(), IMAGE_PASSWORD);
    } finally {
      pool.shutdownNow();
      engine.get().close();
    }
  }

  private static AihcClient client(AtomicReference<String> url, Credentials keys) {
    return AihcClient.builder().endpoint(url::get).credentials(keys).queue("default").sink(OutputSink.silent())
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(10))
        .retries(new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1))).build();
  }

  /** An equal job submitted again after an unknown outcome reconciles instead of duplicating. */
  private static Run submitUntilKnown(AihcClient client, Job job) {
    AihcException last = null;
    for (int attempt = 0; attempt < 30; attempt++) {
      try {
        return client.submit(job);
      } catch (AihcException e) {
        last = e;
      }
    }
    throw new AssertionError("no outcome for " + job.name(), last);
  }

  private static List<JobItem> awaitAllFinished(AihcClient client) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      List<JobItem> all = client.jobs(q -> q.pageSize(500)).toList();
      if (all.stream().allMatch(j -> j.status().isTerminal())) return all;
      assertThat(System.nanoTime()).as("all jobs finished within 180 s").isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  /** No file of the home but the credentials file holds the secret key or the image password. */
  static void assertNoSecretsIn(Path home, String... secrets) throws Exception {
    try (Stream<Path> files = Files.walk(home)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (f.getFileName().toString().equals("credentials")) continue;
        String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String secret : secrets) assertThat(text).as("secret in " + f).doesNotContain(secret);
      }
    }
  }
}
