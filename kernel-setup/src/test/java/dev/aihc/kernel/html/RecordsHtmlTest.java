package dev.aihc.kernel.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.wire.JobStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

final class RecordsHtmlTest {
  /** Not public, as a record declared in a notebook cell is not. */
  record Trial(String lr, double accuracy, JobStatus status, String note, Duration took) {}

  record Other(String lr) {}

  @Test
  void givenRecordsOfOneType_whenRendered_thenOneColumnPerComponentOneRowPerRecord() {
    // given
    List<Trial> trials = List.of(new Trial("0.01", 0.911, JobStatus.SUCCEEDED, "<best>", Duration.ofSeconds(75)),
        new Trial("0.1", 0.719, JobStatus.FAILED, null, Duration.ofMillis(2100)));

    // when
    String html = RecordsHtml.table(trials).orElseThrow();

    // then
    assertThat(html).startsWith("<div class=\"aihc-records\"").contains("2 × Trial", "class=\"aihc-record-table\"")
        .contains(">lr</th>", ">accuracy</th>", ">status</th>", ">note</th>")
        .contains(">0.911<", ">0.719<", ">Succeeded<", ">Failed<", "&lt;best&gt;", "—", ">1m 15s<", ">2s<")
        .doesNotContain("<best>");
    assertThat(html.split("<tr>", -1)).hasSize(4); // header + 2 rows
    assertThat(html.indexOf(">0.01<")).isLessThan(html.indexOf(">0.1<"));
  }

  @Test
  void givenMixedOrNonRecordOrEmptyLists_whenRendered_thenNoTable() {
    assertThat(RecordsHtml.table(List.of(new Trial("0.1", 0.7, JobStatus.SUCCEEDED, "", Duration.ZERO), new Other("0.1")))).isEmpty();
    assertThat(RecordsHtml.table(List.of("a", "b"))).isEmpty();
    assertThat(RecordsHtml.table(List.of())).isEmpty();
  }
}
