package io.inrvo.data.cache;

import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.util.UUID;
import javax.sql.DataSource;

/** Users with some of everything, written set-based as the superuser. */
public final class Fixtures {

  private Fixtures() {}

  /**
   * A user with {@code meditations} meditations (every third a favorite, every second with audio,
   * a minute apart), one voice profile and one conversation {@code conv-<id>}.
   */
  public static UUID user(DataSource db, String email, int meditations) {
    return fill(db, TestUsers.create(db, email), meditations);
  }

  /** Gives the existing user {@code id} what {@link #user} gives a new one; returns {@code id}. */
  public static UUID fill(DataSource db, UUID id, int meditations) {
    TestSql.exec(db, """
        insert into public.meditation_history (user_id, prompt, is_favorite, audio_url, created_at)
        select ?, 'meditation ' || g, g % 3 = 0,
               case when g % 2 = 0 then 'https://audio.example/' || g || '.mp3' end,
               now() - g * interval '1 minute'
        from generate_series(1, ?) g""", id, meditations);
    TestSql.exec(db, "insert into public.voice_profiles (user_id, name) values (?, 'Calm voice')", id);
    TestSql.exec(db, "insert into public.agent_conversations (id, user_id, messages) values (?, ?, ?::jsonb)",
        conversation(id), id, "[{\"role\":\"user\",\"content\":\"hello\"}]");
    return id;
  }

  /** The id of the conversation {@link #user} made. */
  public static String conversation(UUID user) {
    return "conv-" + user;
  }

  /** The id of the user's first voice profile. */
  public static UUID voiceProfile(DataSource db, UUID user) {
    return (UUID) TestSql.value(db, "select id from public.voice_profiles where user_id = ? order by created_at, id limit 1", user);
  }
}
