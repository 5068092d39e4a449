package dev.aihc.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.wire.QueueItem;
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
}
