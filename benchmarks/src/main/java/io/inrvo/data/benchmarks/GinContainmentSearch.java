package io.inrvo.data.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Containment search over every conversation's messages ({@code messages @> '[{"topic": "..."}]'},
 * the case {@code idx_agent_conversations_messages_gin} exists for), with the index and without it
 * (report row {@code search.gin-containment}). "Without" drops the index inside a transaction that
 * is rolled back at the end of the trial: the seeded database never loses it (if the JVM dies, the
 * server rolls back too). The library's own {@code search} is scoped to one user, where {@code
 * user_id} already narrows the rows to one conversation and the GIN index hardly matters, so this
 * benchmark runs the cross-user query as raw JDBC on both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GinContainmentSearch extends BenchState {

  static final String INDEX = "public.idx_agent_conversations_messages_gin";
  static final String SEARCH = "select id, message_count, updated_at from public.agent_conversations"
      + " where messages @> ?::jsonb order by updated_at desc, id limit 20";
  // The seed marks about 1% of messages with a "-rare" topic.
  static final List<String> TOPICS = List.of("sleep-rare", "stress-rare", "focus-rare", "grief-rare", "energy-rare");

  private Rotation<String> topics;
  private Connection withoutIndex;

  @Override
  int poolSize() {
    return 3;
  }

  @Override
  void prepare(BenchEnvironment environment) {
    topics = new Rotation<>(TOPICS.stream().map(t -> "[{\"topic\":\"" + t + "\"}]").toList());
  }

  @Override
  void cleanUp() {
    if (withoutIndex != null) {
      try (Connection c = withoutIndex) {
        c.rollback();
        c.setAutoCommit(true);
      } catch (SQLException e) {
        throw new IllegalStateException("could not roll back the dropped index", e);
      } finally {
        withoutIndex = null;
      }
    }
  }

  /** The search with the GIN index: pool connection, autocommit. */
  @Benchmark
  public int withIndex() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return search(c, topics.next());
    }
  }

  /** The same search in a transaction that dropped the index (on its first call). */
  @Benchmark
  public int withoutIndex() throws SQLException {
    if (withoutIndex == null) {
      // Lazily: the lock the DROP holds until rollback would block withIndex in the same fork.
      Connection c = dataSource.getConnection();
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("drop index " + INDEX);
      }
      withoutIndex = c;
    }
    return search(withoutIndex, topics.next());
  }

  static int search(Connection c, String containment) throws SQLException {
    int found = 0;
    try (PreparedStatement ps = c.prepareStatement(SEARCH)) {
      ps.setString(1, containment);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found += rs.getString(1).length() + rs.getInt(2) + rs.getObject(3, java.time.OffsetDateTime.class).getNano();
        }
      }
    }
    return found;
  }
}
