package io.inrvo.data.examples;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * {@code seed --users N --meditations M}: a realistic INrVO data set, written set-based on the
 * server ({@code INSERT ... SELECT generate_series}) in chunks, with a progress bar.
 *
 * <p>Idempotent: every id derives from its row number ({@code md5('kind-' || n)::uuid}), and rows
 * that exist are skipped, so a second run adds only what is missing. Shape: a few heavy users
 * (5,000-12,000 meditations each), the rest skewed (most users have a handful, some hundreds); 30%
 * of meditations carry a 5-20 KB script, 60% have audio, 10% are favorites; one conversation per
 * user with 5-60 messages; 1-2 voice profiles per user. Triggers (cache notifications, the
 * message-count trigger) are switched off for the bulk load with {@code session_replication_role},
 * so the seed needs a superuser; counts are computed set-based instead.
 *
 * <p>It is long because the data set's shape is one script read top to bottom: each table's
 * {@code INSERT ... SELECT} follows the one it refers to, with the distribution it draws from.
 */
public final class Seed {

  /**
   * Size of the data set.
   *
   * @param users users to create
   * @param meditations meditation rows in all
   * @param conversations conversations (one per user at most)
   */
  public record Size(int users, int meditations, int conversations) {
    /** The benchmark data set. */
    public static final Size DEFAULT = new Size(20_000, 1_000_000, 20_000);
    /** The demo's data set. */
    public static final Size DEMO = new Size(2_000, 100_000, 2_000);
  }

  static final int HEAVY_USERS = 5;
  private static final int CHUNK = 50_000;

  private Seed() {}

  static int run(java.util.List<String> args, PrintStream out) {
    Size size = parse(args, Size.DEFAULT);
    Target target = Target.resolve("inrvo");
    out.println("database: " + target);
    io.inrvo.data.schema.InrvoSchema.migrate(target.dataSource());
    seed(target.dataSource(), size, out);
    return 0;
  }

  static Size parse(java.util.List<String> args, Size defaults) {
    int users = defaults.users();
    int meditations = defaults.meditations();
    int conversations = -1;
    for (int i = 0; i < args.size(); i++) {
      String value = i + 1 < args.size() ? args.get(i + 1) : "";
      switch (args.get(i)) {
        case "--users" -> { users = positive("--users", value); i++; }
        case "--meditations" -> { meditations = positive("--meditations", value); i++; }
        case "--conversations" -> { conversations = positive("--conversations", value); i++; }
        default -> throw new IllegalArgumentException("unknown option " + args.get(i)
            + "; expected --users N --meditations M [--conversations C]");
      }
    }
    if (users <= HEAVY_USERS) {
      throw new IllegalArgumentException("--users must be more than " + HEAVY_USERS + ", got " + users);
    }
    return new Size(users, meditations, conversations < 0 ? users : conversations);
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value.replace("_", ""));
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new IllegalArgumentException(option + " needs a positive whole number, got '" + value + "'");
  }

  /** Seeds {@code size} into an INrVO database (already migrated). */
  public static void seed(DataSource dataSource, Size size, PrintStream out) {
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      Progress progress = new Progress(out);
      chunked(c, progress, "users", size.users(), USERS, size);
      chunked(c, progress, "voice profiles", size.users(), VOICE_PROFILES, size);
      chunked(c, progress, "meditations", size.meditations(), MEDITATIONS, size);
      chunked(c, progress, "conversations", size.conversations(), CONVERSATIONS, size);
      c.setAutoCommit(true);
      progress.phase("vacuum analyze");
      try (Statement s = c.createStatement()) {
        s.execute("vacuum analyze public.users, public.voice_profiles, public.voice_clones,"
            + " public.meditation_history, public.agent_conversations");
        s.execute("refresh materialized view public.admin_analytics_cache");
      }
      progress.done();
    } catch (SQLException e) {
      throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
    }
    out.printf(Locale.ROOT, "seeded %,d users, %,d meditations, %,d conversations in %.1f s%n",
        size.users(), size.meditations(), size.conversations(), (System.nanoTime() - started) / 1e9);
  }

  private static void chunked(Connection c, Progress progress, String what, int total, String sql, Size size)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("set local session_replication_role = replica");
    }
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int from = 1; from <= total; from += CHUNK) {
        int to = Math.min(total, from + CHUNK - 1);
        ps.setInt(1, from);
        ps.setInt(2, to);
        ps.setInt(3, size.users());
        ps.execute();
        c.commit();
        try (Statement s = c.createStatement()) {
          s.execute("set local session_replication_role = replica");
        }
        progress.show(what, to, total);
      }
    }
    c.commit();
  }

  /** The id of user number {@code n}, as the seed derives it (the first {@link #HEAVY_USERS} are heavy). */
  static java.util.UUID userId(int n) {
    return md5Uuid("user-" + n);
  }

  static java.util.UUID md5Uuid(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("MD5").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(d);
      return new java.util.UUID(b.getLong(), b.getLong());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // Parameters of every statement: 1 = first row number, 2 = last row number, 3 = user count.
  // Row n's values derive from hashes of n, so a re-run produces the same rows.

  private static final String USERS = """
      with n as (select g, md5('user-' || g)::uuid as id from generate_series(?::int, ?::int) g
                 where ?::int > 0),
      a as (insert into auth.users (id, email, created_at)
            select id, 'user' || g || '@example.com', now() - (g % 700) * interval '12 hours' from n
            on conflict (id) do nothing)
      insert into public.users (id, email, first_name, last_name, role, tier, created_at, last_login_at,
                                audio_tag_preferences)
      select id, 'user' || g || '@example.com',
             (array['Ada','Ben','Chloe','Dev','Emma','Finn','Gita','Hugo','Ines','Jon'])[1 + g % 10],
             (array['Smith','Okafor','Ivanova','Tanaka','Garcia','Nguyen','Müller','Rossi'])[1 + g % 8],
             case when g <= 2 then 'admin' else 'user' end,
             (array['free','free','free','pro','premium'])[1 + g % 5],
             now() - (g % 700) * interval '12 hours',
             case when g % 4 = 0 then null else now() - (g % 90) * interval '1 day' end,
             jsonb_build_object('favorite_tags', jsonb_build_array('breath-in', 'pause-short'),
                                'volume', 0.5 + (g % 5) / 10.0)
      from n
      on conflict (id) do nothing
      """;

  private static final String VOICE_PROFILES = """
      with n as (select g, md5('user-' || g)::uuid as uid from generate_series(?::int, ?::int) g
                 where ?::int > 0),
      p as (select g, uid, k from n, generate_series(1, 1 + g % 2) k),
      vp as (insert into public.voice_profiles (id, user_id, name, voice_sample_url, provider_voice_id,
                                     fish_audio_model_id, provider, cloning_status, status, created_at, updated_at)
             select md5('voice-' || g || '-' || k)::uuid, uid, 'Voice ' || k || ' of user ' || g,
                    'https://storage.example/voices/' || g || '-' || k || '.wav',
                    'prov-' || md5('pv-' || g || '-' || k), 'model-' || (g % 50),
                    'fish-audio', (array['ready','ready','ready','pending','processing','failed'])[1 + (g + k) % 6],
                    case when (g + k) % 9 = 0 then 'archived' else 'active' end,
                    now() - ((g * 7 + k) % 300) * interval '1 day', now() - ((g + k) % 30) * interval '1 day'
             from p
             on conflict (id) do nothing)
      insert into public.voice_clones (id, user_id, voice_profile_id, name, provider, provider_voice_id,
                                       is_active, created_at)
      select md5('clone-' || g || '-' || k)::uuid, uid, md5('voice-' || g || '-' || k)::uuid,
             'Clone ' || k, 'fish-audio', 'clone-' || md5('cl-' || g || '-' || k), (g + k) % 3 <> 0,
             now() - ((g * 5 + k) % 300) * interval '1 day'
      from p
      on conflict (id) do nothing
      """;

  // Owner of meditation n: the first HEAVY_USERS users take 0.8% of rows each (8,000 rows at the
  // default size), the others follow a power law (many light users, a few hundred-row users).
  // 30% of rows carry a 5-20 KB script picked from 200 varied scripts. Attributes hash other bits
  // (a) than the owner (h), so heavy users get the same mix as everyone.
  private static final String MEDITATIONS = """
      with n as (select g, ('x' || substr(md5('m' || g), 1, 8))::bit(32)::bigint as h,
                        ('x' || substr(md5('m' || g), 9, 8))::bit(32)::bigint as a
                 from generate_series(?::int, ?::int) g),
      u as (select g, h, a, ?::int as users from n),
      o as (select g, a, case when h % 1000 < 40 then 1 + h % 5
                              else 6 + floor((users - 6) * power((h % 1000003) / 1000003.0, 2))::int end as owner
            from u),
      scripts as (select k, string_agg(w, ' ' order by i) as script
                  from generate_series(0, 199) k,
                       lateral (select i, (array['breathe','slowly','notice','your','body','soften','the',
                                'shoulders','let','thoughts','drift','like','clouds','across','a','quiet',
                                'sky','feel','ground','beneath','you','gently','return','to','this','moment',
                                'warmth','spreads','through','chest','and','hands','rest','easy','now'])
                                [1 + (k * 7919 + i * 104729) % 35] as w
                                from generate_series(1, 800 + (k * 37) % 2400) i) words
                  group by k)
      insert into public.meditation_history (id, user_id, prompt, enhanced_script, voice_id, voice_name,
             background_track_id, background_track_name, duration_seconds, audio_tags_used, audio_url,
             is_favorite, created_at)
      select md5('med-' || g)::uuid, md5('user-' || owner)::uuid,
             (array['Help me fall asleep','Calm my anxiety before a meeting','A morning focus session',
                    'Body scan for back pain','Gratitude reflection','Breathing for panic',
                    'Walking meditation in the park','Let go of anger'])[1 + a % 8]
               || ' (' || (a % 97) || ')',
             s.script,
             md5('voice-' || owner || '-1')::uuid, 'Voice 1 of user ' || owner,
             'track-' || (a % 12), (array['Rain','Ocean','Forest','Silence','Bowls','Night'])[1 + a % 6],
             300 + (a % 1500)::int, array['breath-in','pause-short'],
             case when a % 10 < 6 then 'https://storage.example/audio/' || md5('med-' || g) || '.mp3' end,
             a % 10 = 9,
             now() - ((a % 31536000) * interval '1 second')
      from o left join scripts s on a % 10 < 3 and s.k = a % 200
      on conflict (id) do nothing
      """;

  private static final String CONVERSATIONS = """
      with r as (select g from generate_series(?::int, ?::int) g),
      n as (select g, md5('user-' || (1 + (g - 1) % ?::int))::uuid as uid,
                   ('x' || substr(md5('c' || g), 1, 8))::bit(32)::bigint as h from r)
      insert into public.agent_conversations (id, user_id, messages, message_count, preferences, session_state,
                                              created_at, updated_at)
      select 'conv-' || g, uid, m.messages, jsonb_array_length(m.messages),
             jsonb_build_object('tone', (array['gentle','direct','playful'])[1 + h % 3]),
             jsonb_build_object('step', h % 5),
             now() - (h % 400) * interval '1 day', now() - (h % 60) * interval '1 hour'
      from n, lateral (
        select jsonb_agg(jsonb_build_object(
                 'role', case when i % 2 = 1 then 'user' else 'assistant' end,
                 'content', 'Message ' || i || ' about ' || (array['sleep','stress','focus','grief','energy'])[1 + (h + i) % 5],
                 'topic', (array['sleep','stress','focus','grief','energy'])[1 + (h + i) % 5]
                          || case when (h + i) % 97 = 0 then '-rare' else '' end,
                 'at', to_char(now() - (h % 400) * interval '1 day' + i * interval '1 minute',
                               'YYYY-MM-DD"T"HH24:MI:SS"Z"')) order by i) as messages
        from generate_series(1, 5 + (h % 56)::int) i) m
      on conflict (id) do nothing
      """;

  /** A one-line progress bar. */
  private static final class Progress {
    private final PrintStream out;

    Progress(PrintStream out) {
      this.out = out;
    }

    void show(String what, long done, long total) {
      int width = 30;
      int filled = (int) (width * done / Math.max(1, total));
      out.printf(Locale.ROOT, "\r  [%s%s] %3d%% %-14s %,d/%,d   ", "#".repeat(filled), " ".repeat(width - filled),
          100 * done / Math.max(1, total), what, done, total);
      if (done == total) {
        out.println();
      }
      out.flush();
    }

    void phase(String what) {
      out.print("  " + what + " ...");
      out.flush();
    }

    void done() {
      out.println(" done");
    }
  }
}
