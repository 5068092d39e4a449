package dev.aihc.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aihc.view.Chart;
import dev.aihc.insight.Series.Point;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Series read from log text in the shapes real training scripts print. */
final class SeriesTest {

  @Test
  void readsTheLossOfEachRankOfTheDdpExampleWithTheEpochOfItsLine() {
    // examples/train_ddp.py, two replicas
    Series loss = Series.of("loss", pods(
        "master-0", List.of("rank 0 of 2: joined the group in 0.3 s", "rank 0 epoch 1/3 loss 0.4131",
            "rank 0 epoch 2/3 loss 0.2210", "rank 0 epoch 3/3 loss 0.1022",
            "accuracy 0.975 on 400 held-out points summed over 2 ranks"),
        "worker-0", List.of("rank 1 of 2: joined the group in 0.3 s", "rank 1 epoch 1/3 loss 0.4420",
            "rank 1 epoch 2/3 loss 0.2305", "rank 1 epoch 3/3 loss 0.1100")));

    assertThat(loss.points()).containsExactly(
        new Point("master-0", 1, 0.4131), new Point("master-0", 2, 0.2210), new Point("master-0", 3, 0.1022),
        new Point("worker-0", 1, 0.4420), new Point("worker-0", 2, 0.2305), new Point("worker-0", 3, 0.1100));
    assertThat(loss.pods()).containsExactly("master-0", "worker-0");
    assertThat(loss.stepName()).isEqualTo("epoch");
    assertThat(loss.size()).isEqualTo(6);
    assertThat(loss.last()).hasValue(0.1022);
    assertThat(loss.last("worker-0")).hasValue(0.1100);
  }

  @Test
  void readsHuggingFaceTrainerDictsAndSkipsTheOtherLossKeys() {
    Series loss = Series.of("loss", pods("master-0", List.of(
        "{'loss': 2.3026, 'grad_norm': 4.81, 'learning_rate': 4.5e-05, 'epoch': 0.5}",
        "{'eval_loss': 1.9, 'eval_runtime': 1.2, 'epoch': 0.5}",
        "{'loss': 1.1874, 'grad_norm': 3.02, 'learning_rate': 4e-05, 'epoch': 1.0}",
        "{'train_runtime': 30.1, 'train_loss': 1.6, 'epoch': 1.0}")));

    assertThat(loss.points("master-0")).containsExactly(
        new Point("master-0", 0.5, 2.3026), new Point("master-0", 1.0, 1.1874));
    assertThat(Series.of("learning_rate", pods("m", List.of(
        "{'loss': 2.3026, 'learning_rate': 4.5e-05, 'epoch': 0.5}"))).last()).hasValue(4.5e-05);
  }

  @Test
  void readsJsonLinesWithTheirStep() {
    Series loss = Series.of("loss", pods("worker-0", List.of(
        "{\"step\": 100, \"loss\": 0.91, \"lr\": 0.001}",
        "{\"step\":200,\"loss\":0.52}",
        "{\"step\": 300, \"val/loss\": 0.7}")));

    assertThat(loss.points()).containsExactly(
        new Point("worker-0", 100, 0.91), new Point("worker-0", 200, 0.52));
    assertThat(loss.stepName()).isEqualTo("step");
  }

  @Test
  void readsEqualsAndColonFormsTorchScalarsAndAnyCase() {
    Series loss = Series.of("loss", pods("master-0", List.of(
        "step 120 loss=0.41 lr=3e-4",
        "Train Epoch: 1 [640/60000 (1%)]\tLoss: 2.250000",
        "iter 7: loss tensor(0.3310, grad_fn=<MseLossBackward0>)",
        "100%|██████████| 10/10 [00:01<00:00, loss=1.5e-01, v_num=0]")));

    assertThat(loss.points()).extracting(Point::value).containsExactly(0.41, 2.25, 0.331, 0.15);
    // the batch position within epoch 1, and the bar's count
    assertThat(loss.points()).extracting(Point::step).containsExactly(120.0, 640.0, 7.0, 10.0);
  }

  @Test
  void withoutAStepOnTheLineCountsTheValuesOfEachReplica() {
    Series acc = Series.of("accuracy", pods(
        "master-0", List.of("accuracy 0.61", "noise", "accuracy 0.72"),
        "worker-0", List.of("accuracy 0.5")));

    assertThat(acc.points()).containsExactly(new Point("master-0", 1, 0.61), new Point("master-0", 2, 0.72),
        new Point("worker-0", 1, 0.5));
    assertThat(acc.stepName()).isEqualTo("step");
  }

  @Test
  void aLineThatStatesBothStepAndEpochIsAtItsStep() {
    Series loss = Series.of("loss", pods("m", List.of("epoch 2 step 340 loss 0.2")));

    assertThat(loss.points()).containsExactly(new Point("m", 340, 0.2));
  }

  @Test
  void nothingNamedGivesAnEmptySeriesThatSaysSo() {
    Series none = Series.of("loss", pods("master-0", List.of("val_loss 0.3", "loss_scale 65536", "lossy 1")));

    assertThat(none.isEmpty()).isTrue();
    assertThat(none.last()).isEmpty();
    assertThat(none.pods()).isEmpty();
    assertThat(none).hasToString("loss: no values (no log line names it)");
  }

  @Test
  void printsOneLineWithASparklinePerReplicaOnOneScale() {
    Series loss = Series.of("loss", pods(
        "master-0", List.of("loss 0.9", "loss 0.5", "loss 0.1"),
        "worker-0", List.of("loss 0.5", "loss 0.5")));

    assertThat(loss).hasToString("loss: 2 replicas, 5 values | master-0 █▅▁ 0.9 → 0.1 | worker-0 ▅▅ 0.5 → 0.5");
  }

  @Test
  void aLongSeriesGetsASparklineOfBoundedWidthFromFirstToLast() {
    List<String> lines = new java.util.ArrayList<>();
    for (int i = 0; i < 1000; i++) lines.add("step " + i + " loss " + (1000 - i));
    String text = Series.of("loss", pods("master-0", lines)).toString();

    assertThat(text).startsWith("loss: 1 replica, 1000 values | master-0 █").endsWith("▁ 1000 → 1");
    assertThat(text.chars().filter(c -> c >= '▁' && c <= '█').count()).isEqualTo(24);
  }

  @Test
  void aBlankNameIsRefusedWithItsField() {
    assertThatThrownBy(() -> Series.of(" ", Map.of())).hasMessage("series name must not be blank");
  }

  @Test
  void chartWithoutTheChartArtifactSaysWhichOneToAdd() {
    // This module's tests run without aihc-chart, as a user's class path may.
    Series loss = Series.of("loss", pods("master-0", List.of("loss 0.9")));

    assertThatThrownBy(loss::chart).isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("drawing a chart needs dev.aihc:aihc-chart on the class path: add the dependency "
            + "dev.aihc:aihc-chart:");
    assertThatThrownBy(() -> Chart.lines("t", "x", "y", List.of()).toSvg()).hasMessageContaining("aihc-chart");
  }

  private static Map<String, List<String>> pods(Object... podsAndLines) {
    Map<String, List<String>> logs = new LinkedHashMap<>();
    for (int i = 0; i < podsAndLines.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> lines = (List<String>) podsAndLines[i + 1];
      logs.put((String) podsAndLines[i], lines);
    }
    return logs;
  }
}
