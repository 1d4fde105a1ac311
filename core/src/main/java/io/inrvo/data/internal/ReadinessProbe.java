package io.inrvo.data.internal;

import io.inrvo.data.DatabaseErrors;
import io.inrvo.data.InrvoException;
import io.inrvo.data.Readiness;
import io.inrvo.data.Readiness.Check;
import io.inrvo.data.ReplicaStatus;
import io.inrvo.data.model.ModelInfo;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The readiness of a plain instance: one query, with a short timeout and no side effects, reads
 * the schema version from the library's migration history ({@code inrvo_meta.inrvo_schema_history}).
 * That it answers shows the database reachable; what it answers is compared with the version the
 * library was built on ({@link ModelInfo#SCHEMA_VERSION}, written by the model generator from the
 * last migration). Borrowing the connection waits at most the pool's own connection timeout; the
 * query runs unnamed ({@link Connections}), so repeated probes behind a transaction pooler never
 * depend on a named statement of another server connection.
 */
public final class ReadinessProbe {

  /** How long the query may run. */
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static final String VERSION = Operation.comment("ready")
      + "select version from inrvo_meta.inrvo_schema_history where success and version is not null "
      + "order by installed_rank desc limit 1";

  /** No history table or schema: the database was never migrated. */
  private static final Set<String> NOT_MIGRATED = Set.of("42P01", "3F000");

  private ReadinessProbe() {}

  /** Checks the database and its schema version through {@code dataSource}. */
  public static Readiness check(DataSource dataSource) {
    Optional<String> version;
    try {
      version = schemaVersion(dataSource);
    } catch (SQLException | RuntimeException e) {
      RuntimeException failure = DatabaseErrors.translate(e);
      if (failure instanceof InrvoException inrvo && inrvo.sqlState().filter(NOT_MIGRATED::contains).isPresent()) {
        return Readiness.of(List.of(new Check(Readiness.DATABASE, true, "answered"), new Check(Readiness.SCHEMA, false,
            "not migrated: no migration history (inrvo_meta.inrvo_schema_history); run InrvoSchema.migrate")));
      }
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

  /** The version the database's migration history is at; empty when it records none. */
  static Optional<String> schemaVersion(DataSource dataSource) throws SQLException {
    Connections.Borrowed borrowed = Connections.borrow(dataSource); // unnamed, as behind a transaction pooler
    try (PreparedStatement ps = borrowed.connection().prepareStatement(VERSION)) {
      ps.setQueryTimeout((int) TIMEOUT.toSeconds());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
      }
    } finally {
      borrowed.giveBack();
    }
  }

  private static Check schema(Optional<String> version) {
    String expected = ModelInfo.SCHEMA_VERSION;
    if (version.isEmpty()) {
      return new Check(Readiness.SCHEMA, false, "not migrated: the migration history is empty; run InrvoSchema.migrate"
          + " (this library expects version " + expected + ")");
    }
    int order = compare(version.get(), expected);
    if (order < 0) {
      return new Check(Readiness.SCHEMA, false, "version " + version.get() + ", older than the " + expected
          + " this library expects: run InrvoSchema.migrate");
    }
    return new Check(Readiness.SCHEMA, true, order == 0 ? "version " + expected
        : "version " + version.get() + ", newer than the " + expected + " this library expects (a newer release migrated it)");
  }

  /** Compares Flyway versions ("12", "12.1") part by part, as numbers. */
  static int compare(String a, String b) {
    String[] x = a.split("[._]");
    String[] y = b.split("[._]");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      long p = i < x.length ? parse(x[i]) : 0;
      long q = i < y.length ? parse(y[i]) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }

  private static long parse(String part) {
    try {
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
