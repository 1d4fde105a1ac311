package io.inrvo.data.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Caller;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The kit's SQL helpers: {@link TestSql} and {@link RequestContext}. */
class TestSqlTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  @Test
  void valuesComeBackAsJdbcReadsThemAndNullStaysNull(DataSource db) {
    TestSql.script(db, "create table kit_values (id int primary key, label text)");
    assertEquals(2, TestSql.exec(db, "insert into kit_values values (1, 'one'), (2, null)"));

    assertEquals(1, TestSql.value(db, "select id from kit_values where label = ?", "one"));
    assertEquals("one", TestSql.text(db, "select label from kit_values where id = ?", 1));
    assertNull(TestSql.text(db, "select label from kit_values where id = 2"));
    assertEquals(2, TestSql.count(db, "select count(*) from kit_values"));
    assertEquals(List.of("1", "one"), TestSql.row(db, "select id, label from kit_values order by id"));
    assertEquals(Arrays.asList("one", null), TestSql.column(db, "select label from kit_values order by id"));
    assertEquals(2, TestSql.rows(db, "select id, label from kit_values").size());
    assertEquals(3, TestSql.value(db, "insert into kit_values values (3, 'three') returning id"));
  }

  @Test
  void aMissingRowOrAFailingStatementFailsTheTestNamingTheSql(DataSource db) {
    AssertionError noRow = assertThrows(AssertionError.class, () -> TestSql.text(db, "select 1 where false"));
    AssertionError failing = assertThrows(AssertionError.class, () -> TestSql.exec(db, "select * from no_such_table"));

    assertTrue(noRow.getMessage().contains("select 1 where false"), noRow.getMessage());
    assertTrue(failing.getMessage().contains("42P01") && failing.getMessage().contains("no_such_table"),
        failing.getMessage());
  }

  @Test
  void failureReturnsTheSqlStateAndFailsWhenTheStatementSucceeds(DataSource db) {
    assertEquals("22012", TestSql.failure(db, "select 1 / 0"));
    assertThrows(AssertionError.class, () -> TestSql.failure(db, "select 1"));
  }

  @Test
  void aScriptFlushesStatisticsSoTheyAreReadableAtOnce(DataSource db) {
    TestSql.script(db,
        "create table kit_stats (id int primary key)",
        "insert into kit_stats select generate_series(1, 25)");

    assertEquals(25, TestSql.count(db, "select n_tup_ins from pg_stat_user_tables where relname = 'kit_stats'"));
  }

  @Test
  void aUsersContextCarriesTheirClaimsAndEndsWithTheTransaction(DataSource db, @TestUser("ctx") UUID user)
      throws SQLException {
    List<String> inside = RequestContext.of(Caller.user(user, "ctx\"quoted@inrvo.test")).rollback(db,
        c -> TestSql.row(c, "select current_user, auth.uid()::text, auth.email()"));

    assertEquals(List.of("authenticated", user.toString(), "ctx\"quoted@inrvo.test"), inside);
    assertEquals(DB.database().server().user(), TestSql.text(db, "select current_user"), "nothing stays");
    assertEquals(new RequestContext("anon", Optional.of("{\"role\":\"anon\"}")), RequestContext.anon());
  }

  @Test
  void rowLevelSecurityHidesOtherUsersRowsInsideAContext(DataSource db, @TestUser("own") UUID own,
      @TestUser("other") UUID other) throws SQLException {
    TestSql.exec(db, "insert into public.meditation_history (user_id, prompt) values (?, 'mine'), (?, 'theirs')",
        own, other);

    long visible = RequestContext.user(own).rollback(db,
        c -> TestSql.count(c, "select count(*) from public.meditation_history"));
    SQLException denied = RequestContext.roleWithoutClaims("anon").failure(db, c -> {
      try (Statement s = c.createStatement()) {
        return s.execute("insert into public.meditation_history (user_id, prompt) values (gen_random_uuid(), 'x')");
      }
    });

    assertEquals(1, visible);
    assertEquals("42501", denied.getSQLState());
    assertEquals(List.of("mine"), RequestContext.service().rollback(db,
        c -> TestSql.column(c, "select prompt from public.meditation_history where user_id = ?", own)));
  }
}
