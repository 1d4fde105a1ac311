package io.inrvo.data.internal;

import io.inrvo.data.DatabaseErrors;
import io.inrvo.data.Readiness;
import io.inrvo.data.Readiness.Check;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.model.ModelInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The readiness of a plain instance: one query, with a short timeout and no side effects, reads
 * the schema version ({@link SchemaVersionQuery}: the library's migration history, or on a database
 * that has none, the Supabase CLI's record of the library's exported files). That it answers shows
 * the database reachable; what it answers is compared with the version the library was built on
 * ({@link ModelInfo#SCHEMA_VERSION}, written by the model generator from the last migration).
 * Borrowing the connection waits at most the pool's own connection timeout; the
 * query runs unnamed ({@link Connections}), so repeated probes behind a transaction pooler never
 * depend on a named statement of another server connection.
 */
public final class ReadinessProbe {

  /** How long the query may run. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final String VERSION = Operation.comment("ready") + SchemaVersionQuery.SELECT;

  private ReadinessProbe() {}

  /** Checks the database and its schema version through {@code dataSource}. */
  public static Readiness check(DataSource dataSource) {
    SchemaVersionQuery.Found version;
    try {
      version = schemaVersion(dataSource);
    } catch (SQLException | RuntimeException e) {
      RuntimeException failure = DatabaseErrors.translate(e);
      return Readiness.of(List.of(new Check(Readiness.DATABASE, false, failure.getMessage()),
          new Check(Readiness.SCHEMA, false, "not checked: the database did not answer")));
    }
    return Readiness.of(List.of(new Check(Readiness.DATABASE, true, "answered"), schema(version)));
  }

  /**
   * {@code readiness} with a {@value Readiness#READ_REPLICAS} check when there are replicas: ok
   * (reads fail over to the primary), saying how many of them are in rotation and each one's
   * state and lag; unchanged without replicas.
   */
  public static Readiness withReplicas(Readiness readiness, List<ReplicaStatus> replicas) {
    if (replicas.isEmpty()) {
      return readiness;
    }
    long inRotation = replicas.stream().filter(ReplicaStatus::inRotation).count();
    StringBuilder detail = new StringBuilder().append(inRotation).append(" of ").append(replicas.size())
        .append(" replicas in rotation").append(inRotation == 0 ? " (reads go to the primary)" : "").append(':');
    for (ReplicaStatus replica : replicas) {
      detail.append(' ').append(replica.name()).append(' ').append(replica.state())
          .append(" lag ").append(replica.lag().toMillis()).append(" ms;");
    }
    detail.setLength(detail.length() - 1);
    return readiness.with(new Check(Readiness.READ_REPLICAS, true, detail.toString()));
  }

  /** The version the database is at and where it was read (one row, always). */
  static SchemaVersionQuery.Found schemaVersion(DataSource dataSource) throws SQLException {
    Connections.Borrowed borrowed = Connections.borrow(dataSource); // unnamed, as behind a transaction pooler
    try (PreparedStatement ps = borrowed.connection().prepareStatement(VERSION)) {
      ps.setQueryTimeout((int) TIMEOUT.toSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new SchemaVersionQuery.Found(rs.getString("library"), rs.getString("cli"), rs.getString("version"));
      }
    } finally {
      borrowed.giveBack();
    }
  }

  private static Check schema(SchemaVersionQuery.Found found) {
    String expected = ModelInfo.SCHEMA_VERSION;
    String version = found.version();
    if (SchemaVersionQuery.UNREADABLE.equals(found.library())) {
      return new Check(Readiness.SCHEMA, false, "not checked: the login may not read " + SchemaVersionQuery.HISTORY
          + "; grant select on it to the login");
    }
    if (version == null) {
      return new Check(Readiness.SCHEMA, false, "not migrated: " + found.whyNone() + "; run InrvoSchema.migrate"
          + " (this library expects version " + expected + ")");
    }
    int order = found.compareTo(expected);
    if (order < 0) {
      return new Check(Readiness.SCHEMA, false, "version " + version + found.source() + ", older than the " + expected
          + " this library expects: run InrvoSchema.migrate");
    }
    return new Check(Readiness.SCHEMA, true, (order == 0 ? "version " + expected
        : "version " + version + ", newer than the " + expected + " this library expects (a newer release migrated it)")
        + found.source());
  }
}
