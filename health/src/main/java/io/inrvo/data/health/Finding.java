package io.inrvo.data.health;

import java.util.Objects;

/**
 * One problem a check found.
 *
 * @param check the check's name, for example {@code auth_rls_initplan} or {@code
 *     unindexed_foreign_key} (security lints use the names of Supabase's splinter)
 * @param level how serious it is; lints carry splinter's level for the same lint
 * @param object the database object concerned, schema-qualified (for example {@code
 *     public.users} or {@code policy users_select_own on public.users})
 * @param detail what is wrong, in one sentence
 * @param fix how to fix it, usually as SQL
 */
public record Finding(String check, Level level, String object, String detail, String fix) {

  /** How serious a finding is, with the levels of Supabase's linter. */
  public enum Level {
    /** Fix it: data is exposed, or something is broken. */
    ERROR,
    /** Very likely a problem (security or performance); fix it or allow it with a reason. */
    WARN,
    /** Worth knowing; it does not fail a {@link HealthReport}. */
    INFO
  }

  /**
   * Validates that every component is present.
   *
   * @param check the check's name
   * @param level how serious it is
   * @param object the database object concerned, schema-qualified
   * @param detail what is wrong, in one sentence
   * @param fix how to fix it
   */
  public Finding {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(fix, "fix");
  }
}
