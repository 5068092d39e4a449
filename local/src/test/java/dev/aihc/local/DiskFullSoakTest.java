package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aihc.client.AihcServiceException;
import dev.aihc.client.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Jobs submitted across several cycles of a real file system (tmpfs) filled to its last byte and freed again, with
 * the default floor (refused before any write) and with none ({@code "0B"}: every write tries and SQLite's
 * {@code SQLITE_FULL} decides): no acknowledged job lost or doubled, none left unfinished once there is room, every
 * refusal a 503 InsufficientStorage, no stack trace in the engine log. Prints the figures BENCHMARKS.md quotes.
 */
final class DiskFullSoakTest {
  private static final int CYCLES = 3;
  private static final int PER_PHASE = 6;
  private static final Set<String> FINAL = Set.of("Succeeded", "Failed", "Stopped");

  @ParameterizedTest(name = "storage.minFree {0}")
  @ValueSource(strings = {"default", "0B"})
  void givenJobsSubmittedWhileTheDiskFillsAndEmptiesAgain_thenNoneIsLostDoubledOrLeftUnfinished(String minFree)
      throws Exception {
    try (SmallFileSystem fs = SmallFileSystem.mount(40); LogCapture log = LogCapture.start()) {
      Path home = fs.dir().resolve("home");
      Files.createDirectories(home);
      if (!minFree.equals("default")) {
        Files.writeString(home.resolve("config.json"), "{\"storage\": {\"minFree\": \"" + minFree + "\"}}");
      }
      List<String> acknowledged = new ArrayList<>();
      int refused = 0;
      List<String> wrongAnswers = new ArrayList<>();
      int clientRefused = 0;
      long started = System.nanoTime();
      try (TestEngine t = TestEngine.start(home)) {
        for (int c = 0; c < CYCLES; c++) {
          Path filler = null;
          for (boolean full : new boolean[] {false, true}) {
            if (full) filler = fs.fill("filler");
            for (int i = 0; i < PER_PHASE; i++) {
              String name = "soak-" + c + (full ? "-full-" : "-room-") + i;
              RawApi.Reply r = t.api.post("CreateJob", TestEngine.job(name, "sleep 0.3; echo " + name).toCompactJson());
              if (r.status() == 200) {
                acknowledged.add(r.json().path("jobId").asText());
              } else if (r.status() == 503 && r.json().path("code").asText().equals("InsufficientStorage")) {
                refused++;
              } else {
                wrongAnswers.add(r.toString());
              }
            }
            // the real client, whose retries of a refused CreateJob must not make a second job
            try {
              Run run = t.client.submit(TestEngine.job("soak-" + c + (full ? "-full" : "-room") + "-client", "true"));
              acknowledged.add(run.id());
            } catch (AihcServiceException e) {
              if (!e.errorCode().equals("InsufficientStorage")) wrongAnswers.add(e.getMessage());
              clientRefused++;
            }
            if (full) Thread.sleep(700); // replicas end while the disk is full
          }
          Files.delete(filler);
        }

        // then: once there is room, every acknowledged job ends, and each is there once
        TestEngine.awaitTrue(() -> nonFinal(t).isEmpty(), "every job in a final status; not yet: " + nonFinal(t));
        JsonNode jobs = t.ok("DescribeJobs", "{\"pageSize\": 1000}").path("jobs");
        Map<String, Integer> byId = new HashMap<>();
        Map<String, Integer> byName = new HashMap<>();
        for (JsonNode j : jobs) {
          byId.merge(j.path("jobId").asText(), 1, Integer::sum);
          byName.merge(j.path("name").asText(), 1, Integer::sum);
        }
        long lost = acknowledged.stream().filter(id -> !byId.containsKey(id)).count();
        long doubled = byName.values().stream().filter(n -> n > 1).count();
        List<String> traces = log.records().stream().filter(r -> r.getThrown() != null)
            .map(r -> r.getMessage() + ": " + r.getThrown()).toList();
        System.out.printf("disk-full soak (storage.minFree %s): %d cycles, %d CreateJobs, %d acknowledged, %d lost,"
            + " %d duplicated, %d left non-final, %d refused with 503 InsufficientStorage (+%d client submits"
            + " refused after its retries), %d other answers, %d stack traces, %.1f s%n", minFree, CYCLES,
            CYCLES * 2 * (PER_PHASE + 1), acknowledged.size(), lost, doubled, nonFinal(t).size(), refused,
            clientRefused, wrongAnswers.size(), traces.size(), (System.nanoTime() - started) / 1e9);
        assertThat(wrongAnswers).as("answers other than 200 or 503 InsufficientStorage").isEmpty();
        assertThat(lost).as("acknowledged jobs lost").isZero();
        assertThat(doubled).as("jobs created twice").isZero();
        assertThat(byId).hasSize(acknowledged.size());
        assertThat(refused).as("CreateJobs refused while the disk was full").isPositive();
        assertThat(traces).as("stack traces in the engine log").isEmpty();
      }
    }
  }

  private static List<String> nonFinal(TestEngine t) {
    List<String> out = new ArrayList<>();
    for (JsonNode j : t.ok("DescribeJobs", "{\"pageSize\": 1000}").path("jobs")) {
      if (!FINAL.contains(j.path("status").asText())) out.add(j.path("name").asText() + " " + j.path("status").asText());
    }
    return out;
  }

}
