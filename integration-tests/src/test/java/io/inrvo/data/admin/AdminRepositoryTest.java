package io.inrvo.data.admin;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.CountPolicy;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.OffsetPage;
import io.inrvo.data.Session;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.profile.UserProfile;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.voice.CloningStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Admin lists through the library: who may call them, what they return across users, paging and
 * totals, and the SQL they send. Fixture: an admin, a non-admin and four users with meditations and
 * voice profiles at known times (two share a created_at, so the id tie-breaker matters).
 */
class AdminRepositoryTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  private static final List<UUID> USERS = new ArrayList<>();

  @BeforeAll
  static void setUp(DataSource ds, @TestAdmin("root") UUID root, @TestUser("plain") UUID plain) {
    for (int i = 1; i <= 4; i++) {
      USERS.add(TestUsers.create(DB.dataSource(), "user" + i + "@admin.test"));
    }
    // known, partly equal creation times (root's and plain's too): the lists must break ties by id
    TestSql.exec(DB.dataSource(), "update public.users set created_at = timestamptz '2024-01-01' + (abs(hashtext(email)) % 3) * interval '1 day'");
    TestSql.exec(DB.dataSource(), "insert into public.meditation_history (user_id, prompt, enhanced_script, voice_name, duration_seconds, "
        + "audio_url, is_favorite, created_at) "
        + "select u.id, 'prompt ' || g, 'SECRET SCRIPT ' || g, case when g % 2 = 0 then 'Calm' end, "
        + "case when g % 3 <> 0 then g * 60 end, case when g % 4 = 0 then 'https://cdn.test/' || g end, g % 5 = 0, "
        + "timestamptz '2024-02-01' + (g / 2) * interval '1 hour' "
        + "from public.users u cross join generate_series(1, 5) g where u.email like 'user%'");
    TestSql.exec(DB.dataSource(), "insert into public.voice_profiles (user_id, name, cloning_status, created_at) "
        + "select u.id, 'voice ' || g, case when g = 1 then 'ready' else 'pending' end, "
        + "timestamptz '2024-03-01' + g * interval '1 hour' "
        + "from public.users u cross join generate_series(1, 2) g where u.email like 'user%'");
  }

  @Test
  void userAndServiceSessionsAreDeniedBeforeAnySql(@TestAdmin("root") UUID adminId, @TestUser("plain") UUID plainId, Inrvo inrvo, CapturedStatements sql) {
    for (Session session : List.of(inrvo.asUser(plainId), inrvo.asUser(adminId), inrvo.asService())) {
      AdminRepository repo = session.admin();
      assertThrows(AccessDeniedException.class, () -> repo.users(AdminListRequest.first(10)));
      assertThrows(AccessDeniedException.class, () -> repo.meditations(AdminListRequest.first(10)));
      assertThrows(AccessDeniedException.class, () -> repo.voiceProfiles(AdminListRequest.first(10)));
    }
    sql.assertNothingSent();
  }

  @Test
  void anAdminSessionOfANonAdminIsRefusedByTheListStatementItselfAndGetsNoRow(@TestUser("plain") UUID plainId,
      Inrvo inrvo, CapturedStatements sql) {
    AdminRepository repo = inrvo.asAdmin(plainId).admin();
    List<AdminListRequest> requests = new ArrayList<>();
    for (CountPolicy policy : CountPolicy.values()) {
      requests.add(AdminListRequest.first(10).withCount(policy));
      requests.add(AdminListRequest.first(10).withCount(policy).atOffset(1_000)); // past the end
      requests.add(AdminListRequest.first(10).withCount(policy).forUser(UUID.randomUUID())); // an empty list
    }
    for (AdminListRequest request : requests) {
      sql.clear();
      assertThrows(AccessDeniedException.class, () -> repo.users(request));
      assertThrows(AccessDeniedException.class, () -> repo.meditations(request));
      assertThrows(AccessDeniedException.class, () -> repo.voiceProfiles(request));

      // per call the context statement and the list statement, which the database refused: no row came back
      List<ExecutedStatement> lists = sql.work();
      assertEquals(3, lists.size(), request + ": " + lists);
      for (ExecutedStatement s : lists) {
        assertTrue(s.sql().contains("inrvo_private.require_admin()"), s.sql());
        assertEquals(-1, s.rows(), s.sql());
      }
    }
  }

  @Test
  void everyListUnderEveryCountPolicyIsOneStatementInOneRoundTrip(@TestAdmin("root") Session admin,
      CapturedStatements sql) {
    UUID user2 = USERS.get(1);
    for (CountPolicy policy : CountPolicy.values()) {
      for (AdminListRequest request : List.of(AdminListRequest.first(5), AdminListRequest.first(500),
          AdminListRequest.first(5).atOffset(5), AdminListRequest.first(5).forUser(user2))) {
        AdminListRequest asked = request.withCount(policy);
        List<Function<AdminListRequest, OffsetPage<?>>> lists = List.of(r -> admin.admin().users(r),
            r -> admin.admin().meditations(r), r -> admin.admin().voiceProfiles(r));
        for (Function<AdminListRequest, OffsetPage<?>> list : lists) {
          sql.clear();
          OffsetPage<?> page = list.apply(asked);
          assertEquals(2, sql.size(), asked + ": " + sql.all());
          assertEquals(1, sql.transactions(), asked + ": " + sql.all());
          assertTrue(sql.get(1).sql().contains("inrvo_private.require_admin()"), sql.get(1).sql());
          assertEquals(policy, page.totalPolicy());
          assertEquals(policy != CountPolicy.NONE, page.total().isPresent(), asked.toString());
          // every list here is far below the threshold: only PLANNED is an estimate
          assertEquals(policy == CountPolicy.PLANNED, page.totalIsEstimate(), asked.toString());
        }
      }
    }
  }

  @Test
  void exactAndEstimatedTotalsOfSmallListsAreCountsAndNoneLeavesTheTotalOutButKnowsTheNextPage(
      @TestAdmin("root") Session admin) {
    for (CountPolicy policy : List.of(CountPolicy.EXACT, CountPolicy.ESTIMATED)) {
      assertEquals(20, admin.admin().meditations(AdminListRequest.first(5).withCount(policy)).total().getAsLong());
      assertEquals(6, admin.admin().users(AdminListRequest.first(5).withCount(policy)).total().getAsLong());
      assertEquals(8, admin.admin().voiceProfiles(AdminListRequest.first(5).withCount(policy)).total().getAsLong());
      assertEquals(20, admin.admin().meditations(new AdminListRequest(100, 10, Optional.empty(), policy))
          .total().getAsLong());
    }
    OffsetPage<AdminMeditation> none = admin.admin().meditations(AdminListRequest.first(5).withCount(CountPolicy.NONE));
    assertEquals(5, none.items().size());
    assertTrue(none.total().isEmpty());
    assertTrue(none.hasNext());
    assertFalse(admin.admin().meditations(AdminListRequest.first(5).atOffset(15).withCount(CountPolicy.NONE)).hasNext());
    assertTrue(admin.admin().meditations(AdminListRequest.first(5).withCount(CountPolicy.PLANNED)).total().getAsLong() > 0);
  }

  @Test
  void usersListsEveryUserNewestFirstWithTheExactTotal(@TestAdmin("root") Session admin, @TestAdmin("root") UUID adminId) {
    OffsetPage<UserProfile> page = admin.admin().users(AdminListRequest.first(AdminListRequest.MAX_LIMIT));

    List<UUID> expected = ids("select id from public.users order by created_at desc, id desc");
    assertEquals(expected, page.items().stream().map(UserProfile::id).toList());
    assertEquals(6, page.total().getAsLong());
    assertFalse(page.hasNext());
    UserProfile user1 = page.items().stream().filter(u -> u.id().equals(USERS.get(0))).findFirst().orElseThrow();
    assertEquals(Optional.of("user1@admin.test"), user1.email());
    assertEquals("user", user1.role());
    assertTrue(page.items().stream().anyMatch(u -> u.id().equals(adminId) && u.isAdmin()));
  }

  @Test
  void usersListSelectsExactlyTheEightDisplayColumnsAndTheTotalOnlyWhenAsked(@TestAdmin("root") Session admin,
      CapturedStatements sql) {
    admin.admin().users(AdminListRequest.first(3).withCount(CountPolicy.NONE));

    String query = sql.last("\"public\".\"users\".\"email\"").sql();
    String selectList = query.substring(query.indexOf("select ") + 7, query.indexOf(" from "));
    assertEquals(List.of("id", "email", "first_name", "last_name", "role", "tier", "created_at", "last_login_at"),
        Arrays.stream(selectList.split(",")).map(c -> c.trim().replace("\"public\".\"users\".", "").replace("\"", "")).toList());
    assertTrue(query.contains("order by \"public\".\"users\".\"created_at\" desc, \"public\".\"users\".\"id\" desc"), query);

    admin.admin().users(AdminListRequest.first(3));
    String counted = sql.last("\"public\".\"users\".\"email\"").sql();
    assertTrue(counted.contains("\"public\".\"users\".\"last_login_at\", (select count(*) from \"public\".\"users\"") 
        && counted.contains("as \"total\" from"), counted);
  }

  @Test
  void offsetPagesWalkEveryRowOnceWithExactTotals(@TestAdmin("root") Session admin) {
    assertWalksAll(r -> admin.admin().users(r), UserProfile::id,
        ids("select id from public.users order by created_at desc, id desc"));
    assertWalksAll(r -> admin.admin().meditations(r), m -> m.meditation().id(),
        ids("select id from public.meditation_history order by created_at desc, id desc"));
    assertWalksAll(r -> admin.admin().voiceProfiles(r), p -> p.profile().id(),
        ids("select id from public.voice_profiles order by created_at desc, id desc"));
  }

  @Test
  void aPageBeyondTheEndIsEmptyButKeepsTheTotal(@TestAdmin("root") Session admin, CapturedStatements sql) {
    OffsetPage<AdminMeditation> page = admin.admin().meditations(new AdminListRequest(100, 10, Optional.empty()));
    assertEquals(List.of(), page.items());
    assertEquals(20, page.total().getAsLong());
    assertFalse(page.hasNext());
    // the total came from count(*) with no filter
    assertTrue(sql.last("count(*)").sql().contains("from \"public\".\"meditation_history\""));
  }

  @Test
  void aFullPageAndItsTotalAreOneStatement(@TestAdmin("root") Session admin, CapturedStatements sql) {
    OffsetPage<AdminMeditation> page = admin.admin().meditations(AdminListRequest.first(5));
    assertEquals(5, page.items().size());
    assertEquals(20, page.total().getAsLong());
    assertTrue(page.hasNext());
    List<ExecutedStatement> sent = sql.all();
    // the context statement and one statement with the check, the page and the count: one round trip
    assertEquals(2, sent.size(), sent.toString());
    String list = sent.get(1).sql();
    assertTrue(list.contains("inrvo_private.require_admin()") && list.contains("count(*)"), list);
  }

  @Test
  void theUserFilterRestrictsRowsAndTotals(@TestAdmin("root") Session admin) {
    UUID user2 = USERS.get(1);
    AdminListRequest request = AdminListRequest.first(2).forUser(user2);

    OffsetPage<UserProfile> users = admin.admin().users(request);
    assertEquals(List.of(user2), users.items().stream().map(UserProfile::id).toList());
    assertEquals(1, users.total().getAsLong());

    OffsetPage<AdminMeditation> meditations = admin.admin().meditations(request);
    assertEquals(2, meditations.items().size());
    assertEquals(5, meditations.total().getAsLong());
    assertTrue(meditations.items().stream().allMatch(m -> m.userId().equals(user2)));
    assertEquals(ids("select id from public.meditation_history where user_id = '" + user2 + "' order by created_at desc, id desc")
        .subList(2, 4), admin.admin().meditations(request.atOffset(2)).items().stream().map(m -> m.meditation().id()).toList());

    OffsetPage<AdminVoiceProfile> profiles = admin.admin().voiceProfiles(request);
    assertEquals(2, profiles.total().getAsLong());
    assertTrue(profiles.items().stream().allMatch(p -> p.profile().userId().equals(user2)));

    OffsetPage<AdminMeditation> nobody = admin.admin().meditations(AdminListRequest.first(5).forUser(UUID.randomUUID()));
    assertEquals(List.of(), nobody.items());
    assertEquals(0, nobody.total().getAsLong());
  }

  @Test
  void meditationsCarryTheListColumnsAndOwnerButNeverTheScript(@TestAdmin("root") Session admin, DataSource ds, CapturedStatements sql) {
    OffsetPage<AdminMeditation> page = admin.admin().meditations(AdminListRequest.first(AdminListRequest.MAX_LIMIT));

    assertEquals(20, page.items().size());
    assertTrue(page.items().stream().allMatch(i -> USERS.contains(i.userId())));
    UUID user1 = USERS.get(0);
    Map<String, AdminMeditation> byPrompt = page.items().stream().filter(i -> i.userId().equals(user1))
        .collect(Collectors.toMap(i -> i.meditation().prompt(), i -> i));
    assertEquals(5, byPrompt.size());
    assertTrue(byPrompt.values().stream().allMatch(i -> i.ownerEmail().equals(Optional.of("user1@admin.test"))));

    MeditationSummary plain = byPrompt.get("prompt 3").meditation();
    assertEquals(Optional.empty(), plain.voiceName());
    assertEquals(OptionalInt.empty(), plain.durationSeconds());
    assertEquals(Optional.empty(), plain.audioUrl());
    assertFalse(plain.favorite());
    MeditationSummary withAudio = byPrompt.get("prompt 4").meditation();
    assertEquals(Optional.of("Calm"), withAudio.voiceName());
    assertEquals(OptionalInt.of(240), withAudio.durationSeconds());
    assertEquals(Optional.of("https://cdn.test/4"), withAudio.audioUrl());
    assertFalse(withAudio.favorite());
    assertTrue(byPrompt.get("prompt 5").meditation().favorite());
    assertEquals(TestSql.text(ds, "select id from public.meditation_history where user_id = ? and prompt = 'prompt 4'", user1),
        withAudio.id().toString());
    assertEquals("t", TestSql.text(ds, "select created_at = ?::timestamptz from public.meditation_history where id = ?",
        withAudio.createdAt().toString(), withAudio.id()));

    for (ExecutedStatement s : sql.all()) {
      assertFalse(s.sql().contains("enhanced_script"), s.sql());
      assertFalse(s.inlinedSql().contains("SECRET"), s.inlinedSql());
    }
  }

  @Test
  void voiceProfilesCarryTheProfileAndTheOwnersEmail(@TestAdmin("root") Session admin, DataSource ds) {
    OffsetPage<AdminVoiceProfile> page = admin.admin().voiceProfiles(AdminListRequest.first(AdminListRequest.MAX_LIMIT));

    assertEquals(8, page.total().getAsLong());
    assertEquals(8, page.items().size());
    for (AdminVoiceProfile p : page.items()) {
      assertEquals(Optional.of(TestSql.text(ds, "select email from public.users where id = ?", p.profile().userId())),
          p.ownerEmail());
    }
    assertEquals(4, page.items().stream().filter(p -> p.profile().voice().cloningStatus() == CloningStatus.READY).count());
    assertEquals("voice 2", page.items().get(0).profile().name());
  }

  @Test
  void badRequestsAreRejectedBeforeAnySql(@TestAdmin("root") Session admin, CapturedStatements sql) {
    assertInvalid("request", () -> admin.admin().users(null));
    assertInvalid("request", () -> admin.admin().meditations(null));
    assertInvalid("request", () -> admin.admin().voiceProfiles(null));
    assertInvalid("limit", () -> AdminListRequest.first(0));
    assertInvalid("limit", () -> AdminListRequest.first(AdminListRequest.MAX_LIMIT + 1));
    assertInvalid("offset", () -> new AdminListRequest(-1, 10, Optional.empty()));
    assertInvalid("offset", () -> AdminListRequest.first(10).atOffset(AdminListRequest.MAX_OFFSET + 1));
    sql.assertNothingSent();
  }

  private static <T> void assertWalksAll(Function<AdminListRequest, OffsetPage<T>> list, Function<T, UUID> id,
      List<UUID> expected) {
    List<UUID> seen = new ArrayList<>();
    AdminListRequest request = AdminListRequest.first(5);
    OffsetPage<T> page;
    do {
      page = list.apply(request);
      assertEquals(expected.size(), page.total().getAsLong());
      page.items().forEach(item -> seen.add(id.apply(item)));
      request = request.atOffset(request.offset() + request.limit());
    } while (page.hasNext());
    assertEquals(expected, seen);
  }

  private static List<UUID> ids(String sql) {
    return TestSql.ids(DB.dataSource(), sql);
  }
}
