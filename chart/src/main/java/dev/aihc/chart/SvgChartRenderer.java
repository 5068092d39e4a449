package dev.aihc.chart;

import dev.aihc.view.Chart;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.text.TextUtils;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * Draws a {@link Chart} with JFreeChart onto JFreeSVG's {@link SVGGraphics2D}. Found by
 * {@code Chart.toSvg()} through {@link java.util.ServiceLoader}.
 *
 * <p>Each line's path is wrapped in the group {@link Chart} documents
 * ({@code <g class="aihc-line" data-line="NAME" id="aihc-line-N">}), through JFreeSVG's group hints.
 */
public final class SvgChartRenderer implements Chart.Renderer {
  /** Markers on the points while a line has at most this many; past it they hide the line. */
  private static final int MARKERS_UP_TO = 40;
  private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

  static {
    // The y axis label is rotated text: without this JFreeChart draws it through TextLayout, which JFreeSVG
    // can only write as glyph outlines; as a <text> element it can be read, searched and selected. The
    // workaround is for a JDK 1.3 bug (JDC 4312117).
    TextUtils.setUseDrawRotatedStringWorkaround(false);
  }

  /** For {@link java.util.ServiceLoader}. */
  public SvgChartRenderer() {}

  @Override
  public String svg(Chart chart, int width, int height) {
    JFreeChart drawn = new JFreeChart(chart.title(), TITLE, plot(chart), chart.lines().size() > 1);
    drawn.setBackgroundPaint(Color.WHITE);
    drawn.setTitle(new TextTitle(chart.title(), TITLE));
    SVGGraphics2D g2 = new SVGGraphics2D(width, height);
    drawn.draw(g2, new Rectangle(0, 0, width, height));
    return g2.getSVGDocument();
  }

  private static XYPlot plot(Chart chart) {
    XYSeriesCollection data = new XYSeriesCollection();
    int most = 0;
    for (int i = 0; i < chart.lines().size(); i++) {
      Chart.Line line = chart.lines().get(i);
      // keyed by index: two lines may share a name; drawn in the order given, repeats kept
      XYSeries series = new XYSeries(new LineKey(i, line.name()), false, true);
      for (Chart.Point p : line.points()) series.add(p.x(), p.y());
      data.addSeries(series);
      most = Math.max(most, line.points().size());
    }
    NumberAxis y = new NumberAxis(chart.yLabel());
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(data, xAxis(chart), y, new GroupedLines(chart, most <= MARKERS_UP_TO));
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    plot.setRangeGridlinePaint(new Color(0xdd, 0xdd, 0xdd));
    return plot;
  }

  private static org.jfree.chart.axis.ValueAxis xAxis(Chart chart) {
    if (chart.logX()) {
      LogAxis log = new LogAxis(chart.xLabel());
      log.setBase(10);
      log.setSmallestValue(1e-12);
      log.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // a tick per decade, not 10^-3.8
      return log;
    }
    NumberAxis x = new NumberAxis(chart.xLabel());
    x.setAutoRangeIncludesZero(false);
    boolean counts = chart.lines().stream().flatMap(l -> l.points().stream()).allMatch(p -> p.x() == Math.rint(p.x()));
    if (counts) x.setStandardTickUnits(NumberAxis.createIntegerTickUnits()); // epochs and steps: no 1.2, 1.4 ticks
    return x;
  }

  /** A series key: its index (unique, for the SVG id) and its name (for the legend). */
  private record LineKey(int index, String name) implements Comparable<LineKey> {
    @Override
    public int compareTo(LineKey o) {
      return Integer.compare(index, o.index);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** Lines drawn as one path per series, each path inside a group naming its line. */
  private static final class GroupedLines extends XYLineAndShapeRenderer {
    private final transient Chart chart;

    GroupedLines(Chart chart, boolean markers) {
      super(true, markers);
      this.chart = chart;
      setDrawSeriesLineAsPath(true);
      setAutoPopulateSeriesStroke(false);
      setDefaultStroke(new BasicStroke(2f));
    }

    @Override
    protected void drawFirstPassShape(Graphics2D g2, int pass, int series, int item, Shape shape) {
      Map<String, String> group = new LinkedHashMap<>();
      group.put("id", "aihc-line-" + series);
      group.put("class", "aihc-line");
      group.put("data-line", chart.lines().get(series).name());
      g2.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, group);
      super.drawFirstPassShape(g2, pass, series, item, shape);
      g2.setRenderingHint(SVGHints.KEY_END_GROUP, Boolean.TRUE);
    }
  }
}
