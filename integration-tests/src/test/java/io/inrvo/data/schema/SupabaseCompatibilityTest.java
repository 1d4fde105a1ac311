package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.UserProfile;
import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.RequestContext;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The migrations on a database prepared like Supabase's ({@link SupabaseLike}): schema {@code
 * auth} with its own {@code auth.users} and claim functions exists already, owned by {@code
 * supabase_auth_admin}, and the migrating login is not a superuser (but has CREATEROLE, CREATEDB and
 * BYPASSRLS) and cannot create anything in {@code auth} (as {@code postgres} on hosted Supabase).
 * The shim must skip everything that exists and replace nothing. A user whose {@code auth.users}
 * row Supabase Auth wrote signs up through the library and reaches their first page; {@link
 * InrvoSchema#createAuthUser}, bare PostgreSQL's stand-in for Auth, refuses there.
 */
class SupabaseCompatibilityTest {

  private static final List<String> AUTH_FUNCTIONS = List.of("auth.uid()", "auth.role()", "auth.email()", "auth.jwt()");

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  private static SupabaseLike supabase;
  private static DataSource migrator;
  private static MigrationResult firstRun;
  private static MigrationResult secondRun;

  @BeforeAll
  static void prepareSupabaseLikeDatabase() throws SQLException {
    TestDatabase db = DB.database();
    supabase = SupabaseLike.prepare(db.server(), db.name());
    migrator = supabase.migratorDataSource();
    firstRun = InrvoSchema.migrate(migrator);
    secondRun = InrvoSchema.migrate(migrator);
  }

  @AfterAll
  static void dropMigrator() throws SQLException {
    supabase.close();
  }

  @Test
  void nonSuperuserMigratesOnceAndSupabaseDefinitionsSurvive() throws SQLException {
    // The migrating login was not a superuser, had Supabase's postgres attributes and could not
    // create objects in auth.
    assertEquals("super=false createrole=true createdb=true bypassrls=true", TestSql.text(migrator,
        "select format('super=%s createrole=%s createdb=%s bypassrls=%s', rolsuper::text, rolcreaterole::text, "
            + "rolcreatedb::text, rolbypassrls::text) from pg_roles where rolname = current_user"));
    assertEquals(0, TestSql.count(migrator,
        "select count(*) from pg_namespace where nspname = 'auth' and has_schema_privilege(oid, 'CREATE')"));

    assertEquals(MigrationFiles.versions(), firstRun.appliedVersions());
    assertEquals(List.of(), secondRun.appliedVersions());
    DataSource superuser = DB.dataSource();
    for (String function : AUTH_FUNCTIONS) {
      assertEquals(SupabaseLike.ORIGINAL,
          TestSql.text(superuser, "select obj_description(?::regprocedure, 'pg_proc')", function), function);
      assertEquals(SupabaseLike.AUTH_ADMIN,
          TestSql.text(superuser, "select pg_get_userbyid(proowner) from pg_proc where oid = ?::regprocedure", function),
          function);
    }
    assertEquals(SupabaseLike.ORIGINAL, TestSql.text(superuser, "select obj_description('auth.users'::regclass, 'pg_class')"));
    assertEquals(SupabaseLike.AUTH_ADMIN, TestSql.text(superuser,
        "select pg_get_userbyid(relowner) from pg_class where oid = 'auth.users'::regclass"));
    assertEquals(SupabaseLike.AUTH_ADMIN, TestSql.text(superuser,
        "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'auth'"));
    // Nothing else was added to auth: its functions are still Supabase's four.
    assertEquals(AUTH_FUNCTIONS.stream().sorted().toList(), TestSql.column(superuser,
        "select p.oid::regprocedure::text from pg_proc p where p.pronamespace = 'auth'::regnamespace order by 1"));
    // auth.users keeps exactly its two columns: the shim's wider table was not created over it.
    assertEquals(List.of("id", "email"), TestSql.column(superuser,
        "select attname from pg_attribute where attrelid = 'auth.users'::regclass and attnum > 0 "
            + "and not attisdropped order by attnum"));
    // The schema's objects belong to the migrating login, as on Supabase.
    assertEquals(supabase.migrator(), TestSql.text(superuser,
        "select tableowner from pg_tables where tablename = 'meditation_history'"));
  }

  @Test
  void migratedSchemaWorksForUsersOnTheSupabaseAuthSchema() throws SQLException {
    UUID alice = TestUsers.create(DB.dataSource(), "alice@supabase.test");

    // The migrating login is a member of authenticated, so it can take the role as PostgREST does.
    Object saved = RequestContext.user(alice).commit(migrator,
        c -> TestSql.value(c, "select public.save_meditation_with_audio(p_prompt => 'Evening calm')"));

    assertEquals(alice, TestSql.value(DB.dataSource(),
        "select user_id from public.meditation_history where id = ?", saved));
    assertTrue(RequestContext.user(UUID.randomUUID()).rollback(migrator,
        c -> TestSql.count(c, "select count(*) from public.meditation_history")) == 0);
  }

  @Test
  void aUserSupabaseAuthCreatedSignsUpSavesAndReadsTheFirstPageThroughTheMigratorsInrvo() {
    UUID carol = UUID.randomUUID();
    // Supabase Auth writes auth.users itself, as the owner of schema auth (here: the superuser).
    TestSql.exec(DB.dataSource(), "insert into auth.users (id, email) values (?, ?)", carol, "carol@supabase.test");
    Session session = Inrvo.create(migrator).asUser(carol);

    UserProfile profile = session.profile().signUp("carol@supabase.test");
    UUID saved = session.history().save(NewMeditation.withPrompt("Morning focus").withDurationSeconds(300));
    Page<MeditationSummary> page = session.history().page(PageRequest.first(20));

    assertEquals(carol, profile.id());
    assertEquals(List.of(saved), page.items().stream().map(MeditationSummary::id).toList());
    assertEquals("Morning focus", page.items().get(0).prompt());
    assertEquals("carol@supabase.test|user", TestSql.text(DB.dataSource(),
        "select email || '|' || role from public.users where id = ?", carol));
  }

  @Test
  void createAuthUserRefusesOnSupabasesOwnAuthUsersSayingWhatToCallAndChangesNothing() {
    UUID dave = UUID.randomUUID();
    long authUsers = TestSql.count(DB.dataSource(), "select count(*) from auth.users");

    IllegalStateException refused = assertThrows(IllegalStateException.class,
        () -> InrvoSchema.createAuthUser(migrator, dave, "dave@supabase.test"));

    assertEquals("auth.users is not the compatibility shim of bare PostgreSQL: on Supabase, Supabase Auth creates "
        + "the row when the user signs up; call ProfileRepository.signUp after it", refused.getMessage());
    assertEquals(authUsers, TestSql.count(DB.dataSource(), "select count(*) from auth.users"));
    assertEquals(SupabaseLike.ORIGINAL, TestSql.text(DB.dataSource(), "select obj_description('auth.users'::regclass, 'pg_class')"));
  }
}
