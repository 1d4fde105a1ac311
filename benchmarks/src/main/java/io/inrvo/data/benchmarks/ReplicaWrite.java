package io.inrvo.data.benchmarks;

import io.inrvo.data.history.NewMeditation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Row {@code replicas.write-token}: a save through the replica-aware {@code Inrvo}, which reads its
 * commit position in the same round trip ({@code begin; context; save; commit; select
 * pg_current_wal_insert_lsn()}), beside the same save through the plain {@code Inrvo} ({@code
 * context; save}). Row {@code replicas.write-token.protocols}: both protocols written by hand in JDBC
 * around the same save statement, so that what the token costs the protocol itself shows apart from
 * what the library adds.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplicaWrite extends ReplicaPair {

  private static final String SAVE = "select public.save_meditation_with_audio(p_prompt => ?)";

  private String withoutTokenSql;
  private String withTokenSql;

  @Override
  void prepare(BenchEnvironment environment) {
    super.prepare(environment);
    String context = LibrarySql.capture(primaryDataSource,
        inrvo -> inrvo.asUser(users.at(0)).history().save(NewMeditation.withPrompt("captured"))).get(0).sql();
    withoutTokenSql = context + ";\n" + SAVE;
    withTokenSql = "begin;\n" + context + ";\n" + SAVE + ";\ncommit;\nselect pg_current_wal_insert_lsn()";
  }

  @Override
  List<Member> members() {
    return List.of(new Member("withToken", this::withToken), new Member("withoutToken", this::withoutToken),
        new Member("withTokenByHand", this::withTokenByHand),
        new Member("withoutTokenByHand", this::withoutTokenByHand));
  }

  /** The save through the replica-aware instance, recording the session's consistency position. */
  public Object withToken() {
    return replicaAware.asUser(users.at(currentCycle())).history().save(NewMeditation.withPrompt("measured"));
  }

  /** The same save through the plain instance. */
  public Object withoutToken() {
    return plain.asUser(users.at(currentCycle())).history().save(NewMeditation.withPrompt("measured"));
  }

  /** The token's protocol by hand: the save in an explicit block, then the log position after its commit. */
  public String withTokenByHand() throws SQLException {
    try (Connection c = primaryDataSource.getConnection(); PreparedStatement ps = c.prepareStatement(withTokenSql)) {
      bind(ps);
      ps.execute(); // begin
      ps.getMoreResults(); // the context statement
      ps.getResultSet().close();
      ps.getMoreResults(); // the save
      ps.getResultSet().close();
      ps.getMoreResults(); // commit
      ps.getMoreResults();
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  /** The plain protocol by hand: the context statement and the save in one implicit transaction. */
  public UUID withoutTokenByHand() throws SQLException {
    try (Connection c = primaryDataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(withoutTokenSql)) {
      bind(ps);
      LibrarySql.skipContext(ps);
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  private void bind(PreparedStatement ps) throws SQLException {
    LibrarySql.bindUserContext(ps, users.at(currentCycle()));
    ps.setString(4, "measured");
  }
}
