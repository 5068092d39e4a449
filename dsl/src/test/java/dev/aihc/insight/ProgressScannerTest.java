package dev.aihc.insight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The progress lines training code prints unchanged, as tqdm, Keras, Lightning and the HF Trainer print them. */
final class ProgressScannerTest {
  private static Progress last(List<String> lines) {
    ProgressScanner s = new ProgressScanner("master-0", null);
    lines.forEach(s::accept);
    return s.last();
  }

  @Test
  void givenATqdmBarRedrawnWithCarriageReturns_thenTheLastDrawWithItsOwnTimeLeft() {
    Progress p = last(List.of("  0%|          | 0/1000 [00:00<?, ?it/s]\r 37%|███▋      | 370/1000 [00:12<00:21, 30.1it/s]"));

    assertThat(p.step()).isEqualTo(370);
    assertThat(p.total()).isEqualTo(1000);
    assertThat(p.fraction()).isEqualTo(0.37);
    assertThat(p.eta()).contains(Duration.ofSeconds(21));
    assertThat(p.pod()).isEqualTo("master-0");
    assertThat(p.toString()).isEqualTo("███████▍░░░░░░░░░░░░  37% it 370/1000 · 21s left (master-0)");
  }

  @Test
  void givenEpochAndStepCounts_thenEachIsRead() {
    assertThat(last(List.of("rank 0 epoch 3/5 loss 0.4131")).count()).isEqualTo("epoch 3/5");
    assertThat(last(List.of("step 120/1000 lr 3e-4")).count()).isEqualTo("step 120/1000");
    assertThat(last(List.of("Epoch [2/5], Step [30/100], Loss: 0.2")).step()).isEqualTo(1.3);
  }

  @Test
  void givenKerasEpochsThenItsStepLines_thenTheStepsCountWithinTheEpoch() {
    Progress p = last(List.of("Epoch 3/10", " 50/100 [==============>...............] - ETA: 12s - loss: 0.41"));

    assertThat(p.unit()).isEqualTo("epoch");
    assertThat(p.step()).isEqualTo(2.5);
    assertThat(p.total()).isEqualTo(10);
  }

  @Test
  void givenALightningBar_thenTheBarOfItsEpoch() {
    Progress p = last(List.of("Epoch 3:  45%|████▌     | 45/100 [00:10<00:12,  4.50it/s, loss=0.41, v_num=0]"));

    assertThat(p.count()).isEqualTo("it of epoch 3 45/100");
    assertThat(p.eta()).contains(Duration.ofSeconds(12));
  }

  @Test
  void givenTheTrainersBannerAndItsLogDicts_thenEpochsOfTheBannersTotal() {
    Progress p = last(List.of("***** Running training *****", "  Num examples = 2000", "  Num Epochs = 3",
        "{'loss': 0.6931, 'learning_rate': 4.5e-05, 'epoch': 1.5}"));

    assertThat(p.count()).isEqualTo("epoch 1.50/3");
    assertThat(p.fraction()).isEqualTo(0.5);
  }

  @Test
  void givenLinesWithoutProgress_thenNone() {
    assertThat(last(List.of("loading data", "loss 0.41", "{'loss': 0.4, 'epoch': 1.0}", "10/0 items"))).isNull();
  }

  @Test
  void givenACustomPattern_thenItsNamedGroups() {
    ProgressScanner s = new ProgressScanner("worker-0", ProgressReader.customPattern("shard (?<step>\\d+) of (?<total>\\d+)"));

    Optional<Progress> p = s.accept("done shard 7 of 28");

    assertThat(p).hasValueSatisfying(v -> assertThat(v.count()).isEqualTo("step 7/28"));
    assertThat(s.accept("epoch 3/5")).isEmpty();
    assertThatThrownBy(() -> ProgressReader.customPattern("shard (\\d+) of (\\d+)"))
        .hasMessageContaining("named groups (?<step>...) and (?<total>...)");
  }
}
