package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.benchmarks.Fixtures.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The voice-profile lookup on the owner's own session, RLS on (report row {@code
 * voice-lookup.user}), against raw JDBC doing what the library does by hand: BEGIN (sent with the
 * first statement), the library's context statement ({@code set_config} of role, claims, timeout,
 * read-only), the library's query, COMMIT. {@link #protocolByHand}: row {@code
 * voice-lookup.user.by-hand}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class UserSessionVoiceLookup extends Interleaved {

  private Inrvo inrvo;
  private Rotation<VoiceProfile> profiles;
  private String context;
  private String query;
  private String pipelined;

  @Override
  void prepare(BenchEnvironment environment) {
    profiles = new Rotation<>(Fixtures.voiceProfiles(dataSource, environment.sample()));
    VoiceProfile probe = profiles.next();
    List<ExecutedStatement> sent = LibrarySql.capture(dataSource,
        library -> library.asUser(probe.owner()).voiceProfiles().lookup(probe.id(), probe.owner()));
    context = sent.get(0).sql();
    query = sent.get(1).sql();
    pipelined = context + ";\n" + query;
    inrvo = Fixtures.library(dataSource);
  }

  @Override
  List<Member> members() {
    return libraryFloorByHand(this::library, this::floor, this::protocolByHand);
  }

  /** The library: {@code asUser(owner).voiceProfiles().lookup(id, owner)}. */
  public Optional<VoiceProfileLookup> library() {
    VoiceProfile p = profiles.at(currentCycle());
    return inrvo.asUser(p.owner()).voiceProfiles().lookup(p.id(), p.owner());
  }

  /** Raw JDBC: BEGIN + the same context statement + the same query + COMMIT. */
  public String floor() throws SQLException {
    VoiceProfile p = profiles.at(currentCycle());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps = c.prepareStatement(context)) {
          LibrarySql.bindUserContext(ps, p.owner());
          ps.executeQuery().close();
        }
        String row;
        try (PreparedStatement ps = c.prepareStatement(query)) {
          ps.setObject(1, p.id());
          ps.setObject(2, p.owner());
          try (ResultSet rs = ps.executeQuery()) {
            row = ServiceSessionVoiceLookup.readLookup(rs);
          }
        }
        c.commit();
        return row;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /** The library's protocol by hand (see {@link ServiceSessionVoiceLookup#protocolByHand}): one round trip. */
  public String protocolByHand() throws SQLException {
    VoiceProfile p = profiles.at(currentCycle());
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(pipelined)) {
      LibrarySql.bindUserContext(ps, p.owner());
      ps.setObject(4, p.id());
      ps.setObject(5, p.owner());
      return LibrarySql.skipContext(ps) ? ServiceSessionVoiceLookup.readLookupFrom(ps) : null;
    }
  }
}
