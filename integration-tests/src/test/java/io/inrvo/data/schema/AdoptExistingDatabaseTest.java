package io.inrvo.data.schema;

import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.RequestContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.conversation.Transcript;
import io.inrvo.data.conversation.TranscriptMessage;
import io.inrvo.data.health.DatabaseHealth;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.schema.SchemaDifference.Verdict;
import io.inrvo.data.schema.internal.MigrationFiles;
import io.inrvo.data.schema.internal.SchemaCatalog;
import io.inrvo.data.schema.internal.SchemaObject;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestUsers;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link InrvoSchema#adopt} on the app's own database ({@link AppDatabase}) on a Supabase-like
 * server: compatible, adopted, and then the same as a database the library migrated from empty,
 * apart from the app's own objects, and behaving like one.
 */
class AdoptExistingDatabaseTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.empty();

  private static SupabaseLike supabase;
  private static DataSource app;
  private static SchemaComparison before;
  private static AdoptionResult adoption;

  @BeforeAll
  static void adoptTheAppsDatabase() throws SQLException {
    TestDatabase db = DB.database();
    supabase = SupabaseLike.prepare(db.server(), db.name());
    app = supabase.migratorDataSource();
    AppDatabase.create(app);

    before = InrvoSchema.compareWithBaseline(app);
    adoption = InrvoSchema.adopt(app);
  }

  @AfterAll
  static void dropTheMigrator() throws SQLException {
    supabase.close();
  }

  @Test
  void theAppsSchemaIsCompatibleAndTheComparisonSaysWhatIsReplacedAndKept() {
    assertTrue(before.compatible(), before.toText());
    Set<String> replaced = objects(before, Verdict.REPLACED);
    // The plan's own function and indexes, under the names later migrations use: replaced.
    assertTrue(replaced.containsAll(Set.of(
        "function public.archive_old_messages(text,integer)",
        "index public.idx_meditation_history_with_audio",
        "index public.idx_agent_conversations_messages_gin",
        // Supabase's default privileges: restated
        "grant on public.users to anon",
        "grant on public.users to authenticated",
        // the policies that ask is_admin() are restated by V12
        "policy meditation_history_select_own_or_admin on public.meditation_history")), replaced.toString());
    Set<String> kept = objects(before, Verdict.KEPT);
    assertTrue(kept.containsAll(Set.of(
        "table public.app_feedback",
        "table public.subscription_events",
        "column public.users.avatar_url",
        "column public.users.onboarding_completed",
        "column public.meditation_history.timing_map",
        "index public.idx_meditation_history_voice_id",
        // written the other way round: kept, flagged for review
        "policy meditation_history_delete_own on public.meditation_history")), kept.toString());
    assertTrue(before.toText().startsWith("Schema compared with the inrvo-data baseline (version 2): compatible"),
        before.toText());
  }

  @Test
  void adoptionRecordsTheBaselineAndRunsEveryLaterMigrationInOneGo() throws SQLException {
    List<String> later = MigrationFiles.versions().subList(MigrationFiles.versions().indexOf("2") + 1,
        MigrationFiles.versions().size());

    assertEquals(AdoptionResult.Outcome.ADOPTED, adoption.outcome(), adoption.toText());
    assertEquals(later, adoption.migration().orElseThrow().appliedVersions());
    assertEquals(Optional.of(later.get(later.size() - 1)), InrvoSchema.currentVersion(app));
    assertEquals(List.of("function public.archive_old_messages(text,integer)",
            "index public.idx_agent_conversations_messages_gin", "index public.idx_meditation_history_with_audio"),
        adoption.replaced());
    assertEquals(List.of("2|BASELINE"), TestSql.column(app,
        "select version || '|' || type from inrvo_meta.inrvo_schema_history where version::int <= 2"));
    // The application never used Flyway: adoption leaves it no Flyway history of its own.
    assertTrue((Boolean) TestSql.value(app, "select to_regclass('public.flyway_schema_history') is null"));
  }

  @Test
  void adoptedSchemaIsAFreshlyMigratedOnePlusTheAppsOwnObjects() throws SQLException {
    DatabaseServer server = DB.database().server();
    String name = "inrvo_fresh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    server.createDatabase(name);
    Map<String, SchemaObject> fresh;
    try (SupabaseLike other = SupabaseLike.prepare(server, name)) {
      InrvoSchema.migrate(other.migratorDataSource());
      fresh = byKey(SchemaCatalog.read(other.migratorDataSource()));
    } finally {
      server.dropDatabase(name);
    }
    Map<String, SchemaObject> adopted = byKey(SchemaCatalog.read(app));

    Set<String> missingOrDifferent = fresh.values().stream()
        .filter(o -> !adopted.containsKey(o.key()) || !adopted.get(o.key()).compared().equals(o.compared()))
        .map(SchemaObject::key).collect(Collectors.toSet());
    // Only the app's own variations: a policy written another way, a wider status check, and its
    // own columns of public.users, which their owner may update as before.
    assertEquals(Set.of(
            "POLICY policy meditation_history_delete_own on public.meditation_history",
            "CHECK public.voice_profiles CHECK ((cloning_status = ANY (ARRAY['pending'::text, 'processing'::text, "
                + "'ready'::text, 'failed'::text])))",
            "GRANT grant on public.users to authenticated"),
        missingOrDifferent);
    String grant = "GRANT grant on public.users to authenticated";
    assertEquals(fresh.get(grant).get("privileges"), adopted.get(grant).get("privileges"));
    assertEquals("UPDATE (audio_tag_preferences, avatar_url, display_name, email, first_name, last_login_at, "
        + "last_name, onboarding_completed)", adopted.get(grant).get("column privileges"));
    assertEquals(Set.of("public.app_feedback", "public.subscription_events"), extra(fresh, adopted, SchemaObject.Kind.TABLE));
    assertEquals(Set.of("public.idx_meditation_history_voice_id", "public.app_feedback_user_id_idx",
        "public.subscription_events_user_id_idx"), extra(fresh, adopted, SchemaObject.Kind.INDEX));
    assertEquals(Set.of("public.users.display_name", "public.users.avatar_url", "public.users.onboarding_completed",
            "public.voice_profiles.sample_duration_ms", "public.meditation_history.timing_map",
            "public.meditation_history.mood", "public.agent_conversations.title"),
        extra(fresh, adopted, SchemaObject.Kind.COLUMN).stream()
            .filter(c -> !c.startsWith("public.app_feedback.") && !c.startsWith("public.subscription_events."))
            .collect(Collectors.toSet()));
  }

  @Test
  void adoptedDatabaseKeepsUsersApartAndSavesPagesAndArchivesAsTheLibraryDoes() {
    UUID alice = TestUsers.create(DB.dataSource(), "alice@adopted.test");
    UUID bob = TestUsers.create(DB.dataSource(), "bob@adopted.test");
    Inrvo inrvo = Inrvo.create(app);
    Session aliceSession = inrvo.asUser(alice);

    List<UUID> saved = IntStream.rangeClosed(1, 5)
        .mapToObj(i -> aliceSession.history().save(NewMeditation.withPrompt("Evening calm " + i)))
        .toList();
    Page<MeditationSummary> first = aliceSession.history().page(PageRequest.first(3));
    Page<MeditationSummary> second = aliceSession.history().page(PageRequest.first(3).after(first.next().orElseThrow()));

    assertEquals(List.of(saved.get(4), saved.get(3), saved.get(2), saved.get(1), saved.get(0)),
        java.util.stream.Stream.concat(first.items().stream(), second.items().stream()).map(MeditationSummary::id)
            .toList());
    assertEquals(List.of(), inrvo.asUser(bob).history().page(PageRequest.first(10)).items());
    assertEquals(Optional.empty(), inrvo.asUser(bob).history().find(saved.get(0)));

    // The library's archive_old_messages replaced the plan's: absolute positions, order kept.
    var conversations = aliceSession.conversations();
    conversations.create("adopted-conv", JSONB.valueOf("{}"));
    conversations.append("adopted-conv", JSONB.valueOf(IntStream.rangeClosed(1, 6)
        .mapToObj(i -> "{\"role\":\"user\",\"content\":\"m" + i + "\"}").collect(Collectors.joining(",", "[", "]"))));
    assertEquals(4, conversations.archiveOldMessages("adopted-conv", 2));
    Transcript transcript = conversations.transcript("adopted-conv", 1, 100);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), transcript.messages().stream().map(TranscriptMessage::position).toList());
    assertTrue(transcript.messages().get(0).message().data().contains("m1"), transcript.toString());
    assertTrue(transcript.messages().get(5).message().data().contains("m6"), transcript.toString());
  }

  @Test
  void adoptedDatabaseHasTheLibrarysPrivilegesAndAdminChecks() throws SQLException {
    UUID carol = TestUsers.create(DB.dataSource(), "carol@adopted.test");
    UUID admin = TestUsers.createAdmin(DB.dataSource(), "admin@adopted.test");
    Inrvo inrvo = Inrvo.create(app);

    // Supabase's default privileges let authenticated update users.role; V11 took that away.
    assertEquals("42501", RequestContext.user(carol).failure(app,
        c -> TestSql.exec(c, "update public.users set role = 'admin' where id = ?", carol)).getSQLState());
    // The app's own column stays updatable by its owner.
    assertEquals(1, (int) RequestContext.user(carol).<Integer>rollback(app,
        c -> TestSql.exec(c, "update public.users set avatar_url = 'a.png' where id = ?", carol)));
    assertEquals("42501", RequestContext.anon().failure(app,
        c -> TestSql.count(c, "select count(*) from public.meditation_history")).getSQLState());

    assertThrows(AccessDeniedException.class, () -> inrvo.asAdmin(carol).analytics().current());
    inrvo.asAdmin(admin).analytics().refresh();
    assertTrue(inrvo.asAdmin(admin).analytics().current().totalUsers() >= 2);
  }

  @Test
  void adoptedDatabaseLintsLikeAMigratedOne() {
    DatabaseHealth health = DatabaseHealth.create(app);

    assertEquals(List.of(), health.lints());
    assertEquals(3, health.allowedLints().size(), health.allowedLints().toString());
  }

  @Test
  void adoptingAgainIsAPlainMigrationThatFindsNothingToDo() {
    AdoptionResult again = InrvoSchema.adopt(app);

    assertEquals(AdoptionResult.Outcome.ALREADY_MANAGED, again.outcome());
    assertEquals(List.of(), again.migration().orElseThrow().appliedVersions());
    assertFalse(again.toText().isBlank());
  }

  private static Set<String> objects(SchemaComparison comparison, Verdict verdict) {
    return comparison.of(verdict).stream().map(SchemaDifference::object).collect(Collectors.toSet());
  }

  private static Map<String, SchemaObject> byKey(List<SchemaObject> objects) {
    return objects.stream().collect(Collectors.toMap(SchemaObject::key, Function.identity()));
  }

  private static Set<String> extra(Map<String, SchemaObject> fresh, Map<String, SchemaObject> adopted,
      SchemaObject.Kind kind) {
    return adopted.values().stream().filter(o -> o.kind() == kind && !fresh.containsKey(o.key()))
        .map(SchemaObject::name).collect(Collectors.toSet());
  }
}
