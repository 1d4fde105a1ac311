package io.inrvo.data.benchmarks;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * How the report prints a figure beside the target its verdict compares it with: to its usual
 * decimals, or to as many more as it takes for a figure that differs from its target not to print
 * as the target, so that a verdict never reads "1.15x > 1.15x" or "10x faster" for a 9.6x FAIL.
 * Two decimals more at most; there a figure still equal in print is rounded away from its target
 * ({@code 1.1501x}, not {@code 1.1500x}).
 */
final class Ratios {

  /** Decimals added at most to a figure's usual ones. */
  private static final int MORE_DECIMALS = 2;

  private Ratios() {}

  /**
   * {@code ratio} followed by {@code x}: two decimals, three below 0.1, more when needed; e.g.
   * {@code 1.154x} beside a target of {@code 1.15}.
   *
   * @param target the limit the ratio's verdict compares it with
   */
  static String beside(double ratio, double target) {
    return number(ratio, target, Math.abs(ratio) < 0.1 ? 3 : 2) + "x";
  }

  /**
   * {@code value} with {@code fewest} decimals, or more, up to {@link #MORE_DECIMALS} more, until
   * it does not print as {@code target}; still equal there, rounded away from {@code target}.
   */
  static String number(double value, double target, int fewest) {
    int decimals = fewest;
    while (decimals < fewest + MORE_DECIMALS && looksLike(value, target, decimals)) {
      decimals++;
    }
    if (looksLike(value, target, decimals)) {
      return BigDecimal.valueOf(value)
          .setScale(decimals, value > target ? RoundingMode.CEILING : RoundingMode.FLOOR)
          .toPlainString();
    }
    return fixed(value, decimals);
  }

  private static boolean looksLike(double value, double target, int decimals) {
    return value != target && fixed(value, decimals).equals(fixed(target, decimals));
  }

  private static String fixed(double value, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }
}
