package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code save_meditation_with_audio}: one round trip, always owned by the caller, inputs checked;
 * long values stored compressed with lz4.
 */
class SaveMeditationFunctionTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void withoutClaimsTheCallIsNotAuthenticated() throws SQLException {
    long before = rows();

    SQLException e = RequestContext.roleWithoutClaims("authenticated").failure(DB.dataSource(),
        c -> TestSql.value(c, "select public.save_meditation_with_audio('Morning focus')"));

    assertEquals("28000", e.getSQLState());
    assertTrue(e.getMessage().contains("Not authenticated"), e.getMessage());
    assertEquals(before, rows());
  }

  @Test
  void anonMayNotCallIt() throws SQLException {
    SQLException e = RequestContext.anon().failure(DB.dataSource(),
        c -> TestSql.value(c, "select public.save_meditation_with_audio('Morning focus')"));

    assertEquals("42501", e.getSQLState());
  }

  @Test
  void withClaimsInsertsExactlyOneRowOwnedByTheCaller(@TestUser("alice") UUID alice, @TestUser("bob") UUID bob) throws SQLException {
    DataSource ds = DB.dataSource();
    long before = rows();

    // Nothing about the owner is passed: the function takes it from the JWT.
    UUID id = RequestContext.user(alice).commit(ds, c -> (UUID) TestSql.value(c,
        "select public.save_meditation_with_audio(p_prompt => 'Body scan', p_enhanced_script => 'Breathe in...', "
            + "p_voice_name => 'Calm', p_duration_seconds => 600, p_audio_tags_used => array['pause-short', 'bell'], "
            + "p_audio_url => 'audio/body-scan.mp3')"));

    assertEquals(before + 1, rows());
    assertEquals(1, TestSql.count(ds, "select count(*) from public.meditation_history where id = ?", id));
    assertEquals(alice, TestSql.value(ds, "select user_id from public.meditation_history where id = ?", id));
    assertEquals("Body scan|Breathe in...|Calm|600|{pause-short,bell}|audio/body-scan.mp3|f", TestSql.text(ds,
        "select concat_ws('|', prompt, enhanced_script, voice_name, duration_seconds, audio_tags_used, audio_url, "
            + "is_favorite) from public.meditation_history where id = ?", id));
    // Bob, saving next, gets his own row; neither sees the other's.
    UUID bobs = RequestContext.user(bob).commit(ds,
        c -> (UUID) TestSql.value(c, "select public.save_meditation_with_audio('Sleep story')"));
    assertEquals(bob, TestSql.value(ds, "select user_id from public.meditation_history where id = ?", bobs));
    assertEquals(List.of("Sleep story"), RequestContext.user(bob).rollback(ds,
        c -> TestSql.column(c, "select prompt from public.meditation_history")));
  }

  @Test
  void aLongScriptIsStoredCompressedWithLz4WhereTheServerHasIt(@TestUser("alice") UUID alice) throws SQLException {
    DataSource ds = DB.dataSource();
    String script = "Breathe in slowly, and notice the weight of your body. ".repeat(240); // 13 KB

    UUID id = RequestContext.user(alice).commit(ds, c -> (UUID) TestSql.value(c,
        "select public.save_meditation_with_audio(p_prompt => 'Long body scan', p_enhanced_script => ?)", script));

    assertEquals(LongValueCompressionTest.serverHasLz4(ds) ? "lz4" : "pglz", TestSql.text(ds,
        "select pg_column_compression(enhanced_script) from public.meditation_history where id = ?", id));
    assertEquals(script, TestSql.text(ds, "select enhanced_script from public.meditation_history where id = ?", id));
  }

  @Test
  void nullTagsAreStoredAsAnEmptyArray(@TestUser("alice") UUID alice) throws SQLException {
    UUID id = RequestContext.user(alice).commit(DB.dataSource(), c -> (UUID) TestSql.value(c,
        "select public.save_meditation_with_audio(p_prompt => 'Walk', p_audio_tags_used => null)"));

    assertEquals("{}", TestSql.text(DB.dataSource(),
        "select audio_tags_used::text from public.meditation_history where id = ?", id));
  }

  @Test
  void blankOrNullPromptAndNegativeDurationAreRejected(@TestUser("alice") UUID alice) throws SQLException {
    long before = rows();
    for (String call : List.of(
        "public.save_meditation_with_audio(E'  \\n\\t ')",
        "public.save_meditation_with_audio(''::text)",
        "public.save_meditation_with_audio(null::text)",
        "public.save_meditation_with_audio(p_prompt => 'x', p_duration_seconds => -5)")) {
      SQLException e = RequestContext.user(alice).failure(DB.dataSource(), c -> TestSql.value(c, "select " + call));
      assertEquals("22023", e.getSQLState(), call + ": " + e.getMessage());
    }
    assertEquals(before, rows());
  }

  private static long rows() throws SQLException {
    return TestSql.count(DB.dataSource(), "select count(*) from public.meditation_history");
  }

}
