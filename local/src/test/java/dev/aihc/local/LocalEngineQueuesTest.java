package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.client.AihcClient;
import dev.aihc.client.OutputSink;
import dev.aihc.client.Run;
import dev.aihc.wire.JobStatus;
import dev.aihc.wire.QueueItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Queues set in Java ({@link LocalEngineConfig#queue}) instead of written into config.json, and the engine's own client. */
final class LocalEngineQueuesTest {
  @RegisterExtension
  static final TestEngine t = TestEngine.perClass(home -> TestEngine.config(home).queue("default", 4, 8)
      .queue("big", 16, 64));

  @Test
  void givenQueuesSetInJava_whenDescribed_thenTheEngineHasThemWithTheirSizes() {
    // when
    QueueItem small;
    QueueItem big;
    try (var client = t.engine.client()) {
      small = client.describeQueue("default");
      big = client.describeQueue("big");
    }

    // then
    assertThat(small.capability().cpu()).isEqualTo(4);
    assertThat(small.capability().memory()).isEqualTo(8);
    assertThat(big.capability().cpu()).isEqualTo(16);
    assertThat(big.capability().memory()).isEqualTo(64);
    assertThat(t.client.describeQueues().queues()).extracting(QueueItem::queueName).containsExactly("default", "big");
    assertThat(t.client.describeQueue("any-other-name").queueName()).as("the first takes unknown names").isEqualTo("default");
  }

  @Test
  void givenQueueSteps_whenWrong_thenTheErrorNamesTheQueueAndTheField() {
    LocalEngineConfig config = LocalEngineConfig.of(java.nio.file.Path.of("home")).queue("default", 4, 8);

    assertThatThrownBy(() -> config.queue("default", 1, 1)).hasMessageContaining("queue default is already set");
    assertThatThrownBy(() -> config.queue("b", 0, 1)).hasMessageContaining("queue b: cpu must be > 0 but was 0.0");
    assertThatThrownBy(() -> config.queue("b", 1, -2)).hasMessageContaining("memoryGb must be > 0");
    assertThat(config.port(8080).queues()).as("kept by later steps").containsExactly(new LocalEngineConfig.Queue("default", 4, 8));
  }

  @Test
  void givenALoopOfSubmitsIntoAQueueWithRoom_whenSubmitted_thenOneQueueReadForAllAndTheWarningsAFreshReadWouldGive() {
    List<String> actions = new CopyOnWriteArrayList<>();
    List<String> warnings = new CopyOnWriteArrayList<>();
    OkHttpClient counting = new OkHttpClient.Builder().addInterceptor(chain -> {
      actions.add(chain.request().url().queryParameter("action"));
      return chain.proceed(chain.request());
    }).build();
    List<Run> runs = new ArrayList<>();
    try (AihcClient aihc = t.client.toBuilder().okHttp(counting).sink(new OutputSink() {
      @Override
      public void log(String source, String line) {}

      @Override
      public void progress(String message) {
        warnings.add(message);
      }
    }).build()) {
      // when: four jobs of 1 core and 3 GB into the queue of 4 cores and 8 GB, as a loop or a sweep sends them
      long started = System.nanoTime();
      for (int i = 0; i < 4; i++) runs.add(aihc.submit(TestEngine.job("loop-" + i, "sleep 30").cpu(1).memory(3)));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      // then: one DescribeQueue for the four (before: one per submit, 8 requests), each job written into the
      // queue read, so the first two fit and the last two are told they wait, as the queue then says. A read
      // is kept 2 s: where four submits took longer (a machine under heavy load) it may be read again.
      if (took.compareTo(Duration.ofSeconds(2)) < 0) {
        assertThat(actions).containsExactly("DescribeQueue", "CreateJob", "CreateJob", "CreateJob", "CreateJob");
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("warning: loop-2 will not start now in queue default")
            .contains("it needs 3 GB memory at once; queue default has 2 of 8 free now");
        assertThat(warnings.get(1)).startsWith("warning: loop-3 will not start now")
            .endsWith("1 job waits in queue default already");
      } else {
        assertThat(actions).filteredOn("CreateJob"::equals).hasSize(4);
        assertThat(actions).filteredOn("DescribeQueue"::equals)
            .hasSizeLessThanOrEqualTo(1 + (int) (took.toMillis() / 2000));
      }
      t.awaitStatus(runs.get(1).id(), JobStatus.RUNNING);
      QueueItem read = aihc.describeQueue("default");
      assertThat(read.allocated().memory()).isEqualTo(6);
      assertThat(read.pending()).isEqualTo(2);
    } finally {
      runs.forEach(Run::stop);
    }
  }
}
