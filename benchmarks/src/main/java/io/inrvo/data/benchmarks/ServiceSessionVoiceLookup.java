package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Session;
import io.inrvo.data.benchmarks.Fixtures.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The TTS worker's voice-profile lookup on a service session (report row {@code
 * voice-lookup.service}), against raw JDBC sending the library's own query text as one prepared
 * statement in autocommit. {@link #protocolByHand} is the library's protocol written by hand (its
 * context statement and query in one message sequence, one round trip; row {@code
 * voice-lookup.service.by-hand}), which separates what the context statement costs from what the
 * library adds; {@link #roundTrip} is one bare round trip (row {@code round-trip}). The four run
 * interleaved on one thread (see {@link Interleaved}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ServiceSessionVoiceLookup extends Interleaved {

  private Session service;
  private Rotation<VoiceProfile> profiles;
  private String query;
  private String pipelined;

  @Override
  void prepare(BenchEnvironment environment) {
    profiles = new Rotation<>(Fixtures.voiceProfiles(dataSource, environment.sample()));
    Sent sent = Sent.by(dataSource, profiles.next());
    query = sent.query();
    pipelined = sent.context() + ";\n" + query;
    service = Fixtures.library(dataSource).asService();
  }

  @Override
  List<Member> members() {
    return List.of(
        new Member("library", this::library),
        new Member("floor", this::floor),
        new Member("protocolByHand", this::protocolByHand),
        new Member("roundTrip", this::roundTrip));
  }

  /** The library: {@code asService().voiceProfiles().lookup(id, owner)}. */
  public Optional<VoiceProfileLookup> library() {
    VoiceProfile p = profiles.at(currentCycle());
    return service.voiceProfiles().lookup(p.id(), p.owner());
  }

  /** Raw JDBC: the same query text, one prepared statement, autocommit. */
  public String floor() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return alone(c, query, profiles.at(currentCycle()));
    }
  }

  /** The two statements the library sends for a service session's voice lookup: its context, then its query. */
  record Sent(String context, String query) {

    /** What the library sent for the lookup of {@code probe}, captured from a call of it. */
    static Sent by(DataSource dataSource, VoiceProfile probe) {
      List<ExecutedStatement> sent = LibrarySql.capture(dataSource,
          inrvo -> inrvo.asService().voiceProfiles().lookup(probe.id(), probe.owner()));
      return new Sent(sent.get(0).sql(), sent.get(1).sql());
    }
  }

  /** {@link #floor} on {@code c}: {@code query} is the library's query text. */
  static String alone(Connection c, String query, VoiceProfile p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(query)) {
      ps.setObject(1, p.id());
      ps.setObject(2, p.owner());
      try (ResultSet rs = ps.executeQuery()) {
        return readLookup(rs);
      }
    }
  }

  /**
   * The library's protocol by hand: the library's context statement and its query as one
   * statement string in autocommit. pgjdbc sends both with a single Sync, so the server runs them
   * in one implicit transaction: the transaction-local settings reach the query and vanish at its
   * end, for one round trip.
   */
  public String protocolByHand() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return byHand(c, pipelined, profiles.at(currentCycle()));
    }
  }

  /** {@link #protocolByHand} on {@code c}: {@code pipelined} is the library's context statement and query. */
  static String byHand(Connection c, String pipelined, VoiceProfile p) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(pipelined)) {
      ps.setString(1, "service_role");
      ps.setString(2, "{\"role\":\"service_role\"}");
      ps.setString(3, "8000");
      ps.setObject(4, p.id());
      ps.setObject(5, p.owner());
      return LibrarySql.skipContext(ps) ? readLookupFrom(ps) : null;
    }
  }

  /** One round trip, {@code select 1} through the same pool: the unit every point query is made of. */
  public int roundTrip() throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("select 1");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  static String readLookup(ResultSet rs) throws SQLException {
    if (!rs.next()) {
      return null;
    }
    StringBuilder row = new StringBuilder(128);
    for (int i = 1; i <= 7; i++) {
      row.append(rs.getString(i)).append('|');
    }
    return row.toString();
  }

  static String readLookupFrom(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.getResultSet()) {
      return readLookup(rs);
    }
  }
}
