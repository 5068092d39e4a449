package dev.aihc.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aihc.view.Chart;
import dev.aihc.insight.Series;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Charts drawn through {@code Chart.toSvg()}, found on the class path as a user's code finds it. */
final class SvgChartRendererTest {

  @Test
  void aSeriesOfTwoReplicasIsAnSvgDocumentWithOneNamedLineGroupPerReplica() throws Exception {
    Series loss = Series.of("loss", Map.of(
        "master-0", List.of("rank 0 epoch 1/3 loss 0.4131", "rank 0 epoch 2/3 loss 0.2210", "rank 0 epoch 3/3 loss 0.1022"),
        "worker-0", List.of("rank 1 epoch 1/3 loss 0.4420", "rank 1 epoch 2/3 loss 0.2305", "rank 1 epoch 3/3 loss 0.1100")));

    String svg = loss.chart().toSvg();
    Document doc = parse(svg);

    assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
    assertThat(Double.parseDouble(doc.getDocumentElement().getAttribute("width"))).isEqualTo(720);
    List<Element> lines = lineGroups(doc);
    assertThat(lines).extracting(g -> g.getAttribute("data-line")).containsExactlyInAnyOrder("master-0", "worker-0");
    assertThat(lines).extracting(g -> g.getAttribute("id")).containsExactlyInAnyOrder("aihc-line-0", "aihc-line-1");
    for (Element g : lines) {
      // each group holds its line's path: one move and a segment to each further point
      Element path = (Element) g.getElementsByTagName("path").item(0);
      assertThat(vertices(path.getAttribute("d"))).as(g.getAttribute("data-line")).isEqualTo(3);
    }
    assertThat(texts(doc)).contains("loss", "epoch", "master-0", "worker-0");
    assertThat(Chart.lines("t", "step", "loss (nats)", loss.chart().lines()).toSvg()).as("the rotated y label as text")
        .contains(">loss (nats)</text>");
  }

  @Test
  void pointsGoUpWithTheirValues() throws Exception {
    Chart rising = Chart.lines("accuracy", "LR", "accuracy", List.of(new Chart.Line("accuracy",
        List.of(new Chart.Point(1, 0.1), new Chart.Point(2, 0.5), new Chart.Point(3, 0.9)))));

    Element path = (Element) lineGroups(parse(rising.toSvg())).get(0).getElementsByTagName("path").item(0);
    List<double[]> xy = coordinates(path.getAttribute("d"));

    // SVG's y grows downwards: a rising line has falling y and growing x
    assertThat(xy).hasSize(3);
    assertThat(xy.get(0)[0]).isLessThan(xy.get(1)[0]);
    assertThat(xy.get(1)[0]).isLessThan(xy.get(2)[0]);
    assertThat(xy.get(0)[1]).isGreaterThan(xy.get(1)[1]);
    assertThat(xy.get(1)[1]).isGreaterThan(xy.get(2)[1]);
  }

  @Test
  void aLogarithmicAxisSpacesDecadesEvenly() throws Exception {
    Chart sweep = Chart.lines("accuracy by LR", "LR", "accuracy", List.of(new Chart.Line("accuracy",
        List.of(new Chart.Point(0.0001, 0.5), new Chart.Point(0.001, 0.9), new Chart.Point(0.01, 0.6),
            new Chart.Point(0.1, 0.2))))).withLogX();

    Element path = (Element) lineGroups(parse(sweep.toSvg(600, 300))).get(0).getElementsByTagName("path").item(0);
    List<double[]> xy = coordinates(path.getAttribute("d"));

    double step = xy.get(1)[0] - xy.get(0)[0];
    assertThat(step).isPositive();
    assertThat(xy.get(2)[0] - xy.get(1)[0]).isCloseTo(step, org.assertj.core.data.Offset.offset(0.5));
    assertThat(xy.get(3)[0] - xy.get(2)[0]).isCloseTo(step, org.assertj.core.data.Offset.offset(0.5));
  }

  @Test
  void linesThatShareANameAreStillOneGroupEach() throws Exception {
    Chart.Line a = new Chart.Line("run", List.of(new Chart.Point(1, 1), new Chart.Point(2, 2)));
    Chart.Line b = new Chart.Line("run", List.of(new Chart.Point(1, 2), new Chart.Point(2, 1)));

    assertThat(lineGroups(parse(Chart.lines("t", "x", "y", List.of(a, b)).toSvg()))).hasSize(2);
  }

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    // the document names the SVG 1.0 DTD: never fetch it
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
  }

  private static List<Element> lineGroups(Document doc) {
    List<Element> out = new ArrayList<>();
    NodeList groups = doc.getElementsByTagName("g");
    for (int i = 0; i < groups.getLength(); i++) {
      Element g = (Element) groups.item(i);
      if (g.getAttribute("class").equals("aihc-line")) out.add(g);
    }
    return out;
  }

  private static List<String> texts(Document doc) {
    List<String> out = new ArrayList<>();
    NodeList texts = doc.getElementsByTagName("text");
    for (int i = 0; i < texts.getLength(); i++) out.add(texts.item(i).getTextContent().strip());
    return out;
  }

  private static int vertices(String d) {
    return coordinates(d).size();
  }

  private static List<double[]> coordinates(String d) {
    Matcher m = Pattern.compile("[ML]\\s*(-?[\\d.]+)[ ,](-?[\\d.]+)").matcher(d);
    List<double[]> out = new ArrayList<>();
    while (m.find()) out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
    return out;
  }
}
