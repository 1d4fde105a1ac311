package io.inrvo.data.health;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row and left-aligned columns separated by two spaces. */
final class TextTable {

  private static final int MAX_CELL = 48;

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  TextTable(String... headers) {
    this.columns = headers.length;
    rows.add(headers);
  }

  void row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] clipped = new String[columns];
    for (int i = 0; i < columns; i++) {
      String cell = cells[i] == null ? "" : cells[i];
      clipped[i] = cell.length() <= MAX_CELL ? cell : cell.substring(0, MAX_CELL - 3) + "...";
    }
    rows.add(clipped);
  }

  String render(String indent) {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
