package io.inrvo.data.health;

import java.util.Objects;

/**
 * A lint finding that a {@link LintAllowance} covers: reported with its reason, not a failure.
 *
 * @param finding what the lint found
 * @param reason why it is intended
 */
public record AllowedFinding(Finding finding, String reason) {

  /**
   * Validates that both components are present.
   *
   * @param finding what the lint found
   * @param reason why it is intended
   */
  public AllowedFinding {
    Objects.requireNonNull(finding, "finding");
    Objects.requireNonNull(reason, "reason");
  }
}
