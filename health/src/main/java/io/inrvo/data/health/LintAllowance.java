package io.inrvo.data.health;

import io.inrvo.data.InvalidInputException;

/**
 * A lint finding that is intended, with the reason: {@link DatabaseHealth} reports it among the
 * allowed findings, with the reason, instead of failing.
 *
 * @param check the lint's name, for example {@code authenticated_security_definer_function_executable}
 * @param object the finding's object exactly as the lint reports it, for example {@code
 *     public.get_admin_analytics()}
 * @param reason why the finding is intended, for the reader of the report
 */
public record LintAllowance(String check, String object, String reason) {

  /**
   * Validates that every component is present and not blank.
   *
   * @param check the lint's name
   * @param object the finding's object exactly as the lint reports it
   * @param reason why the finding is intended
   *
   * @throws InvalidInputException when one is missing or blank
   */
  public LintAllowance {
    require(check, "check");
    require(object, "object");
    require(reason, "reason");
  }

  /**
   * Whether this allowance covers a finding.
   *
   * @param finding a lint finding
   * @return whether its lint and object are this allowance's
   */
  public boolean covers(Finding finding) {
    return finding.check().equals(check) && finding.object().equals(object);
  }

  private static void require(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "must be present and not blank");
    }
  }
}
