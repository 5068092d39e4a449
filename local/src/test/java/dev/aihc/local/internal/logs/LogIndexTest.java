package dev.aihc.local.internal.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mapping a time window to byte offsets with the (from, to, endOffset) checkpoints. */
final class LogIndexTest {
  @TempDir Path dir;

  @Test
  void givenNoIndex_whenMapped_thenFromTheStartAndNoKnownEnd() throws IOException {
    Path index = dir.resolve("none.idx");

    assertThat(LogIndex.startOffset(index, 5_000)).isZero();
    assertThat(LogIndex.endOffset(index, 5_000)).isEqualTo(-1);
    assertThat(LogIndex.last(index)).isEmpty();
  }

  @Test
  void givenThreeChunks_whenTimesAreMapped_thenOffsetsBoundTheChunksThatMayOverlapTheWindow() throws IOException {
    // given: bytes 0..10 written in (0, 1000], 10..25 in (3000, 4000], 25..40 in (8000, 9000]
    Path index = dir.resolve("pod.idx");
    LogIndex.append(index, 0, 1_000, 10);
    LogIndex.append(index, 3_000, 4_000, 25);
    LogIndex.append(index, 8_000, 9_000, 40);

    // then: a start skips the chunks written entirely before it
    assertThat(LogIndex.startOffset(index, 500)).isZero();
    assertThat(LogIndex.startOffset(index, 2_000)).isEqualTo(10);
    assertThat(LogIndex.startOffset(index, 4_000)).isEqualTo(10); // chunk 2 may end exactly at 4000
    assertThat(LogIndex.startOffset(index, 5_000)).isEqualTo(25);
    assertThat(LogIndex.startOffset(index, 10_000)).isEqualTo(40);
    // and an end keeps the chunks that may have started before it, once a later chunk shows where it lies
    assertThat(LogIndex.endOffset(index, 0)).isZero();
    assertThat(LogIndex.endOffset(index, 2_000)).isEqualTo(10);
    assertThat(LogIndex.endOffset(index, 3_500)).isEqualTo(25);
    assertThat(LogIndex.endOffset(index, 8_500)).isEqualTo(-1); // nothing known after it yet
    assertThat(LogIndex.last(index)).hasValueSatisfying(e -> assertThat(e).containsExactly(8_000, 9_000, 40));
  }
}
