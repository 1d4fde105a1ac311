package io.inrvo.data.cache;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A committed change to a cached table, as announced by the schema's change-notification triggers.
 *
 * @param table the table's name in schema {@code public}, such as {@code meditation_history}
 * @param userId the user whose rows changed (the row's {@code user_id}, or {@code id} for {@code
 *     users}); empty when the change cannot be attributed to one user, which means: flush
 *     everything cached from this table
 * @param operation what happened to the rows
 */
public record TableChange(String table, Optional<UUID> userId, Operation operation) {

  private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** What happened to the rows. */
  public enum Operation {
    /** Rows were inserted ({@code "op":"I"}). */
    INSERT,
    /** Rows were updated ({@code "op":"U"}). */
    UPDATE,
    /** Rows were deleted ({@code "op":"D"}). */
    DELETE,
    /** Some change whose rows are not known ({@code "op":"*"}): a statement-level notification or TRUNCATE. */
    ANY
  }

  /**
   * Checks the components.
   *
    * @param table the table, a lowercase SQL identifier
    * @param userId the user whose rows changed; empty for the whole table
    * @param operation what happened to the rows
   * @throws IllegalArgumentException when the table is not a lowercase SQL identifier
    */
  public TableChange {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(operation, "operation");
    if (!TABLE.matcher(table).matches()) {
      throw new IllegalArgumentException("table must match " + TABLE + ", got \"" + table + "\"");
    }
  }

  /**
   * A change to one user's rows.
   *
   * @param table the table
   * @param userId the user whose rows changed
   * @param operation what happened to the rows
   * @return the change
   */
  public static TableChange ofUser(String table, UUID userId, Operation operation) {
    return new TableChange(table, Optional.of(Objects.requireNonNull(userId, "userId")), operation);
  }

  /**
   * A change that flushes everything cached from {@code table}.
   *
   * @param table the table
   * @return a change of unknown rows ({@link Operation#ANY})
   */
  public static TableChange wholeTable(String table) {
    return new TableChange(table, Optional.empty(), Operation.ANY);
  }

  /**
   * Whether everything cached from the table must go (no user named).
   *
   * @return whether {@link #userId()} is empty
   */
  public boolean isWholeTable() {
    return userId.isEmpty();
  }
}
