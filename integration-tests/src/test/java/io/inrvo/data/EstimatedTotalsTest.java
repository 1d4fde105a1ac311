package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.admin.AdminMeditation;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link CountPolicy#ESTIMATED} on real, ANALYZEd tables, for the history and the admin lists alike:
 * exact below {@link CountPolicy#ESTIMATED_EXACT_BELOW}, the planner's estimate at or above it, in
 * the page's own statement (one round trip). Fixture: "heavy" with 3,000 meditations, 1,200 of them
 * deleted after ANALYZE (the planner still expects about 3,000, 1,800 remain: an estimate and a
 * count differ), "light" with 40; autovacuum is off for the table, so the statistics stay as
 * ANALYZE left them.
 */
class EstimatedTotalsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static final Pattern PLAN_ROWS = Pattern.compile("\"Plan Rows\": ([0-9.]+)");

  @BeforeAll
  static void setUp(DataSource ds, @TestUser("heavy") UUID heavy, @TestUser("light") UUID light) {
    TestSql.exec(ds, "alter table public.meditation_history set (autovacuum_enabled = false)");
    String insert = "insert into public.meditation_history (user_id, prompt, is_favorite, created_at) "
        + "select ?, 'p ' || g, g % 10 = 0, timestamptz '2024-01-01' + g * interval '1 minute' "
        + "from generate_series(1, ?) g";
    TestSql.exec(ds, insert, heavy, 3_000);
    TestSql.exec(ds, insert, light, 40);
    TestSql.vacuumAnalyze(ds, "public.meditation_history");
    // g % 5 in (1, 2): 1,200 rows, none of them a favorite (g % 10 = 0)
    TestSql.exec(ds, "delete from public.meditation_history where user_id = ? and substr(prompt, 3)::int % 5 in (1, 2)",
        heavy);
  }

  @Test
  void aLargeHistoryGetsThePlannersEstimateInTheSameRoundTrip(@TestUser("heavy") Session heavy,
      @TestUser("heavy") UUID heavyId, DataSource ds, CapturedStatements sql) {
    sql.clear();
    Page<MeditationSummary> page = heavy.history().page(PageRequest.first(10).withCount(CountPolicy.ESTIMATED));

    assertEquals(2, sql.size(), "the context statement and the page: " + sql.all());
    assertEquals(10, page.items().size());
    long total = page.total().orElseThrow();
    assertEquals(planned(ds, "select 1 from public.meditation_history where user_id = '" + heavyId + "'"), total);
    assertTrue(total >= CountPolicy.ESTIMATED_EXACT_BELOW, "estimate " + total);
    assertEquals(1_800, TestSql.count(ds, "select count(*) from public.meditation_history where user_id = ?", heavyId));
    assertNotEquals(1_800, total, "the planner's estimate, not a count");
    assertTrue(page.totalIsEstimate());
    assertEquals(CountPolicy.ESTIMATED, page.totalPolicy());
  }

  @Test
  void smallListsGetExactCountsEvenWhenTheStatisticsAreStale(@TestUser("heavy") Session heavy,
      @TestUser("light") Session light, CapturedStatements sql) {
    PageRequest estimated = PageRequest.first(10).withCount(CountPolicy.ESTIMATED);
    sql.clear();
    Page<MeditationSummary> favorites = heavy.history().favorites(estimated);
    assertEquals(2, sql.size(), "one round trip: " + sql.all());
    assertEquals(300, favorites.total().orElseThrow());
    assertFalse(favorites.totalIsEstimate());

    Page<MeditationSummary> lights = light.history().page(estimated);
    assertEquals(40, lights.total().orElseThrow());
    assertFalse(lights.totalIsEstimate());
    assertEquals(0, light.history().withAudio(estimated).total().orElseThrow());
  }

  @Test
  void adminListsAreEstimatedWhenLargeAndCountedWhenSmall(@TestAdmin("root") Session admin,
      @TestUser("heavy") UUID heavyId, @TestUser("light") UUID lightId, DataSource ds, CapturedStatements sql) {
    AdminListRequest estimated = AdminListRequest.first(50).withCount(CountPolicy.ESTIMATED);

    sql.clear();
    OffsetPage<AdminMeditation> all = admin.admin().meditations(estimated);
    assertEquals(2, sql.size(), "one round trip: " + sql.all());
    assertEquals(planned(ds, "select 1 from public.meditation_history"), all.total().orElseThrow());
    assertNotEquals(1_840, all.total().orElseThrow());
    assertTrue(all.totalIsEstimate());
    assertTrue(all.hasNext());

    OffsetPage<AdminMeditation> heavys = admin.admin().meditations(estimated.forUser(heavyId));
    assertEquals(planned(ds, "select 1 from public.meditation_history where user_id = '" + heavyId + "'"),
        heavys.total().orElseThrow());
    assertTrue(heavys.totalIsEstimate());

    OffsetPage<AdminMeditation> lights = admin.admin().meditations(estimated.forUser(lightId));
    assertEquals(40, lights.total().orElseThrow());
    assertFalse(lights.totalIsEstimate());
    long users = TestSql.count(ds, "select count(*) from public.users");
    assertEquals(users, admin.admin().users(estimated).total().orElseThrow());
    assertEquals(0, admin.admin().voiceProfiles(estimated).total().orElseThrow());
  }

  @Test
  void aUserCannotHaveAnotherUsersListCountedOrEstimated(@TestUser("light") UUID light, @TestUser("heavy") UUID heavy,
      DataSource ds) {
    for (String list : new String[] {"history", "meditations"}) {
      SQLException refused = RequestContext.user(light).failure(ds, c -> {
        try (PreparedStatement ps = c.prepareStatement("select inrvo_private.count_rows(?, ?, 1000)")) {
          ps.setString(1, list);
          ps.setObject(2, heavy);
          return ps.executeQuery().next();
        }
      });
      assertEquals("42501", refused.getSQLState(), refused.getMessage());
    }
    SQLException everyone = RequestContext.user(light).failure(ds, c -> c.createStatement()
        .executeQuery("select inrvo_private.count_rows('meditations', null, 1000)").next());
    assertEquals("42501", everyone.getSQLState(), everyone.getMessage());
  }

  /** The planner's row estimate of {@code query}, as the tables' owner plans it. */
  private static long planned(DataSource ds, String query) {
    try (var c = ds.getConnection(); var s = c.createStatement();
        ResultSet rs = s.executeQuery("explain (format json) " + query)) {
      rs.next();
      Matcher m = PLAN_ROWS.matcher(rs.getString(1));
      assertTrue(m.find(), rs.getString(1));
      return Math.round(Double.parseDouble(m.group(1)));
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
