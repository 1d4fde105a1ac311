package io.inrvo.data.health;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The cumulative statement statistics of one database at one moment; compare a later state with
 * it through {@link DatabaseHealth#since(StatementSnapshot)}.
 *
 * @param takenAt when the snapshot was taken
 * @param database the database it belongs to
 * @param statements cumulative statistics per {@code queryid}
 */
public record StatementSnapshot(Instant takenAt, String database, Map<Long, QueryStats> statements) {

  /**
   * Copies the map.
   *
   * @param takenAt when the snapshot was taken
   * @param database the database it belongs to
   * @param statements cumulative statistics per {@code queryid}; copied
   */
  public StatementSnapshot {
    statements = Map.copyOf(statements);
  }

  /**
   * The statistics of one statement at the time of the snapshot.
   *
   * @param queryId the statement's {@code queryid}
   * @return its statistics; empty when it had not run
   */
  public Optional<QueryStats> statement(long queryId) {
    return Optional.ofNullable(statements.get(queryId));
  }
}
