package io.inrvo.data.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Session;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.Plan;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * EXPLAIN, as the admin's role and claims, of the admin list SQL the library actually sends, on
 * generated data: 40 users with 100 meditations and 50 voice profiles each, vacuumed and analyzed.
 */
class AdminListPlanTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static UUID someUser;

  @BeforeAll
  static void generate(DataSource ds) {
    TestSql.exec(ds, "insert into auth.users (id, email) "
        + "select md5('admin-plan-' || g)::uuid, 'user' || g || '@plans.test' from generate_series(1, 40) g");
    TestSql.exec(ds, "insert into public.users (id, email, created_at) "
        + "select id, email, timestamptz '2024-01-01' + random() * interval '300 days' from auth.users "
        + "where email like 'user%'");
    TestSql.exec(ds, "insert into public.meditation_history (user_id, prompt, enhanced_script, created_at) "
        + "select u.id, 'prompt ' || g, repeat('script ', 200), "
        + "timestamptz '2024-01-01' + random() * interval '300 days' "
        + "from public.users u cross join generate_series(1, 100) g where u.email like 'user%'");
    TestSql.exec(ds, "insert into public.voice_profiles (user_id, name, created_at) "
        + "select u.id, 'voice ' || g, timestamptz '2024-01-01' + random() * interval '300 days' "
        + "from public.users u cross join generate_series(1, 50) g where u.email like 'user%'");
    TestSql.vacuumAnalyze(ds, "public.users", "public.meditation_history", "public.voice_profiles");
    someUser = UUID.fromString(TestSql.text(ds, "select md5('admin-plan-17')::uuid::text"));
  }

  @Test
  void meditationListOverAllUsersWalksTheCreatedIndex(@TestAdmin("root") Session admin, DataSource ds, CapturedStatements sql) {
    assertEquals(4000, admin.admin().meditations(AdminListRequest.first(20)).total().getAsLong());

    Plan plan = Plan.explain(ds, sql.last("\"meditation_history\".\"prompt\""));

    assertTrue(plan.usesIndex("idx_meditation_history_created"), plan.json());
    assertFalse(plan.has("Sort"), plan.json());
  }

  @Test
  void meditationListForOneUserWalksTheUserCreatedIndex(@TestAdmin("root") Session admin, DataSource ds, CapturedStatements sql) {
    assertEquals(100, admin.admin().meditations(AdminListRequest.first(20).forUser(someUser)).total().getAsLong());

    Plan plan = Plan.explain(ds, sql.last("\"meditation_history\".\"prompt\""));

    assertTrue(plan.usesIndex("idx_meditation_history_user_created"), plan.json());
  }

  @Test
  void voiceProfileListOverAllUsersWalksTheCreatedIndex(@TestAdmin("root") Session admin, DataSource ds, CapturedStatements sql) {
    assertEquals(2000, admin.admin().voiceProfiles(AdminListRequest.first(20)).total().getAsLong());

    Plan plan = Plan.explain(ds, sql.last("\"voice_profiles\".\"name\""));

    assertTrue(plan.usesIndex("idx_voice_profiles_created"), plan.json());
    assertFalse(plan.has("Sort"), plan.json());
  }
}
