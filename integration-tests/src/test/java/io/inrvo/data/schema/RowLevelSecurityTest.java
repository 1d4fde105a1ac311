package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Row-level security and grants, exercised as PostgREST would: raw JDBC transactions that switch
 * to {@code authenticated}/{@code anon} and set JWT claims with {@code set_config(..., true)}.
 */
class RowLevelSecurityTest {

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  /** Has an auth.users account but no profile row yet. */
  private static UUID carol;

  /**
   * Every table holding user data, with its owner column, a statement that would create a row for
   * {@code ?} (the victim's id), and a harmless update.
   */
  enum UserTable {
    USERS("users", "id",
        "insert into public.users (id, email) values (?, 'stolen@rls.test')",
        "set first_name = 'hacked'"),
    MEDITATION_HISTORY("meditation_history", "user_id",
        "insert into public.meditation_history (user_id, prompt) values (?, 'planted')",
        "set prompt = 'hacked'"),
    VOICE_PROFILES("voice_profiles", "user_id",
        "insert into public.voice_profiles (user_id, name) values (?, 'planted')",
        "set name = 'hacked'"),
    VOICE_CLONES("voice_clones", "user_id",
        "insert into public.voice_clones (user_id, name) values (?, 'planted')",
        "set name = 'hacked'"),
    AGENT_CONVERSATIONS("agent_conversations", "user_id",
        "insert into public.agent_conversations (id, user_id) values ('planted-' || gen_random_uuid(), ?)",
        "set messages = '[]'"),
    AGENT_CONVERSATION_ARCHIVE("agent_conversation_archive", "user_id",
        "insert into public.agent_conversation_archive (conversation_id, user_id, messages, message_range) "
            + "values ('conv-alice', ?, '[]', '[500,501)')",
        "set messages = '[]'");

    final String table;
    final String owner;
    final String insertFor;
    final String update;

    UserTable(String table, String owner, String insertFor, String update) {
      this.table = "public." + table;
      this.owner = owner;
      this.insertFor = insertFor;
      this.update = update;
    }

    /** Only archive_old_messages writes the archive: authenticated has no write grant there. */
    boolean writableByUsers() {
      return this != AGENT_CONVERSATION_ARCHIVE;
    }
  }

  @BeforeAll
  static void createUsersWithRowsEverywhere(DataSource ds, @TestUser("alice") UUID alice, @TestUser("bob") UUID bob,
      @TestAdmin("admin") UUID admin) {
    carol = UUID.randomUUID();
    TestSql.script(ds, "insert into auth.users (id, email) values ('" + carol + "', 'carol@rls.test')");
    for (UUID user : List.of(alice, bob)) {
      String name = user.equals(alice) ? "alice" : "bob";
      TestSql.script(ds,
          "insert into public.meditation_history (user_id, prompt, is_favorite) "
              + "select '" + user + "', 'prompt ' || g, g % 2 = 0 from generate_series(1, 3) g",
          "insert into public.voice_profiles (user_id, name) values ('" + user + "', 'voice of " + name + "')",
          "insert into public.voice_clones (user_id, name) values ('" + user + "', 'clone of " + name + "')",
          "insert into public.agent_conversations (id, user_id, messages) values ('conv-" + name + "', '" + user
              + "', '[{\"role\": \"user\", \"content\": \"hi from " + name + "\"}]')",
          "insert into public.agent_conversation_archive (conversation_id, user_id, messages, message_range) "
              + "values ('conv-" + name + "', '" + user + "', '[{\"role\": \"user\", \"content\": \"old\"}]', '[1,2)')");
    }
  }

  @ParameterizedTest
  @EnumSource(UserTable.class)
  void userReadsOnlyOwnRows(UserTable t, @TestUser("alice") UUID alice, @TestUser("bob") UUID bob) throws SQLException {
    long own = TestSql.count(DB.dataSource(), "select count(*) from " + t.table + " where " + t.owner + " = ?", alice);

    RequestContext.user(alice).rollback(DB.dataSource(), c -> {
      assertEquals(0, TestSql.count(c, "select count(*) from " + t.table + " where " + t.owner + " = ?", bob));
      assertEquals(own, TestSql.count(c, "select count(*) from " + t.table));
      assertTrue(own > 0, "alice has rows in " + t.table);
      return null;
    });
  }

  @ParameterizedTest
  @EnumSource(UserTable.class)
  void userCannotUpdateOrDeleteOthersRows(UserTable t, @TestUser("alice") UUID alice, @TestUser("bob") UUID bob) throws SQLException {
    String update = "update " + t.table + " " + t.update + " where " + t.owner + " = ?";
    String delete = "delete from " + t.table + " where " + t.owner + " = ?";
    if (t.writableByUsers()) {
      RequestContext.user(alice).rollback(DB.dataSource(), c -> {
        assertEquals(0, TestSql.exec(c, update, bob));
        assertEquals(0, TestSql.exec(c, delete, bob));
        // Control: the same statements do reach the caller's own rows.
        assertTrue(TestSql.exec(c, update, alice) > 0);
        return null;
      });
    } else {
      assertEquals(INSUFFICIENT_PRIVILEGE,
          RequestContext.user(alice).failure(DB.dataSource(), c -> TestSql.exec(c, update, bob)).getSQLState());
      assertEquals(INSUFFICIENT_PRIVILEGE,
          RequestContext.user(alice).failure(DB.dataSource(), c -> TestSql.exec(c, delete, bob)).getSQLState());
    }
    assertTrue(TestSql.count(DB.dataSource(), "select count(*) from " + t.table + " where " + t.owner + " = ?", bob) > 0);
  }

  @ParameterizedTest
  @EnumSource(UserTable.class)
  void userCannotCreateRowsOwnedBySomeoneElse(UserTable t, @TestUser("alice") UUID alice, @TestUser("bob") UUID bob) throws SQLException {
    // For users, the victim is an account without a profile, so only RLS can refuse the row.
    UUID victim = t == UserTable.USERS ? carol : bob;

    SQLException e = RequestContext.user(alice).failure(DB.dataSource(), c -> TestSql.exec(c, t.insertFor, victim));

    assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(value = UserTable.class, names = {"MEDITATION_HISTORY", "VOICE_PROFILES", "VOICE_CLONES", "AGENT_CONVERSATIONS"})
  void userCannotHandOwnRowsToSomeoneElse(UserTable t, @TestUser("alice") UUID alice, @TestUser("bob") UUID bob) throws SQLException {
    SQLException e = RequestContext.user(alice).failure(DB.dataSource(),
        c -> TestSql.exec(c, "update " + t.table + " set user_id = ? where user_id = ?", bob, alice));

    assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), e.getMessage());
  }

  @Test
  void userCannotChangeOwnRoleOrTier(@TestUser("alice") UUID alice, @TestAdmin("admin") UUID admin) throws SQLException {
    for (String change : List.of("set role = 'admin'", "set tier = 'pro'")) {
      SQLException e = RequestContext.user(alice).failure(DB.dataSource(),
          c -> TestSql.exec(c, "update public.users " + change + " where id = ?", alice));
      assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), change);
    }
    // Nor sign up as an admin.
    SQLException e = RequestContext.user(carol).failure(DB.dataSource(),
        c -> TestSql.exec(c, "insert into public.users (id, role) values (?, 'admin')", carol));
    assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState());
    assertEquals("user", TestSql.text(DB.dataSource(), "select role from public.users where id = ?", alice));
    // Control: profile fields the user owns stay editable.
    assertEquals(1, (int) RequestContext.user(alice).<Integer>rollback(DB.dataSource(),
        c -> TestSql.exec(c, "update public.users set first_name = 'Alice' where id = ?", alice)));
  }

  @ParameterizedTest
  @EnumSource(UserTable.class)
  void anonSeesNoUserData(UserTable t) {
    SQLException e = RequestContext.anon().failure(DB.dataSource(),
        c -> TestSql.count(c, "select count(*) from " + t.table));

    assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState(), e.getMessage());
  }

  @Test
  void anonReadsOnlyThePublicPresetCatalogue() throws SQLException {
    long active = TestSql.count(DB.dataSource(), "select count(*) from public.audio_tag_presets where is_active");

    assertEquals(active, (long) RequestContext.anon().<Long>rollback(DB.dataSource(),
        c -> TestSql.count(c, "select count(*) from public.audio_tag_presets")));
    assertTrue(active > 0);
  }

  @ParameterizedTest
  @EnumSource(UserTable.class)
  void adminSeesEveryRow(UserTable t, @TestAdmin("admin") UUID admin) throws SQLException {
    long all = TestSql.count(DB.dataSource(), "select count(*) from " + t.table);

    assertEquals(all, (long) RequestContext.user(admin).<Long>rollback(DB.dataSource(),
        c -> TestSql.count(c, "select count(*) from " + t.table)));
    // More than the admin's own rows: other users' rows are visible.
    assertTrue(all > TestSql.count(DB.dataSource(), "select count(*) from " + t.table + " where " + t.owner + " = ?", admin));
  }

  @Test
  void adminCannotWriteOtherUsersRows(@TestUser("alice") UUID alice, @TestAdmin("admin") UUID admin) throws SQLException {
    assertEquals(0, (int) RequestContext.user(admin).<Integer>rollback(DB.dataSource(),
        c -> TestSql.exec(c, "update public.meditation_history set prompt = 'by admin' where user_id = ?", alice)));
  }

  @Test
  void analyticsCacheIsNotReadableDirectlyButThroughTheAdminFunction(@TestUser("alice") UUID alice, @TestAdmin("admin") UUID admin) throws SQLException {
    for (UUID user : List.of(alice, admin)) {
      SQLException e = RequestContext.user(user).failure(DB.dataSource(),
          c -> TestSql.count(c, "select count(*) from public.admin_analytics_cache"));
      assertEquals(INSUFFICIENT_PRIVILEGE, e.getSQLState());
    }
    assertEquals(INSUFFICIENT_PRIVILEGE, RequestContext.user(alice).failure(DB.dataSource(),
        c -> TestSql.count(c, "select count(*) from public.get_admin_analytics()")).getSQLState());
    assertEquals(1, (long) RequestContext.user(admin).<Long>rollback(DB.dataSource(),
        c -> TestSql.count(c, "select count(*) from public.get_admin_analytics()")));
  }

  @Test
  void serviceRoleBypassesRowLevelSecurity() throws SQLException {
    long all = TestSql.count(DB.dataSource(), "select count(*) from public.meditation_history");

    assertEquals(all, (long) RequestContext.service().<Long>rollback(DB.dataSource(),
        c -> TestSql.count(c, "select count(*) from public.meditation_history")));
  }

  @Test
  void everyUserTableHasRlsAndEveryPolicyEvaluatesClaimsOncePerStatement() throws SQLException {
    DataSource ds = DB.dataSource();
    for (UserTable t : UserTable.values()) {
      assertTrue((Boolean) TestSql.value(ds, "select relrowsecurity from pg_class where oid = ?::regclass", t.table), t.table);
    }
    List<String> expressions = TestSql.column(ds,
        "select coalesce(qual, '') || ' ' || coalesce(with_check, '') from pg_policies where schemaname = 'public'");
    assertTrue(expressions.size() >= 21, expressions::toString);
    Pattern call = Pattern.compile("(\\(\\s*SELECT\\s+)?(?:public\\.|inrvo_private\\.)?(auth\\.uid|is_admin)\\(\\)");
    int calls = 0;
    for (String expression : expressions) {
      Matcher m = call.matcher(expression);
      while (m.find()) {
        calls++;
        // Wrapped in a sub-select, the call is an InitPlan run once, not once per row.
        assertTrue(m.group(1) != null, expression);
      }
    }
    assertTrue(calls >= expressions.size(), "every policy checks the caller");
  }
}
