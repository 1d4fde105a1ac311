package io.inrvo.data.benchmarks;

import java.util.Locale;

/**
 * How the report prints a ratio beside its target: to two decimals, or to as many more as it
 * takes (up to four) for a ratio that differs from its target not to print as the target, so that
 * a verdict never reads "1.15x > 1.15x".
 */
final class Ratios {

  private static final int MOST_DECIMALS = 4;

  private Ratios() {}

  /**
   * {@code ratio} followed by {@code x}, e.g. {@code 1.154x} beside a target of {@code 1.15}.
   *
   * @param target the limit the ratio's verdict compares it with
   */
  static String beside(double ratio, double target) {
    int decimals = 2;
    while (decimals < MOST_DECIMALS && ratio != target && fixed(ratio, decimals).equals(fixed(target, decimals))) {
      decimals++;
    }
    return fixed(ratio, decimals) + "x";
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
