package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
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
 * Saving a meditation that has an audio URL (report row {@code history.save}; {@link
 * #protocolByHand}: {@code history.save.by-hand}). The library makes one call ({@code
 * history().save(...withAudioUrl(url))}: context statement, {@code save_meditation_with_audio},
 * COMMIT); the floor is the original code's INSERT then UPDATE of {@code audio_url}, each in
 * autocommit (two commits). Every save carries a 12.8 KB script and a 150-character prompt as bind
 * values, like the pgbench floor; the rows are deleted again after the trial (by their prompt).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SaveWithAudioUrl extends Interleaved {

  static final String MARKER = "bench-save: ";
  static final String PROMPT = MARKER + "A slow body scan before sleep, with long pauses, soft rain in the"
      + " background and a gentle voice that counts the breath down from ten";
  static final String SCRIPT = script(12_800);
  static final List<String> TAGS = List.of("breath-in", "pause-short", "pause-long");

  static final String INSERT = "insert into public.meditation_history (user_id, prompt, enhanced_script,"
      + " duration_seconds, audio_tags_used) values (?, ?, ?, ?, ?) returning id";
  static final String UPDATE = "update public.meditation_history set audio_url = ? where id = ?";
  static final String SAVE = "select public.save_meditation_with_audio(p_prompt => ?, p_enhanced_script => ?,"
      + " p_duration_seconds => ?, p_audio_tags_used => ?, p_audio_url => ?)";

  private Inrvo inrvo;
  private Rotation<UUID> users;
  private long saves;
  private String pipelined;

  @Override
  void prepare(BenchEnvironment environment) {
    deleteSaved();
    users = new Rotation<>(Fixtures.ordinaryUsers(dataSource, environment.sample()));
    inrvo = Fixtures.library(dataSource);
    UUID probe = users.next();
    List<ExecutedStatement> sent = LibrarySql.capture(dataSource,
        library -> library.asUser(probe).history().save(meditation()));
    pipelined = sent.get(0).sql() + ";\n" + SAVE;
  }

  @Override
  List<Member> members() {
    return libraryFloorByHand(this::library, this::floor, this::protocolByHand);
  }

  @Override
  void cleanUp() {
    deleteSaved();
  }

  private void deleteSaved() {
    BenchEnvironment.execute(dataSource,
        "delete from public.meditation_history where prompt like '" + MARKER + "%'");
  }

  private NewMeditation meditation() {
    return meditation(PROMPT, audioUrl());
  }

  /** The meditation every save of these benchmarks makes: the script, tags and duration, and a URL. */
  static NewMeditation meditation(String prompt, String audioUrl) {
    return NewMeditation.withPrompt(prompt).withEnhancedScript(SCRIPT).withDurationSeconds(600)
        .withAudioTags(TAGS).withAudioUrl(audioUrl);
  }

  private String audioUrl() {
    return "https://storage.example/audio/bench-" + (++saves) + ".mp3";
  }

  /** The library: one call, {@code asUser(u).history().save(meditation.withAudioUrl(url))}. */
  public UUID library() {
    return inrvo.asUser(users.at(currentCycle())).history().save(meditation());
  }

  /** Raw JDBC, the original code: INSERT ... RETURNING id, then UPDATE audio_url; autocommit each. */
  public UUID floor() throws SQLException {
    UUID user = users.at(currentCycle());
    try (Connection c = dataSource.getConnection()) {
      UUID id;
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        ps.setObject(1, user);
        ps.setString(2, PROMPT);
        ps.setString(3, SCRIPT);
        ps.setInt(4, 600);
        ps.setArray(5, c.createArrayOf("text", TAGS.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          id = rs.getObject(1, UUID.class);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
        ps.setString(1, audioUrl());
        ps.setObject(2, id);
        ps.executeUpdate();
      }
      return id;
    }
  }

  /**
   * The library's protocol by hand: the library's (read-write) context statement and the
   * function call as one statement string in autocommit, one round trip and one commit.
   */
  public UUID protocolByHand() throws SQLException {
    UUID user = users.at(currentCycle());
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(pipelined)) {
      LibrarySql.bindUserContext(ps, user);
      ps.setString(4, PROMPT);
      ps.setString(5, SCRIPT);
      ps.setInt(6, 600);
      ps.setArray(7, c.createArrayOf("text", TAGS.toArray()));
      ps.setString(8, audioUrl());
      LibrarySql.skipContext(ps);
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        return rs.getObject(1, UUID.class);
      }
    }
  }

  /** A readable script of about {@code chars} characters (the floor's average script size). */
  static String script(int chars) {
    String[] words = {"breathe", "slowly", "notice", "your", "body", "soften", "the", "shoulders", "let",
        "thoughts", "drift", "like", "clouds", "across", "a", "quiet", "sky", "feel", "ground", "beneath",
        "you", "gently", "return", "to", "this", "moment", "[pause-short]", "[breath-in]"};
    StringBuilder text = new StringBuilder(chars + 16);
    for (int i = 0; text.length() < chars; i++) {
      text.append(words[(i * 7919 + i / 7 * 104729) % words.length]).append(i % 13 == 12 ? ".\n" : " ");
    }
    return text.substring(0, chars);
  }
}
