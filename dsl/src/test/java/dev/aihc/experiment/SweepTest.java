package dev.aihc.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcInterruptedException;
import dev.aihc.client.CallOnThread;
import dev.aihc.client.FakeAihc;
import dev.aihc.dsl.Job;
import dev.aihc.view.Table;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;

/** What a sweep would submit, how it stops when interrupted, and the tables results print as; no engine needed. */
final class SweepTest {
  private static final Job TEMPLATE = Job.named("sweep").queue("default").image("a/b:1").command("python t.py");

  @StartStop private final MockWebServer server = FakeAihc.newServer();

  @Test
  void everyCombinationOfValuesIsAVariantNamedAfterItsValues() {
    List<Job> variants = Sweep.of(TEMPLATE).env("LR", "0.1", "0.01").vary("replicas", List.of("1", "2"),
        (job, v) -> job.replicas(Integer.parseInt(v))).variants();

    assertThat(variants).extracting(Job::name)
        .containsExactly("sweep-lr-0-1-replicas-1", "sweep-lr-0-1-replicas-2", "sweep-lr-0-01-replicas-1",
            "sweep-lr-0-01-replicas-2");
    assertThat(variants.get(3).toJson()).contains("\"value\" : \"0.01\"").contains("\"replicas\" : 2");
    assertThat(variants).allSatisfy(j -> assertThat(j.validate().errors()).isEmpty());
  }

  @Test
  void namesThatWouldBeTooLongOrTheSameAreNumbered() {
    List<Job> variants = Sweep.of(TEMPLATE).env("LEARNING_RATE_OF_THE_OPTIMIZER", "0.000001", "0.000002")
        .env("A", "x.y", "x-y").variants();

    assertThat(variants).extracting(Job::name).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n.length()).isLessThanOrEqualTo(50))
        .containsExactly("sweep-1", "sweep-2", "sweep-3", "sweep-4");
    assertThat(Sweep.of(TEMPLATE).env("A", "x.y", "x-y").variants()).extracting(Job::name)
        .containsExactly("sweep-a-x-y", "sweep-2");
  }

  @Test
  void stepsCheckTheirArgumentsAndReturnNewSweeps() {
    Sweep sweep = Sweep.of(TEMPLATE).env("LR", "0.1");

    assertThat(sweep.concurrency(2)).isNotSameAs(sweep).hasToString("Sweep[sweep: LR × 1, 2 at once]");
    assertThat(sweep.metric("loss").metric("loss")).hasToString("Sweep[sweep: LR × 1, metric loss]");
    assertThatThrownBy(() -> sweep.concurrency(0)).hasMessage("concurrency must be >= 1 but was 0");
    assertThatThrownBy(() -> sweep.env("LR", "0.2")).hasMessageContaining("parameter LR is swept already");
    assertThatThrownBy(() -> sweep.env("B")).hasMessage("parameter B needs at least one value");
    assertThatThrownBy(() -> Sweep.of(TEMPLATE.env("LR", "1")).env("LR", "0.1")).hasMessage(
        "the template sets env LR already, and each variant sets its own: make the template without env(\"LR\", ...)");
  }

  @Test
  void givenAnInterruptWhileAVariantIsDescribed_whenTheSweepStops_thenItSaysWhichVariantsWereNeverSubmitted()
      throws Exception {
    // given: one variant at a time; the first is created, and describing it never answers
    FakeAihc fake = FakeAihc.on(server);
    fake.next("CreateJob", FakeAihc.ok("{\"jobId\":\"job-1\",\"jobName\":\"sweep-n-1\"}"));
    fake.always("DescribeJob", FakeAihc.stall());
    AihcClient client = FakeAihc.client(server).build();
    CallOnThread sweep = CallOnThread.start(() -> Sweep.of(TEMPLATE).env("N", "1", "2", "3").concurrency(1).run(client));
    while (fake.received("DescribeJob").isEmpty()) Thread.sleep(10);

    // when
    sweep.thread().interrupt();
    sweep.join(Duration.ofSeconds(5));

    // then
    assertThat(sweep.failure()).isInstanceOf(AihcInterruptedException.class)
        .hasMessageStartingWith("sweep sweep (2 variants never submitted; submitted: job-1) was interrupted")
        .hasCauseInstanceOf(AihcInterruptedException.class);
    assertThat(sweep.interruptedAfter()).isTrue();
    assertThat(fake.received("CreateJob")).hasSize(1);
  }

  @Test
  void aTablePrintsAlignedColumns() {
    Table t = new Table(List.of("LR", "status", "accuracy"),
        List.of(List.of("0.1", "Succeeded", "0.6"), List.of("0.001", "waiting", "—")));

    assertThat(t).hasToString("""
        LR     status     accuracy
        -----  ---------  --------
        0.1    Succeeded  0.6
        0.001  waiting    —""");
    assertThat(t.column("LR")).containsExactly("0.1", "0.001");
    assertThatThrownBy(() -> t.column("loss")).hasMessage("no column loss; the columns are [LR, status, accuracy]");
  }
}
