package dev.aihc.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.view.Chart;
import dev.aihc.insight.Series;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Charts and series as a cell's value, through a real basekernel {@link Renderer}. */
final class ChartRenderingTest {

  @Test
  void aSeriesShownAsACellsValueIsItsChartAsInlineSvgWithALinePerReplica() {
    Renderer renderer = new Renderer();
    IJavaSupport.register(renderer);
    Map<String, List<String>> logs = new LinkedHashMap<>();
    logs.put("master-0", List.of("rank 0 epoch 1/2 loss 0.41", "rank 0 epoch 2/2 loss 0.22"));
    logs.put("worker-0", List.of("rank 1 epoch 1/2 loss 0.44", "rank 1 epoch 2/2 loss 0.23"));
    Series loss = Series.of("loss", logs);

    DisplayData data = renderer.render(loss);

    String html = (String) data.getData(MIMEType.TEXT_HTML);
    assertThat(html).startsWith("<div class=\"tex2jax_ignore mathjax_ignore\"><div class=\"aihc-chart\"><svg ")
        .doesNotContain("<?xml", "<!DOCTYPE");
    assertThat(html.split("class='aihc-line'", -1)).hasSize(3);
    assertThat(html).contains("data-line='master-0'", "data-line='worker-0'", ">epoch</text>");
    assertThat(data.getData(MIMEType.TEXT_PLAIN)).isEqualTo(loss.toString());
  }

  @Test
  void aChartShownAsACellsValueIsItsSvgAndAnEmptySeriesSaysWhy() {
    Renderer renderer = new Renderer();
    IJavaSupport.register(renderer);
    Chart chart = Chart.lines("cpu", "seconds", "cores", List.of(
        new Chart.Line("master-0", List.of(new Chart.Point(0, 1), new Chart.Point(1, 2)))));

    assertThat((String) renderer.render(chart).getData(MIMEType.TEXT_HTML))
        .contains("<div class=\"aihc-chart\"><svg ").contains("data-line='master-0'");
    assertThat((String) renderer.render(Series.of("loss", Map.of("master-0", List.of("no numbers"))))
        .getData(MIMEType.TEXT_HTML)).contains("loss: no values (no log line names it)");
  }

  @Test
  void aListOfChartsShowsEveryChartOneUnderAnother() {
    Renderer renderer = new Renderer();
    IJavaSupport.register(renderer);
    Chart.Line line = new Chart.Line("master-0", List.of(new Chart.Point(0, 1), new Chart.Point(1, 2)));
    List<Chart> charts = List.of(Chart.lines("CPU", "seconds", "CPU (cores)", List.of(line)),
        Chart.lines("memory", "seconds", "memory (MiB)", List.of(line)));

    String html = (String) renderer.render(charts).getData(MIMEType.TEXT_HTML);

    assertThat(html.split("<div class=\"aihc-chart\"><svg ", -1)).hasSize(3);
    assertThat(html).contains(">CPU (cores)</text>", ">memory (MiB)</text>");
  }
}
