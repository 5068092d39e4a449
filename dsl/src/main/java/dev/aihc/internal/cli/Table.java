package dev.aihc.internal.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain text table: columns padded to their widest cell, the last one left ragged. */
final class Table {
  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(Object... cells) {
    String[] r = new String[cells.length];
    for (int i = 0; i < cells.length; i++) r[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
    rows.add(r);
    return this;
  }

  int size() {
    return rows.size() - 1;
  }

  @Override
  public String toString() {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) width[i] = Math.max(width[i], r[i].length());
    }
    StringBuilder s = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        line.append(r[i]);
        if (i < cols - 1) line.append(" ".repeat(width[i] - r[i].length() + 2));
      }
      s.append(line.toString().stripTrailing()).append('\n');
    }
    return s.toString();
  }
}
