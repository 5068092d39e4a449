package dev.aihc.kernel.html;

import static dev.aihc.kernel.html.Html.cell;
import static dev.aihc.kernel.html.Html.escape;

import dev.aihc.insight.Diagnosis;
import dev.aihc.wire.JobStatus;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A list of records of one type as a table, one column per component: what a notebook collects (a
 * sweep's results, say) shows as a table without any rendering code of its own.
 */
public final class RecordsHtml {
  private RecordsHtml() {}

  /**
   * The table of {@code rows}, or empty when they are not all records of one class or a component
   * cannot be read (a record in a module that does not open it): the list then keeps its plain text.
   */
  public static Optional<String> table(List<?> rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.isEmpty() || !(rows.get(0) instanceof Record first)) return Optional.empty();
    Class<?> type = first.getClass();
    if (rows.stream().anyMatch(r -> r == null || r.getClass() != type)) return Optional.empty();
    RecordComponent[] components = type.getRecordComponents();
    List<Method> accessors = new ArrayList<>();
    List<String> names = new ArrayList<>();
    try {
      for (RecordComponent c : components) {
        Method m = c.getAccessor();
        m.setAccessible(true); // records declared in JShell are not public
        accessors.add(m);
        names.add(c.getName());
      }
      StringBuilder s = new StringBuilder("<div class=\"aihc-records\" style=\"" + Html.CARD + "\">");
      s.append("<div style=\"font-weight:600;margin-bottom:2px\">").append(rows.size()).append(" × ")
          .append(escape(type.getSimpleName())).append("</div>");
      s.append("<table class=\"aihc-record-table\" style=\"").append(Html.TABLE).append("\">")
          .append(Html.headerRow(names.toArray(String[]::new)));
      for (Object row : rows) {
        s.append("<tr>");
        for (Method m : accessors) s.append(cell(value(m.invoke(row))));
        s.append("</tr>");
      }
      return Optional.of(s.append("</table></div>").toString());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String value(Object v) {
    if (v == null) return Html.muted("—");
    if (v instanceof Optional<?> o) return o.isEmpty() ? Html.muted("—") : value(o.get());
    if (v instanceof Diagnosis d) return escape(d.summary());
    if (v instanceof JobStatus status) return Html.statusBadge(status);
    if (v instanceof Duration d) return escape(LiveHtml.elapsed(d));
    if (v instanceof Number) return "<span style=\"font-variant-numeric:tabular-nums\">" + escape(v.toString()) + "</span>";
    return escape(v.toString());
  }
}
