package io.inrvo.data.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Ids the benchmarks pick from the seeded data set at setup: the same sample on every run. */
final class Fixtures {

  /** The users with the most rows; the seed makes five heavy users (5,000+ rows at default size). */
  static final int HEAVY = 5;

  private static final String HEAVY_USERS = "select user_id from public.meditation_history"
      + " group by user_id order by count(*) desc, user_id limit " + HEAVY;

  private Fixtures() {}

  /**
   * Users other than the heavy ones and the admins, in a fixed pseudo-random order. Most have tens
   * of rows, as most callers do; {@link KeysetVersusOffset} measures the heavy ones.
   */
  static List<UUID> ordinaryUsers(DataSource dataSource, int count) {
    return BenchEnvironment.uuids(dataSource, "select u.id from public.users u where u.role = 'user'"
        + " and u.id not in (" + HEAVY_USERS + ") order by md5(u.id::text) limit ?", count);
  }

  /** A voice profile and the user who owns it. */
  record VoiceProfile(UUID id, UUID owner) {}

  /** Voice profiles with their owners, in a fixed pseudo-random order. */
  static List<VoiceProfile> voiceProfiles(DataSource dataSource, int count) {
    List<VoiceProfile> profiles = new ArrayList<>();
    String sql = "select id, user_id from public.voice_profiles order by md5(id::text) limit ?";
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, count);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          profiles.add(new VoiceProfile(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("fixture query failed: " + sql, e);
    }
    if (profiles.isEmpty()) {
      throw new IllegalStateException("the data set has no voice profiles (is it seeded?)");
    }
    return profiles;
  }

  /** The heavy users. */
  static List<UUID> heavyUsers(DataSource dataSource) {
    return BenchEnvironment.uuids(dataSource, HEAVY_USERS);
  }

  /** An admin (the seed makes users 1 and 2 admins). */
  static UUID admin(DataSource dataSource) {
    return BenchEnvironment.uuids(dataSource,
        "select id from public.users where role = 'admin' order by created_at, id limit 1").get(0);
  }

  /**
   * The library as the benchmarks run it: on a direct connection, like the floors, so with {@code
   * serverPreparedStatements(true)}: its statements named on the server after pgjdbc's threshold, as
   * the floors' are. (Its default, unnamed statements for transaction poolers, is measured by {@link
   * Throughput}, whose floor sends unnamed statements too.)
   */
  static io.inrvo.data.Inrvo library(DataSource dataSource) {
    return libraryOptions(dataSource).build();
  }

  /** The options of {@link #library}, for a benchmark that needs more of them. */
  static io.inrvo.data.InrvoOptions.Builder libraryOptions(DataSource dataSource) {
    return io.inrvo.data.Inrvo.builder(dataSource).serverPreparedStatements(true);
  }
}
