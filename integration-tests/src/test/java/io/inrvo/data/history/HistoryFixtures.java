package io.inrvo.data.history;

import io.inrvo.data.testing.TestSql;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/** Meditation rows for the history tests: set-based generation and the expected list order, as superuser. */
final class HistoryFixtures {

  /** Rows whose generated number is divisible by this are favorites. */
  static final int FAVORITE_EVERY = 5;
  /** Rows whose generated number is divisible by this have audio. */
  static final int AUDIO_EVERY = 4;

  private HistoryFixtures() {}

  /**
   * Inserts {@code rows} meditations for {@code user}, row {@code g} created at {@code 2024-01-01 +
   * g * step} (so a zero step gives identical timestamps); every {@value #FAVORITE_EVERY}th is a
   * favorite, every {@value #AUDIO_EVERY}th has audio.
   */
  static void generate(DataSource dataSource, UUID user, int rows, String step) {
    TestSql.exec(dataSource,
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
    return TestSql.ids(dataSource, "select id from public.meditation_history where user_id = ? and ("
        + filter + ") order by created_at desc, id desc", user);
  }
}
