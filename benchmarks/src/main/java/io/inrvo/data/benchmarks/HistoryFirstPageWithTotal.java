package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.history.MeditationSummary;
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
 * A user's first history page (20 rows) with its exact total (report row {@code
 * history.first-page}). The library sends its context statement and the page with the total as a
 * scalar subquery (one statement) in one round trip; the floor sends the original two statements,
 * page then {@code count(*)}, in one transaction (BEGIN rides on the first), without a context
 * statement. {@link #protocolByHand}: row {@code history.first-page.by-hand}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HistoryFirstPageWithTotal extends Interleaved {

  static final String PAGE = "select id, prompt, voice_name, background_track_name, duration_seconds, audio_url,"
      + " is_favorite, created_at from public.meditation_history where user_id = ?"
      + " order by created_at desc, id desc limit ?";
  static final String COUNT = "select count(*) from public.meditation_history where user_id = ?";
  static final int SIZE = 20;

  private Inrvo inrvo;
  private Rotation<UUID> users;
  private String pipelined;

  @Override
  void prepare(BenchEnvironment environment) {
    users = new Rotation<>(Fixtures.ordinaryUsers(dataSource, environment.sample()));
    inrvo = Fixtures.library(dataSource);
    UUID probe = users.next();
    List<ExecutedStatement> sent = LibrarySql.capture(dataSource,
        library -> library.asUser(probe).history().page(PageRequest.first(SIZE)));
    String page = sent.get(1).sql();
    // the page's binds: the owner in the total's subquery, the owner in WHERE, the row limit
    if (page.chars().filter(ch -> ch == '?').count() != 3) {
      throw new IllegalStateException("the library's page statement changed shape: " + page);
    }
    pipelined = sent.get(0).sql() + ";\n" + page;
  }

  @Override
  List<Member> members() {
    return libraryFloorByHand(this::library, this::floor, this::protocolByHand);
  }

  /** The library: {@code asUser(u).history().page(PageRequest.first(20))} (exact total by default). */
  public Page<MeditationSummary> library() {
    return inrvo.asUser(users.at(currentCycle())).history().page(PageRequest.first(SIZE));
  }

  /** Raw JDBC: page (21 rows, to know whether a next page exists) + count, one transaction. */
  public long floor() throws SQLException {
    UUID user = users.at(currentCycle());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long checksum = readPage(c, user, SIZE + 1);
        try (PreparedStatement ps = c.prepareStatement(COUNT)) {
          ps.setObject(1, user);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            checksum += rs.getLong(1);
          }
        }
        c.commit();
        return checksum;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * The library's protocol by hand (see {@link ServiceSessionVoiceLookup#protocolByHand}): the library's
   * context statement and its page-with-total statement in one round trip.
   */
  public long protocolByHand() throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      return byHand(c, pipelined, users.at(currentCycle()));
    }
  }

  /** {@link #protocolByHand} on {@code c}: {@code pipelined} is the library's context statement and page. */
  static long byHand(Connection c, String pipelined, UUID user) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(pipelined)) {
      LibrarySql.bindUserContext(ps, user);
      ps.setObject(4, user);
      ps.setObject(5, user);
      ps.setInt(6, SIZE + 1);
      LibrarySql.skipContext(ps);
      try (ResultSet rs = ps.getResultSet()) {
        long checksum = 0;
        while (rs.next()) {
          checksum += rs.getObject(1, UUID.class).hashCode() + rs.getString(2).length() + rs.getLong(9);
          for (int i = 3; i <= 8; i++) {
            Object value = rs.getObject(i);
            checksum += value == null ? 0 : 1;
          }
        }
        return checksum;
      }
    }
  }

  /** Reads every column of the page's rows, as a mapper would. */
  static long readPage(Connection c, UUID user, int limit) throws SQLException {
    long checksum = 0;
    try (PreparedStatement ps = c.prepareStatement(PAGE)) {
      ps.setObject(1, user);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          checksum += rs.getObject(1, UUID.class).hashCode() + rs.getString(2).length();
          String voice = rs.getString(3);
          String track = rs.getString(4);
          int duration = rs.getInt(5);
          String audio = rs.getString(6);
          boolean favorite = rs.getBoolean(7);
          java.time.OffsetDateTime created = rs.getObject(8, java.time.OffsetDateTime.class);
          checksum += (voice == null ? 0 : voice.length()) + (track == null ? 0 : track.length()) + duration
              + (audio == null ? 0 : audio.length()) + (favorite ? 1 : 0) + created.getNano();
        }
      }
    }
    return checksum;
  }
}
