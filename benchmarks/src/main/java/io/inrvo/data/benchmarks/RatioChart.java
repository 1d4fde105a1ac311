package io.inrvo.data.benchmarks;

import io.inrvo.data.benchmarks.BenchmarkReport.Result;
import io.inrvo.data.benchmarks.BenchmarkReport.Verdict;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the ratios (library p50 / floor p50) as horizontal bars on a log scale around 1, each with
 * its target as a tick and labelled with the row's id and what it measures, with Java2D: no
 * charting dependency for one picture.
 */
final class RatioChart {

  private static final int WIDTH = 1000;
  /** The label column's width in pixels. */
  static final int LABEL = 290;
  private static final int PLOT = 600;
  private static final int TOP = 78;
  private static final int ROW = 38;
  private static final int BOTTOM = 74;

  private static final Color PASS = new Color(0x2e7d32);
  private static final Color FAIL = new Color(0xc62828);
  private static final Color INFO = new Color(0x5c7fa8);
  private static final Color GRID = new Color(0xdddddd);

  private RatioChart() {}

  static void write(List<Result> rows, Path file) {
    BufferedImage image = draw(rows);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  static BufferedImage draw(List<Result> rows) {
    int height = TOP + ROW * Math.max(1, rows.size()) + BOTTOM;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      Scale scale = Scale.of(rows);

      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString("inrvo-data vs the raw-JDBC floor: library p50 / floor p50 (log scale)", 20, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString("left of 1 = faster than what it is compared with; black tick = the target", 20, 52);

      int plotBottom = TOP + ROW * rows.size();
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (double tick : scale.ticks()) {
        int x = scale.x(tick);
        g.setColor(GRID);
        g.drawLine(x, TOP - 6, x, plotBottom);
        g.setColor(Color.DARK_GRAY);
        String label = tickLabel(tick);
        g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, plotBottom + 18);
      }
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1.5f));
      g.drawLine(scale.x(1), TOP - 10, scale.x(1), plotBottom);

      for (int i = 0; i < rows.size(); i++) {
        drawRow(g, rows.get(i), scale, TOP + i * ROW);
      }
      legend(g, plotBottom + 44);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawRow(Graphics2D g, Result r, Scale scale, int top) {
    // Two lines: the row's id as in the table, and what it measures (italic beside the table).
    boolean extra = !BenchmarkReport.ROWS.contains(r.row());
    g.setFont(idFont(g, r.row().id()));
    g.setColor(Color.BLACK);
    g.drawString(r.row().id(), 16, top + 16);
    g.setFont(new Font(Font.SANS_SERIF, extra ? Font.ITALIC : Font.PLAIN, 12));
    g.setColor(Color.DARK_GRAY);
    g.drawString(fit(g.getFontMetrics(), r.row().label()), 16, top + 31);
    int mid = top + ROW / 2;

    Color color = switch (r.verdict()) {
      case PASS -> PASS;
      case FAIL -> FAIL;
      default -> INFO;
    };
    int x1 = scale.x(1);
    int x2 = scale.x(r.ratio());
    g.setColor(color);
    g.fillRect(Math.min(x1, x2), top + 7, Math.max(2, Math.abs(x2 - x1)), ROW - 14);

    BenchmarkReport.targetRatio(r.row()).ifPresent(target -> {
      int x = scale.x(target);
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(3f));
      g.drawLine(x, top + 2, x, top + ROW - 2);
      g.setStroke(new BasicStroke(1f));
    });

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
    String value = ratioLabel(r) + (r.verdict() == Verdict.PASS || r.verdict() == Verdict.FAIL
        ? "  " + r.verdict().name() : "");
    int w = g.getFontMetrics().stringWidth(value);
    int tx = x2 >= x1 ? x2 + 6 : x2 - w - 6;
    if (tx < LABEL) {
      tx = x1 + 6; // no room left of a long bar: write the value right of the 1x line
    }
    tx = Math.min(tx, WIDTH - w - 4);
    g.setColor(Color.BLACK);
    g.drawString(value, tx, mid + 5);
  }

  /**
   * The font a row's id is drawn in: bold monospace at 12 points, smaller for an id that would not
   * fit the label column otherwise, so that every id reads whole, as in the table and {@code --only}.
   */
  static Font idFont(Graphics2D g, String id) {
    Font font = new Font(Font.MONOSPACED, Font.BOLD, 12);
    while (font.getSize2D() > 6 && g.getFontMetrics(font).stringWidth(id) > LABEL - 30) {
      font = font.deriveFont(font.getSize2D() - 0.5f);
    }
    return font;
  }

  /** The text, cut to the label column's width. */
  private static String fit(FontMetrics fm, String text) {
    String fitted = text;
    while (fm.stringWidth(fitted) > LABEL - 30) {
      fitted = fitted.substring(0, fitted.length() - 1);
    }
    return fitted;
  }

  private static void legend(Graphics2D g, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int x = LABEL;
    Object[][] items = {{PASS, "target holds"}, {FAIL, "target missed"}, {INFO, "no target (report, beside the table)"}};
    for (Object[] item : items) {
      g.setColor((Color) item[0]);
      g.fillRect(x, y - 10, 14, 12);
      g.setColor(Color.BLACK);
      g.drawString((String) item[1], x + 20, y);
      x += 40 + g.getFontMetrics().stringWidth((String) item[1]);
    }
    g.setStroke(new BasicStroke(3f));
    g.drawLine(x + 6, y - 12, x + 6, y + 2);
    g.setStroke(new BasicStroke(1f));
    g.drawString("target", x + 14, y);
  }

  private static String ratioLabel(Result r) {
    String ratio = BenchmarkReport.shownRatio(r);
    return r.ratio() < 0.1 ? String.format(Locale.ROOT, "%s (%.0fx faster)", ratio, 1 / r.ratio()) : ratio;
  }

  private static String tickLabel(double tick) {
    if (tick >= 1) {
      return String.format(Locale.ROOT, "%.0fx", tick);
    }
    return new java.math.BigDecimal(tick).round(new java.math.MathContext(1)).stripTrailingZeros().toPlainString() + "x";
  }

  /** A log10 axis from a power of ten below the smallest value to one above the largest. */
  private record Scale(double lo, double hi) {

    static Scale of(List<Result> rows) {
      double min = 0.5;
      double max = 2;
      for (Result r : rows) {
        min = Math.min(min, r.ratio());
        max = Math.max(max, r.ratio());
        double target = BenchmarkReport.targetRatio(r.row()).orElse(1.0);
        min = Math.min(min, target);
        max = Math.max(max, target);
      }
      return new Scale(Math.floor(Math.log10(min)), Math.ceil(Math.log10(max)));
    }

    int x(double ratio) {
      double v = (Math.log10(Math.max(ratio, 1e-9)) - lo) / (hi - lo);
      return LABEL + (int) Math.round(Math.max(0, Math.min(1, v)) * PLOT);
    }

    /** Powers of ten, and 2x and 5x between them while the axis spans few decades. */
    List<Double> ticks() {
      List<Double> ticks = new java.util.ArrayList<>();
      for (int e = (int) lo; e <= (int) hi; e++) {
        ticks.add(Math.pow(10, e));
        if (e < (int) hi && hi - lo <= 4) {
          ticks.add(2 * Math.pow(10, e));
          ticks.add(5 * Math.pow(10, e));
        }
      }
      return ticks;
    }
  }
}
