package dev.aihc.view;

import java.util.List;
import java.util.Objects;

/**
 * Rows of text under named columns: what a {@code Comparison} or a {@code SweepResult} shows. Printed, it
 * is a text table with aligned columns; in a notebook, an HTML table.
 *
 * @param columns the column names
 * @param rows the rows, each with one cell per column ({@code ""} for none)
 */
public record Table(List<String> columns, List<List<String>> rows) {
  /** Copies the lists and checks that every row has a cell per column. */
  public Table {
    columns = List.copyOf(columns);
    rows = rows.stream().map(r -> List.copyOf(r.stream().map(c -> c == null ? "" : c).toList())).toList();
    for (List<String> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException("a row has " + row.size() + " cells for " + columns.size() + " columns: " + row);
      }
    }
  }

  /** The cell of {@code column} in row {@code row} (from 0). */
  public String cell(int row, String column) {
    int c = columns.indexOf(column);
    if (c < 0) throw new IllegalArgumentException("no column " + column + "; the columns are " + columns);
    return rows.get(row).get(c);
  }

  /** The column's cells, top to bottom. */
  public List<String> column(String column) {
    Objects.requireNonNull(column, "column");
    int c = columns.indexOf(column);
    if (c < 0) throw new IllegalArgumentException("no column " + column + "; the columns are " + columns);
    return rows.stream().map(r -> r.get(c)).toList();
  }

  /** The header, a rule and the rows, columns padded to their widest cell. */
  @Override
  public String toString() {
    int[] width = new int[columns.size()];
    for (int c = 0; c < width.length; c++) {
      width[c] = columns.get(c).length();
      for (List<String> row : rows) width[c] = Math.max(width[c], row.get(c).length());
    }
    StringBuilder s = new StringBuilder();
    line(s, columns, width);
    for (int c = 0; c < width.length; c++) s.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
    s.append('\n');
    for (List<String> row : rows) line(s, row, width);
    return s.toString().stripTrailing();
  }

  private static void line(StringBuilder s, List<String> cells, int[] width) {
    StringBuilder l = new StringBuilder();
    for (int c = 0; c < width.length; c++) {
      l.append(c == 0 ? "" : "  ").append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length()));
    }
    s.append(l.toString().stripTrailing()).append('\n');
  }
}
