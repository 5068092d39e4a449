package dev.aihc.kernel.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.client.AihcClient;
import dev.aihc.client.RequestPreview;
import dev.aihc.dsl.Job;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

final class PreviewHtmlTest {
  private static final String SECRET = "SK-fake-0000000000000000000000000000";

  private static RequestPreview preview() {
    AihcClient client = AihcClient.builder().region("bj").pool("cce-1uji3ib5")
        .credentials("AK-fake-0000000000000000000000000000", SECRET)
        .clock(Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC)).build();
    Job job = Job.named("bert-sft").queue("default").image("registry.baidubce.com/x/p:1")
        .imageAuth("robot", "registry-P@ss").replicas(2).command("echo <hi> & bye");
    return client.preview(job);
  }

  @Test
  void givenSignedPreview_whenRendered_thenRequestLineHeadersAndBodyShowWithSecretsMasked() {
    // given
    RequestPreview preview = preview();

    // when
    String html = PreviewHtml.render(preview);

    // then
    assertThat(html).contains(">POST</span> https://aihc.bj.baidubce.com/?action=CreateJob&amp;resourcePoolId=cce-1uji3ib5")
        .contains(">Host</span>: aihc.bj.baidubce.com", ">x-bce-date</span>: 2026-01-02T03:04:05Z",
            ">Authorization</span>: bce-auth-v1/AK-fake-0000000000000000000000000000/2026-01-02T03:04:05Z/1800/")
        .contains(">****</span>")
        .doesNotContain(SECRET, "registry-P@ss");
    String signature = preview.toRunnableCurl().replaceAll("(?s).*Authorization: [^']*/([0-9a-f]{64})'.*", "$1");
    assertThat(signature).hasSize(64);
    assertThat(html).doesNotContain(signature);
  }

  @Test
  void givenBody_whenHighlighted_thenKeysStringsAndNumbersAreColouredAndEscaped() {
    // when
    String html = JsonHighlighter.highlight("{\n  \"command\" : \"echo <hi> & \\\"x\\\"\",\n  \"replicas\" : 2,\n"
        + "  \"enableRDMA\" : true, \"n\": null\n}");

    // then
    assertThat(html).contains("<span style=\"color:#0550ae\">&quot;command&quot;</span>")
        .contains("<span style=\"color:#0a3069\">&quot;echo &lt;hi&gt; &amp; \\&quot;x\\&quot;&quot;</span>")
        .contains("<span style=\"color:#953800\">2</span>", "<span style=\"color:#cf222e\">true</span>",
            "<span style=\"color:#cf222e\">null</span>")
        .doesNotContain("<hi>");
  }
}
