package io.inrvo.data.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Caller;
import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnalyticsRepositoryTest {

  // a short timeout: a refresh that blocked readers would fail the test fast instead of hanging it
  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked()
      .withInrvo(db -> Inrvo.builder(db.dataSource()).statementTimeout(Duration.ofSeconds(5)));

  @Test
  void refreshRecomputesEveryFigureForAnAdmin(@TestAdmin("root") UUID adminId, @TestUser("plain") UUID plainId, Inrvo inrvo, DataSource ds) {
    UUID author = TestUsers.create(ds, "author@analytics.test");
    TestSql.exec(ds, "insert into public.meditation_history (user_id, prompt, audio_url, is_favorite, created_at) values "
        + "(?, 'new', 'https://cdn.test/a', true, now()), (?, 'old', null, false, now() - interval '30 days')", author, author);
    UUID profile = UUID.fromString(TestSql.text(ds, "insert into public.voice_profiles (user_id, name, cloning_status) "
        + "values (?, 'ready', 'ready'), (?, 'pending', 'pending') returning id", author, author));
    TestSql.exec(ds, "insert into public.voice_clones (user_id, voice_profile_id, name, is_active) "
        + "values (?, ?, 'on', true), (?, null, 'off', false)", author, profile, author);
    TestSql.exec(ds, "insert into public.agent_conversations (id, user_id) values ('conv-analytics', ?)", author);
    TestSql.exec(ds, "update public.users set created_at = now() - interval '30 days' where id = ?", plainId);

    inrvo.asAdmin(adminId).analytics().refresh();
    AnalyticsSnapshot s = inrvo.asAdmin(adminId).analytics().current();

    assertEquals(count("select count(*) from public.users"), s.totalUsers());
    assertEquals(count("select count(*) from public.users where created_at >= now() - interval '7 days'"), s.newUsers7d());
    assertEquals(1, s.adminUsers());
    assertEquals(2, s.totalMeditations());
    assertEquals(1, s.meditations7d());
    assertEquals(1, s.meditationsWithAudio());
    assertEquals(1, s.favoriteMeditations());
    assertEquals(2, s.totalVoiceProfiles());
    assertEquals(1, s.readyVoiceProfiles());
    assertEquals(1, s.activeVoiceClones());
    assertEquals(1, s.totalConversations());
    assertTrue(s.totalUsers() > s.newUsers7d());
  }

  @Test
  void refreshAdvancesRefreshedAtAndCurrentReportsIt(@TestAdmin("root") UUID adminId, Inrvo inrvo) {
    OffsetDateTime before = inrvo.asAdmin(adminId).analytics().current().refreshedAt();

    OffsetDateTime first = inrvo.asAdmin(adminId).analytics().refresh();
    OffsetDateTime second = inrvo.asService().analytics().refresh();

    assertTrue(first.isAfter(before), first + " after " + before);
    assertTrue(second.isAfter(first), second + " after " + first);
    assertEquals(second, inrvo.asAdmin(adminId).analytics().current().refreshedAt());
    assertEquals(second, inrvo.asService().analytics().current().refreshedAt());
  }

  @Test
  void figuresStayAsOfTheLastRefreshUntilTheNext(Inrvo inrvo, DataSource ds) {
    inrvo.asService().analytics().refresh();
    long users = inrvo.asService().analytics().current().totalUsers();

    TestUsers.create(ds, "late@analytics.test");

    assertEquals(users, inrvo.asService().analytics().current().totalUsers());
    inrvo.asService().analytics().refresh();
    assertEquals(users + 1, inrvo.asService().analytics().current().totalUsers());
  }

  @Test
  void aUserSessionIsDeniedBeforeAnySql(@TestAdmin("root") UUID adminId, @TestUser("plain") UUID plainId, Inrvo inrvo, CapturedStatements sql) {
    for (UUID id : List.of(plainId, adminId)) {
      assertThrows(AccessDeniedException.class, () -> inrvo.asUser(id).analytics().current());
      assertThrows(AccessDeniedException.class, () -> inrvo.asUser(id).analytics().refresh());
    }
    sql.assertNothingSent();
  }

  @Test
  void anAdminSessionOfANonAdminIsDeniedByTheDatabase(@TestUser("plain") UUID plainId, Inrvo inrvo, DataSource ds) {
    String before = TestSql.text(ds, "select refreshed_at::text from public.admin_analytics_cache");

    AccessDeniedException read = assertThrows(AccessDeniedException.class, () -> inrvo.asAdmin(plainId).analytics().current());
    AccessDeniedException refresh = assertThrows(AccessDeniedException.class, () -> inrvo.asAdmin(plainId).analytics().refresh());

    assertEquals(Optional.of("42501"), read.sqlState());
    assertEquals(Optional.of("42501"), refresh.sqlState());
    assertEquals(before, TestSql.text(ds, "select refreshed_at::text from public.admin_analytics_cache"));
  }

  @Test
  void readersAreNotBlockedWhileARefreshIsInProgress(@TestAdmin("root") UUID adminId, Inrvo inrvo, DataSource ds) throws SQLException {
    OffsetDateTime before = inrvo.asAdmin(adminId).analytics().current().refreshedAt();
    try (Connection refreshing = ds.getConnection()) {
      refreshing.setAutoCommit(false);
      try (Statement s = refreshing.createStatement()) {
        // the function's REFRESH ... CONCURRENTLY, left uncommitted: it holds its lock meanwhile
        RequestContext.of(Caller.service()).enter(refreshing);
        s.execute("select public.refresh_admin_analytics()");

        assertEquals(before, inrvo.asAdmin(adminId).analytics().current().refreshedAt());
      } finally {
        refreshing.rollback();
      }
    }
  }

  private static long count(String sql) {
    return TestSql.count(DB.dataSource(), sql);
  }
}
