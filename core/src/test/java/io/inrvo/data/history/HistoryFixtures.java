package io.inrvo.data.history;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** Fixtures shared by the history tests: set-based row generation and superuser reads. */
final class HistoryFixtures {

  /** Rows whose generated number is divisible by this are favorites. */
  static final int FAVORITE_EVERY = 5;
  /** Rows whose generated number is divisible by this have audio. */
  static final int AUDIO_EVERY = 4;

  private HistoryFixtures() {}

  /** An instance whose statements land in {@code captured}, with extra options applied. */
  static Inrvo inrvo(DataSource dataSource, List<ExecutedStatement> captured, Consumer<InrvoOptions.Builder> extra) {
    InrvoOptions.Builder builder = Inrvo.builder(dataSource).statementListener(captured::add);
    extra.accept(builder);
    return builder.build();
  }

  static Inrvo inrvo(DataSource dataSource, List<ExecutedStatement> captured) {
    return inrvo(dataSource, captured, b -> { });
  }

  static List<ExecutedStatement> captured() {
    return new CopyOnWriteArrayList<>();
  }

  /**
   * Inserts {@code rows} meditations for {@code user}, row {@code g} created at {@code 2024-01-01 +
   * g * step} (so a zero step gives identical timestamps); every {@value #FAVORITE_EVERY}th is a
   * favorite, every {@value #AUDIO_EVERY}th has audio.
   */
  static void generate(DataSource dataSource, UUID user, int rows, String step) {
    execute(dataSource,
        "insert into public.meditation_history (user_id, prompt, enhanced_script, voice_name, "
            + "background_track_name, duration_seconds, audio_url, is_favorite, created_at) "
            + "select ?, 'prompt ' || g, repeat('script ', 50), 'voice ' || (g % 7), 'track ' || (g % 3), g % 900, "
            + "case when g % " + AUDIO_EVERY + " = 0 then 'https://audio.example/' || g || '.mp3' end, "
            + "g % " + FAVORITE_EVERY + " = 0, timestamptz '2024-01-01 00:00:00+00' + g * interval '" + step + "' "
            + "from generate_series(1, ?) g",
        user, rows);
  }

  /** The ids of {@code user}'s rows matching {@code filter} (SQL), in list order, read as superuser. */
  static List<UUID> idsInListOrder(DataSource dataSource, UUID user, String filter) {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement s = c.prepareStatement("select id from public.meditation_history where user_id = ? and ("
            + filter + ") order by created_at desc, id desc")) {
      s.setObject(1, user);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          ids.add(r.getObject(1, UUID.class));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return ids;
  }

  /** A single number from {@code sql}, read as superuser. */
  static long number(DataSource dataSource, String sql, Object... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code sql} as superuser. */
  static void execute(DataSource dataSource, String sql, Object... args) {
    try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      s.execute();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code VACUUM ANALYZE} of the history table (outside a transaction, as VACUUM requires). */
  static void vacuumAnalyze(DataSource dataSource) {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("vacuum analyze public.meditation_history");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      s.setObject(i + 1, args[i]);
    }
  }
}
