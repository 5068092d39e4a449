package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.client.AihcInterruptedException;
import dev.aihc.client.JobResult;
import dev.aihc.client.OutputSink;
import dev.aihc.client.Run;
import dev.aihc.insight.Progress;
import dev.aihc.insight.Series;
import dev.aihc.wire.JobItem;
import dev.aihc.wire.JobStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import okhttp3.OkHttpClient;

/** {@code run.watch(...)} on jobs of the local engine that print a loss as they train. */
@Timeout(90)
final class LocalEngineWatchTest {
  /** 30 steps, one every 0.2 s: {@code step 7 loss 0.93}. */
  private static final String LOSS_EVERY_200_MS = "for i in $(seq 30); do echo \"step $i loss 0.$((100 - i))\"; sleep 0.2; done";

  @RegisterExtension final TestEngine t = TestEngine.perTest();

  /** One picture: when it came, and what it showed. */
  private record Picture(long nanos, Progress progress, List<Series> series) {}

  /** Keeps every picture watch() hands its sink. */
  private static final class Pictures implements OutputSink {
    final List<Picture> taken = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    final AtomicInteger polls = new AtomicInteger();

    @Override
    public void log(String source, String line) {
      messages.add("[" + source + "] " + line);
    }

    @Override
    public void progress(String message) {
      messages.add(message);
    }

    @Override
    public void polled(JobItem job, Duration elapsed) {
      polls.incrementAndGet();
    }

    @Override
    public void watched(Progress progress, List<Series> series) {
      taken.add(new Picture(System.nanoTime(), progress, series));
    }

    int points(int picture) {
      return taken.get(picture).series().get(0).size();
    }
  }

  @Test
  void givenAJobPrintingALoss_whenWatched_thenEachPictureHasMorePointsAndTheLastHasEveryStep() {
    Pictures pictures = new Pictures();
    AihcClient client = t.client.withSink(pictures);
    Run run = client.submit(TestEngine.job("watched", LOSS_EVERY_200_MS));

    // when: watched with no name, which charts the training loss
    JobResult result = run.watch();

    // then: pictures at most every two seconds while it ran, each with at least the points of the one before
    assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
    List<Picture> taken = pictures.taken;
    assertThat(taken).as("pictures of a job printing for 6 s").hasSizeGreaterThanOrEqualTo(3);
    for (int i = 1; i < taken.size(); i++) {
      assertThat(pictures.points(i)).as("points of picture %d", i).isGreaterThanOrEqualTo(pictures.points(i - 1));
      if (i < taken.size() - 1) {
        assertThat(TimeUnit.NANOSECONDS.toMillis(taken.get(i).nanos() - taken.get(i - 1).nanos()))
            .as("ms between pictures %d and %d", i - 1, i).isGreaterThanOrEqualTo(1900);
      }
    }
    List<Integer> growing = IntStream.range(0, taken.size() - 1).map(pictures::points).filter(n -> n > 0 && n < 30)
        .distinct().boxed().toList();
    assertThat(growing).as("points of the pictures taken while it ran").hasSizeGreaterThanOrEqualTo(2);
    Series last = taken.get(taken.size() - 1).series().get(0);
    assertThat(last.name()).isEqualTo("loss");
    assertThat(last.points()).containsExactlyElementsOf(IntStream.rangeClosed(1, 30)
        .mapToObj(i -> new Series.Point("master-0", i, (100 - i) / 100.0)).toList());
    assertThat(pictures.messages).as("status lines, no log line").noneMatch(m -> m.startsWith("[master-0]"))
        .anyMatch(m -> m.contains("watched " + run.id() + ": Succeeded"));
    // the run remembers what watch read: a series asked afterwards is the same
    assertThat(run.series("loss")).isEqualTo(last);
  }

  @Test
  void givenAWatch_whenItDrawsPictures_thenItDescribesTheJobOncePerPollOnly() {
    List<String> actions = new CopyOnWriteArrayList<>();
    OkHttpClient counting = new OkHttpClient.Builder().addInterceptor(chain -> {
      actions.add(chain.request().url().queryParameter("action"));
      return chain.proceed(chain.request());
    }).build();
    Pictures pictures = new Pictures();
    try (AihcClient client = t.client.toBuilder().okHttp(counting).sink(pictures).build()) {
      Run run = client.submit(TestEngine.job("counted", LOSS_EVERY_200_MS));
      actions.clear();

      // when
      JobResult result = run.watch("loss");

      // then: each picture reads its answers against the poll it follows, not another DescribeJob of its own
      assertThat(result.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(pictures.taken).hasSizeGreaterThanOrEqualTo(3);
      assertThat(actions.stream().filter("DescribeJob"::equals).count()).as("DescribeJob requests of " + actions)
          .isEqualTo(pictures.polls.get());
    }
  }

  @Test
  void givenAWatch_whenItsThreadIsInterrupted_thenItEndsAtOnceAndTheJobKeepsRunning() throws Exception {
    Pictures pictures = new Pictures();
    Run run = t.client.withSink(pictures).submit(TestEngine.job("keeps-running",
        "for i in $(seq 300); do echo \"step $i loss 0.5\"; sleep 0.2; done"));
    AtomicReference<Thread> watching = new AtomicReference<>();
    CompletableFuture<JobResult> watched = CompletableFuture.supplyAsync(() -> {
      watching.set(Thread.currentThread());
      return run.watch("loss");
    });
    TestEngine.awaitTrue(() -> pictures.taken.stream().anyMatch(p -> !p.series().get(0).isEmpty()), "a picture with a value");

    // when
    long interrupted = System.nanoTime();
    watching.get().interrupt();

    // then
    assertThat(watched).failsWithin(5, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(AihcInterruptedException.class);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interrupted)).as("ms to end").isLessThan(1500);
    assertThat(run.status()).isEqualTo(JobStatus.RUNNING);
    run.stop();
  }
}
