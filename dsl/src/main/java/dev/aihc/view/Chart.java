package dev.aihc.view;

import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * A line chart as a value: its title, axis labels and named lines, drawn as SVG by {@link #toSvg()}.
 * {@code Series.chart()}, {@code Run.metrics(Duration)}, {@code Comparison.chart(String)} and
 * {@code SweepResult.chart()} make them; in a
 * notebook a chart shown as a cell's value is drawn as its SVG.
 *
 * <p>Drawing needs the artifact {@code dev.aihc:aihc-chart} on the class path ({@code ./aihc shell},
 * {@code ./aihc run} and the Jupyter kernel have it); it finds it with {@link ServiceLoader}, so this
 * library keeps no charting dependency of its own.
 *
 * <p>In the SVG every line's path is inside a group {@code g} of its own with the class {@code aihc-line},
 * the attribute {@code data-line} holding the line's name and the id {@code aihc-line-N} ({@code N} its
 * index in {@link #lines()}, from 0): a page or a test finds the line of replica {@code worker-0} with the
 * CSS selector {@code g.aihc-line[data-line="worker-0"]} and counts lines with {@code g.aihc-line}.
 *
 * @param title the title, such as {@code loss}
 * @param xLabel what runs across, such as {@code step}
 * @param yLabel what runs up, such as {@code loss}
 * @param lines the lines, in legend order
 * @param logX whether the x axis is logarithmic (a learning-rate sweep)
 */
public record Chart(String title, String xLabel, String yLabel, List<Line> lines, boolean logX) {
  /** The artifact that draws charts, as Maven coordinates; named by the error when it is missing. */
  public static final String RENDERER_ARTIFACT = "dev.aihc:aihc-chart";

  /** Checks the labels and copies the lines. */
  public Chart {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(xLabel, "xLabel");
    Objects.requireNonNull(yLabel, "yLabel");
    lines = List.copyOf(lines);
  }

  /** A chart of {@code lines} on linear axes. */
  public static Chart lines(String title, String xLabel, String yLabel, List<Line> lines) {
    return new Chart(title, xLabel, yLabel, lines, false);
  }

  /** This chart with a logarithmic x axis; {@code this} when it has one. */
  public Chart withLogX() {
    return logX ? this : new Chart(title, xLabel, yLabel, lines, true);
  }

  /**
   * One named line.
   *
   * @param name its name in the legend and in the SVG ({@code data-line})
   * @param points its points, drawn in this order
   */
  public record Line(String name, List<Point> points) {
    /** Checks the name and copies the points. */
    public Line {
      Objects.requireNonNull(name, "name");
      points = List.copyOf(points);
    }
  }

  /** One point of a line. */
  public record Point(double x, double y) {}

  /** The chart as a standalone SVG document, 720 by 400. */
  public String toSvg() {
    return toSvg(720, 400);
  }

  /**
   * The chart as a standalone SVG document of the given size in pixels.
   *
   * @throws IllegalStateException naming the artifact to add, when {@code aihc-chart} is not on the class path
   */
  public String toSvg(int width, int height) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException("chart size must be at least 1x1 but was " + width + "x" + height);
    }
    return requireRenderer().svg(this, width, height);
  }

  /** {@code Chart[loss: step vs loss, 2 lines: master-0 (5 points), worker-0 (5 points)]}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("Chart[").append(title).append(": ").append(xLabel).append(" vs ")
        .append(yLabel).append(", ").append(lines.size()).append(lines.size() == 1 ? " line" : " lines");
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      s.append(i == 0 ? ": " : ", ").append(l.name()).append(" (").append(l.points().size())
          .append(l.points().size() == 1 ? " point)" : " points)");
    }
    return s.append(']').toString();
  }

  /**
   * Draws charts: implemented by {@code aihc-chart} and found with {@link ServiceLoader}; not meant to be
   * called directly.
   */
  public interface Renderer {
    /** {@code chart} as a standalone SVG document of {@code width} by {@code height} pixels. */
    String svg(Chart chart, int width, int height);
  }

  /**
   * The renderer on the class path.
   *
   * @throws IllegalStateException naming the artifact to add when there is none
   */
  public static Renderer requireRenderer() {
    Renderer found = find(Chart.class.getClassLoader());
    if (found == null && Thread.currentThread().getContextClassLoader() != null) {
      found = find(Thread.currentThread().getContextClassLoader());
    }
    if (found == null) {
      throw new IllegalStateException("drawing a chart needs " + RENDERER_ARTIFACT + " on the class path: "
          + "add the dependency " + RENDERER_ARTIFACT + ":" + version() + " (./aihc shell, ./aihc run and the "
          + "Jupyter kernel of ./aihc kernel install have it)");
    }
    return found;
  }

  private static Renderer find(ClassLoader loader) {
    return ServiceLoader.load(Renderer.class, loader).findFirst().orElse(null);
  }

  private static String version() {
    String v = Chart.class.getPackage().getImplementationVersion();
    return v == null ? "0.1.0-SNAPSHOT" : v;
  }
}
