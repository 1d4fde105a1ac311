package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.admin.AdminRepository;
import io.inrvo.data.admin.AnalyticsRepository;
import io.inrvo.data.audio.FileSystemAudioStore;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.AudioTagRepository;
import io.inrvo.data.profile.ProfileRepository;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.SelectStar;
import io.inrvo.data.voice.CloningStatus;
import io.inrvo.data.voice.NewVoiceClone;
import io.inrvo.data.voice.NewVoiceProfile;
import io.inrvo.data.voice.ProfileStatus;
import io.inrvo.data.voice.VoiceCloneRepository;
import io.inrvo.data.voice.VoiceProfileRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No statement the library sends selects {@code *}. Every public method of every repository a
 * {@link Session} hands out runs on its success path, with real data, for a user, an admin and a
 * service session where that is meaningful, through one {@link Inrvo} whose listener captures every
 * statement. The repositories are found by reflection on {@link Session}, and every call goes
 * through a recording proxy: a repository method added later without a call here fails the test.
 */
class NoSelectStarTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @TempDir
  static Path audioRoot;

  @Test
  void noStatementOfAnyRepositoryMethodSelectsStar(DataSource ds, @TestUser("alice") UUID aliceId,
      @TestAdmin("admin") UUID adminId, CapturedStatements sql) {
    // enough rows that every list has a next page, favorites and rows with audio among them
    TestSql.exec(ds, "insert into public.meditation_history (user_id, prompt, enhanced_script, voice_name, "
        + "duration_seconds, audio_url, is_favorite, created_at) "
        + "select ?, 'prompt ' || g, 'script ' || g, 'voice', g * 60, "
        + "case when g % 2 = 0 then 'https://cdn.test/' || g end, g % 3 = 0, "
        + "timestamptz '2024-01-01' + g * interval '1 hour' from generate_series(1, 12) g", aliceId);
    Inrvo inrvo = Inrvo.builder(ds).statementListener(sql).audioStore(new FileSystemAudioStore(audioRoot)).build();
    Coverage coverage = new Coverage();
    Session alice = coverage.track(inrvo.asUser(aliceId));
    Session admin = coverage.track(inrvo.asAdmin(adminId));
    Session service = coverage.track(inrvo.asService());

    exerciseHistory(alice.history(), admin.history());
    exerciseVoices(alice.voiceProfiles(), alice.voiceClones(), service.voiceProfiles(), aliceId);
    exerciseConversations(alice.conversations());
    exerciseProfiles(alice.profile(), admin.profile(), List.of(alice, admin, service));
    exerciseAdmin(admin.admin(), aliceId);
    exerciseAnalytics(admin.analytics(), service.analytics());

    assertTrue(sql.size() > 60, "statements captured: " + sql.size());
    SelectStar.assertNone(sql.all());
    assertEquals(EnumSet.allOf(Caller.Kind.class),
        sql.all().stream().map(s -> s.caller().kind()).collect(Collectors.toCollection(() -> EnumSet.noneOf(Caller.Kind.class))),
        "statements were sent for a user, an admin and a service session");
    assertTrue(Coverage.REPOSITORIES.containsAll(List.of(MeditationHistoryRepository.class,
        VoiceProfileRepository.class, VoiceCloneRepository.class, ConversationRepository.class,
        AudioTagRepository.class, ProfileRepository.class, AdminRepository.class, AnalyticsRepository.class)),
        "repositories found on Session: " + Coverage.REPOSITORIES);
    assertEquals(Set.of(), coverage.missing(), "repository methods no call here exercised");
  }

  @Test
  void theCheckCatchesEverySpellingOfAStarProjection() {
    assertTrue(SelectStar.in("select * from t"));
    assertTrue(SelectStar.in("SELECT DISTINCT * FROM t"));
    assertTrue(SelectStar.in("select \"t\".* from \"t\""));
    assertTrue(SelectStar.in("select t.* from t"));
    assertTrue(SelectStar.in("select a, * from t"));
    assertTrue(SelectStar.in("select a from (select * from t) s"));
    assertTrue(SelectStar.in("select count(*), * from t"));
    assertFalse(SelectStar.in("select count(*) from t"));
    assertFalse(SelectStar.in("select count( * ) from t"));
    assertFalse(SelectStar.in("select a from t where b = '*'"));
    assertFalse(SelectStar.in("select \"t\".\"a\", \"t\".\"b\" from \"t\""));
  }

  private static void exerciseHistory(MeditationHistoryRepository history, MeditationHistoryRepository adminsOwn) {
    UUID saved = history.save(NewMeditation.withPrompt("star check").withAudioTags(List.of("calm")));
    history.saveWithAudio(NewMeditation.withPrompt("with audio"), "ID3".getBytes(StandardCharsets.US_ASCII),
        "audio/mpeg");
    Page<MeditationSummary> first = history.page(PageRequest.first(5));
    history.page(PageRequest.first(5).after(first.next().orElseThrow()));
    history.page(PageRequest.first(5).atOffset(3));
    history.page(PageRequest.first(5).atOffset(1_000)); // past the end: the total needs its own count
    history.page(PageRequest.first(5).withCount(CountPolicy.PLANNED));
    history.page(PageRequest.first(5).withCount(CountPolicy.NONE));
    Page<MeditationSummary> favorites = history.favorites(PageRequest.first(2));
    history.favorites(PageRequest.first(2).after(favorites.next().orElseThrow()));
    Page<MeditationSummary> withAudio = history.withAudio(PageRequest.first(2));
    history.withAudio(PageRequest.first(2).after(withAudio.next().orElseThrow()));
    assertTrue(history.find(saved).isPresent());
    assertTrue(history.toggleFavorite(saved));
    history.delete(saved);
    assertEquals(List.of(), adminsOwn.page(PageRequest.first(5)).items());
  }

  private static void exerciseVoices(VoiceProfileRepository profiles, VoiceCloneRepository clones,
      VoiceProfileRepository tts, UUID owner) {
    UUID profile = profiles.create(NewVoiceProfile.named("Calm").withVoiceSampleUrl("https://cdn.test/calm.wav")
        .withProvider("fish-audio", "pv-1", "fm-1")).id();
    assertEquals(1, profiles.list().size());
    assertTrue(profiles.lookup(profile, owner).isPresent());
    assertTrue(tts.lookup(profile, owner).isPresent());
    profiles.rename(profile, "Calmer");
    profiles.updateStatus(profile, CloningStatus.READY, ProfileStatus.ACTIVE);
    UUID clone = clones.create(NewVoiceClone.of("Clone", "fish-audio").withVoiceProfile(profile).withProviderVoiceId("fa-1")).id();
    assertEquals(1, clones.active().size());
    clones.deactivate(clone);
    profiles.delete(profile);
  }

  private static void exerciseConversations(ConversationRepository conversations) {
    conversations.create("star-1", JSONB.valueOf("{\"voice\":\"calm\"}"));
    conversations.append("star-1", JSONB.valueOf(
        "[{\"role\":\"user\",\"n\":1},{\"role\":\"assistant\",\"n\":2},{\"role\":\"user\",\"n\":3},"
            + "{\"role\":\"assistant\",\"n\":4},{\"role\":\"user\",\"n\":5}]"));
    assertEquals("star-1", conversations.latest().orElseThrow().id());
    assertTrue(conversations.find("star-1").isPresent());
    assertEquals(1, conversations.search(JSONB.valueOf("[{\"role\":\"user\"}]"), 10).size());
    assertEquals(3, conversations.archiveOldMessages("star-1", 2));
    assertEquals(5, conversations.transcript("star-1", 1, 500).messages().size());
    assertEquals(2, conversations.transcript("star-1", 3, 2).messages().size());
    conversations.delete("star-1");
  }

  private static void exerciseProfiles(ProfileRepository profile, ProfileRepository adminsProfile,
      List<Session> everyKind) {
    assertTrue(profile.find().isPresent());
    assertEquals(profile.get().id(), profile.signUp("star@example.org").id()); // signed up already: as stored
    profile.update(ProfileUpdate.none().withFirstName("Alicia").withLastName("Star"));
    profile.recordLogin();
    assertTrue(adminsProfile.get().isAdmin());
    for (Session session : everyKind) {
      assertFalse(session.audioTags().presets().isEmpty());
    }
    AudioTagRepository tags = everyKind.get(0).audioTags();
    tags.preferences();
    tags.updatePreferences(JSONB.valueOf("{\"pause\":\"long\"}"));
  }

  private static void exerciseAdmin(AdminRepository admin, UUID user) {
    admin.users(AdminListRequest.first(1));
    admin.users(AdminListRequest.first(2).forUser(user));
    admin.meditations(AdminListRequest.first(3));
    admin.meditations(AdminListRequest.first(3).atOffset(2).forUser(user));
    admin.voiceProfiles(AdminListRequest.first(3));
    admin.voiceProfiles(AdminListRequest.first(3).forUser(user));
  }

  private static void exerciseAnalytics(AnalyticsRepository asAdmin, AnalyticsRepository asService) {
    asAdmin.refresh();
    asAdmin.current();
    asService.refresh();
    asService.current();
  }

  /** Records which repository methods returned normally, through proxies of what a session hands out. */
  private static final class Coverage {

    /** The repository interfaces a {@link Session} hands out: its no-argument methods returning an interface. */
    static final List<Class<?>> REPOSITORIES = Arrays.stream(Session.class.getMethods())
        .filter(m -> m.getParameterCount() == 0 && m.getReturnType().isInterface())
        .<Class<?>>map(Method::getReturnType)
        .distinct()
        .sorted(Comparator.comparing(Class::getName))
        .toList();

    private final Set<Method> called = ConcurrentHashMap.newKeySet();

    /** {@code session}, with every repository it hands out recording the calls that succeed. */
    Session track(Session session) {
      return proxy(Session.class, session, (method, result) ->
          REPOSITORIES.contains(method.getReturnType()) ? recording(method.getReturnType(), result) : result);
    }

    /** The public methods of the repositories that no call went through, as {@code Type.method[params]}. */
    Set<String> missing() {
      Set<String> missing = new TreeSet<>();
      for (Class<?> repository : REPOSITORIES) {
        for (Method m : repository.getDeclaredMethods()) {
          if (!Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && !called.contains(m)) {
            missing.add(repository.getSimpleName() + "." + m.getName() + Arrays.toString(m.getParameterTypes()));
          }
        }
      }
      return missing;
    }

    private Object recording(Class<?> type, Object target) {
      return proxy(type, target, (method, result) -> {
        called.add(method);
        return result;
      });
    }

    /** What a proxy does with a call's result once the target returned it normally. */
    private interface AfterCall {
      Object apply(Method method, Object result);
    }

    private static <T> T proxy(Class<T> type, Object target, AfterCall after) {
      return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
        Object result;
        try {
          result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
        return after.apply(method, result);
      }));
    }
  }
}
