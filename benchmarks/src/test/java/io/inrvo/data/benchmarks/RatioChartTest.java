package io.inrvo.data.benchmarks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** The chart names every row by its whole id, as the table and {@code --only} do. */
class RatioChartTest {

  @Test
  void everyRowIdFitsTheLabelColumnWhole() {
    System.setProperty("java.awt.headless", "true");
    Graphics2D g = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();
    try {
      for (String id : BenchmarkReport.ids()) {
        Font font = RatioChart.idFont(g, id);
        int width = g.getFontMetrics(font).stringWidth(id);
        assertTrue(width <= RatioChart.LABEL - 30,
            id + " is " + width + " pixels wide at " + font.getSize2D() + " points");
      }
    } finally {
      g.dispose();
    }
  }
}
