package io.inrvo.data.testing.server;

import java.time.Duration;

/**
 * Start-up times, written to the test output as figures (never asserted: the machine is shared
 * and noisy). {@code grep '\[timing\]' testing/target/surefire-reports/*-output.txt} collects them.
 */
final class Timings {

  private Timings() {}

  static void report(String what, Duration took) {
    System.out.printf("[timing] %s: %d ms%n", what, took.toMillis());
  }
}
