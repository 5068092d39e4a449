package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.insight.Explanation;
import dev.aihc.wire.JobStatus;
import dev.aihc.insight.Preflight;
import dev.aihc.client.Run;
import dev.aihc.dsl.Priority;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Why a job waits and whether one would start, against a real engine whose queue has 4 cores and 8 GB. */
@Timeout(60)
final class LocalEngineWhyTest {
  private static final String SMALL_QUEUE = "{\"pools\": [{\"id\": \"local\", \"aliases\": [\"*\"], \"queues\": "
      + "[{\"name\": \"default\", \"aliases\": [\"*\"], \"cpu\": 4, \"memory\": 8, \"rehearsalGpus\": 0}]}]}";

  @RegisterExtension static final TestEngine t = TestEngine.perClass(home -> {
    Files.writeString(home.resolve("config.json"), SMALL_QUEUE);
    return TestEngine.config(home);
  });

  @Test
  void givenAJobWaitingBehindBiggerOnes_whenAskedWhy_thenWhatItNeedsWhatIsFreeItsPlaceAndTheHoldersLargestFirst() {
    // given: 3 + 1 of the 4 cores held; a 2 × 1-core job waits, a low-priority one behind it
    Run big = t.client.submit(TestEngine.job("why-big", "sleep 30").cpu(3));
    Run small = t.client.submit(TestEngine.job("why-small", "sleep 30").cpu(1));
    t.awaitStatus(big.id(), JobStatus.RUNNING);
    t.awaitStatus(small.id(), JobStatus.RUNNING);
    Run waiting = t.client.submit(TestEngine.job("why-waiting", "echo ran").replicas(2).cpu(1));
    Run after = t.client.submit(TestEngine.job("why-after", "echo ran").cpu(1).priority(Priority.LOW));
    try {
      // when
      Explanation why = waiting.why();
      Explanation behind = after.why();

      // then
      assertThat(why.status()).isEqualTo(JobStatus.CREATED);
      assertThat(why.reasons()).contains("it needs 2 cpu (2 replicas × 1) at once; queue default has 0 of 4 free (2 short)",
          "it is 1st of 2 waiting jobs in queue default");
      assertThat(why.blockingJobs()).containsExactly(big.id(), small.id());
      assertThat(why.reasons()).anySatisfy(r -> assertThat(r).startsWith("2 running jobs hold what it needs: "
          + big.id() + " why-big (3 cpu), " + small.id() + " why-small (1 cpu)"));
      assertThat(why.toString()).startsWith("why-waiting " + waiting.id() + " is waiting (Created):\n  - ");
      assertThat(behind.reasons()).contains("it is 2nd of 2 waiting jobs in queue default; 1 of higher priority "
          + "than its low goes first");
    } finally {
      for (Run r : List.of(big, small, waiting, after)) r.stop();
    }
  }

  @Test
  void givenJobsThatFitAndDoNot_whenPreflighted_thenFitsNowCanEverFitAndTheShortResource() {
    TestEngine.awaitTrue(() -> t.client.describeQueue("default").allocated().cpu() == 0, "an idle queue");
    Preflight fits = t.client.preflight(TestEngine.job("pre-fits", "true").replicas(2).cpu(1).memory(2));
    Preflight never = t.client.preflight(TestEngine.job("pre-never", "true").replicas(4).cpu(2));

    assertThat(fits.fitsNow()).as(fits.toString()).isTrue();
    assertThat(fits.reasons()).contains("it needs 2 cpu (2 replicas × 1); queue default has 4 of 4 free");
    assertThat(never.fitsNow()).isFalse();
    assertThat(never.canEverFit()).isFalse();
    assertThat(never.reasons()).containsExactly("it needs 8 cpu (4 replicas × 2) at once, but queue default has only "
        + "4 cpu in all (4 short even when empty): ask for less per replica, fewer replicas, or another queue");
    assertThat(never.toString()).startsWith("pre-never can never fit queue default, not even empty\n  - it needs 8 cpu");
  }

  @Test
  void givenAFullQueue_whenSubmittedAndAwaited_thenOneWarningLineAndTheStatusLineSaysWhy() {
    Run holder = t.client.submit(TestEngine.job("warn-holder", "sleep 30").cpu(4));
    t.awaitStatus(holder.id(), JobStatus.RUNNING);
    synchronized (t.shown) {
      t.shown.clear();
    }
    Run waiting = t.client.submit(TestEngine.job("warn-waiting", "echo ran").cpu(2));
    try {
      List<String> warnings = shown().stream().filter(l -> l.startsWith("warning: ")).toList();
      assertThat(warnings).containsExactly("warning: warn-waiting will not start now in queue default: it needs 2 cpu "
          + "at once; queue default has 0 of 4 free now (2 short until running jobs end)");

      assertThat(shownAfter(() -> waiting.await(java.time.Duration.ofMillis(1500))))
          .anySatisfy(l -> assertThat(l).startsWith("warn-waiting " + waiting.id() + ": waiting — ")
              .contains("1 running job holds what it needs: " + holder.id() + " warn-holder (4 cpu)"));
    } finally {
      holder.stop();
      waiting.stop();
    }
  }

  private static List<String> shownAfter(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // the await times out while the job waits: what it showed meanwhile is what counts
    }
    return shown();
  }

  private static List<String> shown() {
    synchronized (t.shown) {
      return List.copyOf(t.shown);
    }
  }
}
