package io.inrvo.data.benchmarks;

import io.inrvo.data.benchmarks.Fixtures.VoiceProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the service session's context statement costs, part by part (report rows {@code
 * voice-lookup.service.context.*}): the voice lookup's query text alone, as the floor of {@code
 * voice-lookup.service} sends it, beside the same query after a first statement in the same round
 * trip (one message sequence, one Sync, one implicit transaction): a bare {@code select 1}, then
 * the role alone, then the library's whole context statement with the values a service session
 * binds. The steps separate what a second statement costs (the server's work and the messages both
 * ways) from what switching the role and the other settings add. The four run interleaved on one
 * thread (see {@link Interleaved}), apart from the library's own pair so that its members and their
 * order stay as they were.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ContextStatementParts extends Interleaved {

  private static final String SELECT_ONE = "select 1";
  /** The context statement's first setting alone, its value bound as the library binds it. */
  private static final String ROLE = "select set_config('role', ?, true)";

  private Rotation<VoiceProfile> profiles;
  private String query;
  private String afterSelectOne;
  private String afterRole;
  private String afterContext;

  @Override
  void prepare(BenchEnvironment environment) {
    profiles = new Rotation<>(Fixtures.voiceProfiles(dataSource, environment.sample()));
    ServiceSessionVoiceLookup.Sent sent = ServiceSessionVoiceLookup.Sent.by(dataSource, profiles.next());
    query = sent.query();
    afterSelectOne = SELECT_ONE + ";\n" + query;
    afterRole = ROLE + ";\n" + query;
    afterContext = sent.context() + ";\n" + query;
    sameRowEverywhere();
  }

  /** Every step must read the row the query alone reads, or the comparison is of different work. */
  private void sameRowEverywhere() {
    try {
      String row = query();
      if (row == null) {
        throw new IllegalStateException("the query alone did not find the voice profile of this cycle");
      }
      for (Member step : members()) {
        if (!row.equals(step.call().run())) {
          throw new IllegalStateException(step.name() + " did not read the row the query alone read");
        }
      }
    } catch (Exception e) {
      throw e instanceof IllegalStateException failed ? failed : new IllegalStateException(e);
    }
  }

  @Override
  List<Member> members() {
    return List.of(
        new Member("query", this::query),
        new Member("afterSelectOne", this::afterSelectOne),
        new Member("afterRole", this::afterRole),
        new Member("afterContext", this::afterContext));
  }

  /** The lookup's query text alone, one prepared statement in autocommit. */
  public String query() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return ServiceSessionVoiceLookup.alone(c, query, profiles.at(currentCycle()));
    }
  }

  /** {@code select 1}, then the query, in one round trip. */
  public String afterSelectOne() throws SQLException {
    return afterFirst(afterSelectOne, false);
  }

  /** The role alone, then the query, in one round trip. */
  public String afterRole() throws SQLException {
    return afterFirst(afterRole, true);
  }

  /** The library's context statement with a service session's values, then the query: its protocol by hand. */
  public String afterContext() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return ServiceSessionVoiceLookup.byHand(c, afterContext, profiles.at(currentCycle()));
    }
  }

  /** {@code pipelined}: a first statement, binding the role when {@code role}, then the query. */
  private String afterFirst(String pipelined, boolean role) throws SQLException {
    VoiceProfile p = profiles.at(currentCycle());
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(pipelined)) {
      int first = 1;
      if (role) {
        ps.setString(first++, "service_role");
      }
      ps.setObject(first, p.id());
      ps.setObject(first + 1, p.owner());
      return LibrarySql.skipContext(ps) ? ServiceSessionVoiceLookup.readLookupFrom(ps) : null;
    }
  }
}
