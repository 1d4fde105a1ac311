package io.inrvo.data;

import static io.inrvo.data.model.Tables.MEDITATION_HISTORY;
import static io.inrvo.data.model.Tables.USERS;
import static io.inrvo.data.model.Tables.VOICE_CLONES;
import static io.inrvo.data.model.Tables.VOICE_PROFILES;
import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.conversation.Conversation;
import io.inrvo.data.conversation.ConversationRepository;
import io.inrvo.data.conversation.ConversationSummary;
import io.inrvo.data.conversation.TranscriptMessage;
import io.inrvo.data.history.Meditation;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.profile.UserProfile;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.voice.CloningStatus;
import io.inrvo.data.voice.NewVoiceClone;
import io.inrvo.data.voice.NewVoiceProfile;
import io.inrvo.data.voice.ProfileStatus;
import io.inrvo.data.voice.VoiceClone;
import io.inrvo.data.voice.VoiceProfile;
import io.inrvo.data.voice.VoiceProfileLookup;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Row-level isolation through the library, over every table a user owns: a seeded random walk of
 * a few hundred operations by eight users (one of them an admin, whom RLS would let read every row,
 * so the library's own {@code user_id} filter is what keeps them to theirs) on random targets,
 * mostly other users' rows. A model says who owns what: every read may return only the caller's
 * rows, exactly as the model has them; every write to another user's row must fail as not found
 * (or, for a foreign voice-profile lookup, access denied) and change nothing. At the end, and every
 * hundred steps, the superuser reads every row and compares owner and content with the model.
 *
 * <p>The seed is fixed and part of every failure message; {@code -Dinrvo.rls.seed=N} replays
 * another walk.
 */
class RlsIsolationTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked()
      .withInrvo(db -> Inrvo.builder(db.pool(2)));

  private static final long SEED = Long.getLong("inrvo.rls.seed", 20_241_124L);
  private static final int USER_COUNT = 8;
  private static final int STEPS = 400;
  private static final Pattern OWNER_TAG = Pattern.compile("\"o\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern NUMBER = Pattern.compile("\"n\"\\s*:\\s*(\\d+)");

  private static DataSource ds;
  private static final List<UUID> USER_IDS = new ArrayList<>();
  private static final Map<UUID, String> TAGS = new HashMap<>();

  /** What a meditation row holds, as far as the walk changes it. */
  record Med(UUID owner, String prompt, boolean favorite, Optional<String> audioUrl) {}

  /** What a voice profile row holds; statuses as the CHECK constraints' text. */
  record Voice(UUID owner, String name, String cloningStatus, String status) {}

  /** What a voice clone row holds. */
  record Clone(UUID owner, String name, boolean active, Optional<UUID> profile) {}

  /** A conversation: its owner, every message's {@code owner:n} label (archived first), the live count. */
  record Chat(UUID owner, List<String> labels, int live) {}

  /** The walk-changed part of a {@code users} row. */
  record Person(Optional<String> firstName, Optional<String> lastName, String preferences, Optional<Instant> lastLogin) {}

  /** Every row of every owned table; insertion-ordered, so the walk picks targets reproducibly. */
  record World(Map<UUID, Med> meditations, Map<UUID, Voice> voices, Map<UUID, Clone> clones, Map<String, Chat> chats,
      Map<UUID, Person> people) {}

  private final Random random = new Random(SEED);
  private final Map<UUID, Optional<Cursor>> cursors = new HashMap<>();
  private Inrvo inrvo;
  private World model;
  private int step;
  private String caller = "nobody yet";
  private int foreignAttempts;

  @BeforeAll
  static void seed(DataSource dataSource) {
    ds = dataSource;
    for (int i = 0; i < USER_COUNT; i++) {
      String tag = "u" + i;
      UUID id = i == 0 ? TestUsers.createAdmin(ds, tag + "@rls.test") : TestUsers.create(ds, tag + "@rls.test");
      USER_IDS.add(id);
      TAGS.put(id, tag);
      TestSql.exec(ds, "insert into public.meditation_history (user_id, prompt, is_favorite, audio_url, created_at) "
          + "select ?, 'seed ' || ? || ' ' || lpad(g::text, 2, '0'), g % 3 = 0, "
          + "case when g % 2 = 0 then 'https://cdn.test/' || ? || '/' || g end, "
          + "timestamptz '2024-01-01' + g * interval '1 minute' from generate_series(1, ?) g", id, tag, tag, 6 + i);
      TestSql.exec(ds, "insert into public.voice_profiles (user_id, name) "
          + "select ?, 'voice ' || ? || ' ' || g from generate_series(1, 3) g", id, tag);
      TestSql.exec(ds, "insert into public.voice_clones (user_id, voice_profile_id, name) "
          + "select ?, case when g = 1 then (select id from public.voice_profiles where user_id = ? order by name limit 1) end, "
          + "'clone ' || ? || ' ' || g from generate_series(1, 2) g", id, id, tag);
      TestSql.exec(ds, "insert into public.agent_conversations (id, user_id, messages) "
          + "select ? || '-chat-' || g, ?, (select jsonb_agg(jsonb_build_object('role', 'user', 'kind', 'note', "
          + "'o', ?::text, 'n', k) order by k) from generate_series(1, 4) k) from generate_series(1, 2) g", tag, id, tag);
    }
  }

  @Test
  void randomOperationsOfEightUsersNeverLeakOrChangeAnotherUsersRows(Inrvo pooled) {
    inrvo = pooled;
    model = stored();
    List<Map.Entry<String, Runnable>> operations = operations();
    for (step = 1; step <= STEPS; step++) {
      Map.Entry<String, Runnable> operation = operations.get(random.nextInt(operations.size()));
      try {
        operation.getValue().run();
        if (step % 100 == 0) {
          assertStoredMatchesModel();
        }
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError("seed " + SEED + ", step " + step + ", " + operation.getKey() + " by " + caller + ": "
            + e.getMessage(), e);
      }
    }
    assertStoredMatchesModel();
    assertTrue(foreignAttempts > STEPS / 2, "the walk mostly tries other users' rows: " + foreignAttempts);
  }

  /** Every operation, by name; each picks its own caller and target. */
  private List<Map.Entry<String, Runnable>> operations() {
    Map<String, Runnable> ops = new LinkedHashMap<>();
    ops.put("history lists", this::historyLists);
    ops.put("history find", this::historyFind);
    ops.put("history toggleFavorite", this::historyToggle);
    ops.put("history delete", this::historyDelete);
    ops.put("history save", this::historySave);
    ops.put("history foreign cursor", this::historyForeignCursor);
    ops.put("voice list and lookup", this::voiceRead);
    ops.put("voice create", this::voiceCreate);
    ops.put("voice rename and status", this::voiceUpdate);
    ops.put("voice delete", this::voiceDelete);
    ops.put("clones active", this::clonesActive);
    ops.put("clone create", this::cloneCreate);
    ops.put("clone deactivate", this::cloneDeactivate);
    ops.put("conversation latest and find", this::chatRead);
    ops.put("conversation create", this::chatCreate);
    ops.put("conversation append", this::chatAppend);
    ops.put("conversation archive", this::chatArchive);
    ops.put("conversation transcript", this::chatTranscript);
    ops.put("conversation search", this::chatSearch);
    ops.put("conversation delete", this::chatDelete);
    ops.put("profile", this::profile);
    ops.put("audio tag preferences", this::preferences);
    return List.copyOf(ops.entrySet());
  }

  // ---- history ---------------------------------------------------------------------------------

  private void historyLists() {
    UUID actor = actor();
    MeditationHistoryRepository history = session(actor).history();
    PageRequest request = PageRequest.first(1 + random.nextInt(8));
    Optional<Cursor> after = cursors.getOrDefault(actor, Optional.empty());
    Page<MeditationSummary> page = history.page(after.map(request::after).orElse(request));
    cursors.put(actor, page.next());
    page.items().forEach(m -> assertMeditation(actor, m));

    Page<MeditationSummary> favorites = history.favorites(PageRequest.first(PageRequest.MAX_SIZE));
    favorites.items().forEach(m -> assertMeditation(actor, m));
    assertEquals(ownedIds(model.meditations(), actor, Med::owner, Med::favorite), ids(favorites.items()));

    Page<MeditationSummary> withAudio = history.withAudio(PageRequest.first(PageRequest.MAX_SIZE));
    withAudio.items().forEach(m -> assertMeditation(actor, m));
    assertEquals(ownedIds(model.meditations(), actor, Med::owner, m -> m.audioUrl().isPresent()), ids(withAudio.items()));
  }

  private void historyFind() {
    UUID actor = actor();
    UUID target = target(model.meditations());
    Optional<Meditation> found = session(actor).history().find(target);
    assertEquals(owns(actor, model.meditations().get(target), Med::owner), found.isPresent(), "found iff the caller's");
    found.ifPresent(m -> {
      assertEquals(actor, m.userId());
      assertMeditation(actor, m.summary());
    });
  }

  private void historyToggle() {
    UUID actor = actor();
    UUID target = target(model.meditations());
    Med before = model.meditations().get(target);
    if (owns(actor, before, Med::owner)) {
      boolean now = session(actor).history().toggleFavorite(target);
      assertEquals(!before.favorite(), now);
      model.meditations().put(target, new Med(actor, before.prompt(), now, before.audioUrl()));
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).history().toggleFavorite(target));
    }
  }

  private void historyDelete() {
    UUID actor = actor();
    UUID target = target(model.meditations());
    if (owns(actor, model.meditations().get(target), Med::owner)) {
      session(actor).history().delete(target);
      model.meditations().remove(target);
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).history().delete(target));
    }
  }

  private void historySave() {
    UUID actor = actor();
    String prompt = "step " + step + " by " + TAGS.get(actor);
    Optional<String> audio = random.nextBoolean() ? Optional.of("https://cdn.test/step/" + step) : Optional.empty();
    NewMeditation meditation = NewMeditation.withPrompt(prompt);
    UUID id = session(actor).history().save(audio.map(meditation::withAudioUrl).orElse(meditation));
    model.meditations().put(id, new Med(actor, prompt, false, audio));
  }

  /** A keyset cursor issued to one user is refused for another before any SQL. */
  private void historyForeignCursor() {
    UUID actor = actor();
    cursors.entrySet().stream()
        .filter(e -> !e.getKey().equals(actor) && e.getValue().isPresent())
        .findFirst()
        .ifPresent(e -> {
          foreignAttempts++;
          assertInvalid("cursor", () -> session(actor).history().page(PageRequest.first(5).after(e.getValue().get())));
        });
  }

  private void assertMeditation(UUID actor, MeditationSummary m) {
    Med expected = model.meditations().get(m.id());
    assertTrue(expected != null && expected.owner().equals(actor), () -> "leaked meditation " + m.id());
    assertEquals(expected, new Med(actor, m.prompt(), m.favorite(), m.audioUrl()));
  }

  // ---- voice profiles and clones ---------------------------------------------------------------

  private void voiceRead() {
    UUID actor = actor();
    Session session = session(actor);
    List<VoiceProfile> list = session.voiceProfiles().list();
    for (VoiceProfile p : list) {
      assertEquals(model.voices().get(p.id()), voice(p.userId(), p.voice()), () -> "listed voice profile " + p.id());
    }
    assertEquals(ownedIds(model.voices(), actor, Voice::owner, v -> true),
        list.stream().map(VoiceProfile::id).collect(Collectors.toSet()));

    UUID target = target(model.voices());
    Voice expected = model.voices().get(target);
    Optional<VoiceProfileLookup> underCaller = session.voiceProfiles().lookup(target, actor);
    assertEquals(owns(actor, expected, Voice::owner), underCaller.isPresent(), "found iff the caller's");
    underCaller.ifPresent(found -> assertEquals(expected, voice(actor, found)));
    if (expected != null && !expected.owner().equals(actor)) {
      assertThrows(AccessDeniedException.class, () -> session.voiceProfiles().lookup(target, expected.owner()));
    }
  }

  private void voiceCreate() {
    UUID actor = actor();
    VoiceProfile created = session(actor).voiceProfiles().create(NewVoiceProfile.named("voice step " + step));
    assertEquals(actor, created.userId());
    model.voices().put(created.id(), voice(actor, created.voice()));
  }

  private void voiceUpdate() {
    UUID actor = actor();
    UUID target = target(model.voices());
    Voice before = model.voices().get(target);
    String name = "renamed at " + step;
    CloningStatus cloning = CloningStatus.values()[random.nextInt(CloningStatus.values().length)];
    ProfileStatus status = ProfileStatus.values()[random.nextInt(ProfileStatus.values().length)];
    if (owns(actor, before, Voice::owner)) {
      session(actor).voiceProfiles().rename(target, name);
      VoiceProfile updated = session(actor).voiceProfiles().updateStatus(target, cloning, status);
      Voice now = new Voice(actor, name, text(cloning), text(status));
      assertEquals(now, voice(updated.userId(), updated.voice()));
      model.voices().put(target, now);
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).voiceProfiles().rename(target, name));
      assertThrows(NotFoundException.class, () -> session(actor).voiceProfiles().updateStatus(target, cloning, status));
    }
  }

  private void voiceDelete() {
    UUID actor = actor();
    UUID target = target(model.voices());
    if (owns(actor, model.voices().get(target), Voice::owner)) {
      session(actor).voiceProfiles().delete(target);
      model.voices().remove(target);
      // voice_clones.voice_profile_id is ON DELETE SET NULL
      model.clones().replaceAll((id, c) -> c.profile().equals(Optional.of(target))
          ? new Clone(c.owner(), c.name(), c.active(), Optional.empty()) : c);
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).voiceProfiles().delete(target));
    }
  }

  private void clonesActive() {
    UUID actor = actor();
    List<VoiceClone> active = session(actor).voiceClones().active();
    for (VoiceClone c : active) {
      assertEquals(model.clones().get(c.id()), clone(c), () -> "listed clone " + c.id());
    }
    assertEquals(ownedIds(model.clones(), actor, Clone::owner, Clone::active),
        active.stream().map(VoiceClone::id).collect(Collectors.toSet()));
  }

  private void cloneCreate() {
    UUID actor = actor();
    Optional<UUID> profile = random.nextInt(4) == 0 ? Optional.empty() : Optional.of(target(model.voices()));
    String name = "clone step " + step;
    if (profile.isEmpty() || owns(actor, model.voices().get(profile.get()), Voice::owner)) {
      VoiceClone created = session(actor).voiceClones().create(new NewVoiceClone(name, "fish-audio", profile, Optional.empty()));
      Clone expected = new Clone(actor, name, true, profile);
      assertEquals(expected, clone(created));
      model.clones().put(created.id(), expected);
    } else {
      assertThrows(NotFoundException.class,
          () -> session(actor).voiceClones().create(new NewVoiceClone(name, "fish-audio", profile, Optional.empty())));
    }
  }

  private void cloneDeactivate() {
    UUID actor = actor();
    UUID target = target(model.clones());
    Clone before = model.clones().get(target);
    if (owns(actor, before, Clone::owner)) {
      session(actor).voiceClones().deactivate(target);
      model.clones().put(target, new Clone(actor, before.name(), false, before.profile()));
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).voiceClones().deactivate(target));
    }
  }

  private static Voice voice(UUID owner, VoiceProfileLookup v) {
    return new Voice(owner, v.name(), text(v.cloningStatus()), text(v.status()));
  }

  private static Clone clone(VoiceClone c) {
    return new Clone(c.userId(), c.name(), c.active(), c.voiceProfileId());
  }

  private static String text(Enum<?> status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  // ---- conversations ---------------------------------------------------------------------------

  private void chatRead() {
    UUID actor = actor();
    ConversationRepository conversations = session(actor).conversations();
    Optional<Conversation> latest = conversations.latest();
    assertEquals(model.chats().values().stream().anyMatch(c -> c.owner().equals(actor)), latest.isPresent());
    latest.ifPresent(c -> assertConversation(actor, c));

    String target = chatTarget();
    Optional<Conversation> found = conversations.find(target);
    assertEquals(owns(actor, model.chats().get(target), Chat::owner), found.isPresent(), "found iff the caller's");
    found.ifPresent(c -> assertConversation(actor, c));
  }

  private void chatCreate() {
    UUID actor = actor();
    // a fresh id, or one taken by someone (usually another user): taken ids conflict and change nothing
    String id = random.nextBoolean() ? "chat-step-" + step : chatTarget();
    if (model.chats().containsKey(id)) {
      assertThrows(ConflictException.class, () -> session(actor).conversations().create(id, JSONB.valueOf("{}")));
    } else {
      Conversation created = session(actor).conversations().create(id, JSONB.valueOf("{}"));
      assertEquals(actor, created.userId());
      model.chats().put(id, new Chat(actor, List.of(), 0));
    }
  }

  private void chatAppend() {
    UUID actor = actor();
    String target = chatTarget();
    Chat before = model.chats().get(target);
    int from = before == null ? 1 : before.labels().size() + 1;
    int count = 1 + random.nextInt(3);
    JSONB messages = JSONB.valueOf(IntStream.range(from, from + count)
        .mapToObj(n -> "{\"role\":\"user\",\"kind\":\"note\",\"o\":\"" + TAGS.get(actor) + "\",\"n\":" + n + "}")
        .collect(Collectors.joining(",", "[", "]")));
    if (owns(actor, before, Chat::owner)) {
      int live = session(actor).conversations().append(target, messages);
      List<String> labels = new ArrayList<>(before.labels());
      IntStream.range(from, from + count).forEach(n -> labels.add(TAGS.get(actor) + ":" + n));
      assertEquals(before.live() + count, live);
      model.chats().put(target, new Chat(actor, List.copyOf(labels), live));
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).conversations().append(target, messages));
    }
  }

  private void chatArchive() {
    UUID actor = actor();
    String target = chatTarget();
    Chat before = model.chats().get(target);
    int keep = random.nextInt(4);
    if (owns(actor, before, Chat::owner)) {
      int moved = session(actor).conversations().archiveOldMessages(target, keep);
      assertEquals(Math.max(0, before.live() - keep), moved);
      model.chats().put(target, new Chat(actor, before.labels(), Math.min(before.live(), keep)));
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).conversations().archiveOldMessages(target, keep));
    }
  }

  private void chatTranscript() {
    UUID actor = actor();
    String target = chatTarget();
    Chat expected = model.chats().get(target);
    if (owns(actor, expected, Chat::owner)) {
      List<TranscriptMessage> messages = session(actor).conversations().transcript(target, 1, 500).messages();
      assertEquals(expected.labels(), messages.stream().map(m -> label(m.message())).toList());
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).conversations().transcript(target, 1, 10));
    }
  }

  private void chatSearch() {
    UUID actor = actor();
    ConversationRepository conversations = session(actor).conversations();
    // every live message is a note: exactly the caller's conversations with live messages match
    Set<String> notes = conversations.search(JSONB.valueOf("[{\"kind\":\"note\"}]"), 100).stream()
        .map(ConversationSummary::id).collect(Collectors.toSet());
    assertEquals(model.chats().entrySet().stream()
        .filter(e -> e.getValue().owner().equals(actor) && e.getValue().live() > 0)
        .map(Map.Entry::getKey).collect(Collectors.toSet()), notes);
    UUID other = USER_IDS.get(random.nextInt(USER_COUNT));
    if (!other.equals(actor)) {
      foreignAttempts++;
      assertEquals(List.of(), conversations.search(JSONB.valueOf("[{\"o\":\"" + TAGS.get(other) + "\"}]"), 100));
    }
  }

  private void chatDelete() {
    UUID actor = actor();
    String target = chatTarget();
    if (owns(actor, model.chats().get(target), Chat::owner)) {
      session(actor).conversations().delete(target);
      model.chats().remove(target);
    } else {
      assertThrows(NotFoundException.class, () -> session(actor).conversations().delete(target));
    }
  }

  private void assertConversation(UUID actor, Conversation c) {
    Chat expected = model.chats().get(c.id());
    assertTrue(expected != null && expected.owner().equals(actor), () -> "leaked conversation " + c.id());
    assertEquals(actor, c.userId());
    assertEquals(expected.live(), c.messageCount());
    assertEquals(expected.labels().size() - expected.live(), c.archivedMessages());
  }

  /** A conversation id: usually one that exists (anyone's), sometimes one that never did. */
  private String chatTarget() {
    List<String> ids = new ArrayList<>(model.chats().keySet());
    if (ids.isEmpty() || random.nextInt(10) == 0) {
      return "never-" + step;
    }
    return ids.get(random.nextInt(ids.size()));
  }

  /** {@code owner:n} of a message, whatever order jsonb gives its keys. */
  private static String label(JSONB message) {
    Matcher owner = OWNER_TAG.matcher(message.data());
    Matcher number = NUMBER.matcher(message.data());
    assertTrue(owner.find() && number.find(), message.data());
    return owner.group(1) + ":" + number.group(1);
  }

  // ---- the caller's own profile and preferences ------------------------------------------------

  private void profile() {
    UUID actor = actor();
    Session session = session(actor);
    assertPerson(actor, session.profile().get());
    Person before = model.people().get(actor);
    switch (random.nextInt(3)) {
      case 0 -> {
        UserProfile updated = session.profile().update(ProfileUpdate.none().withFirstName("First" + step).withLastName("Last" + step));
        Person now = new Person(Optional.of("First" + step), Optional.of("Last" + step), before.preferences(),
            before.lastLogin());
        model.people().put(actor, now);
        assertPerson(actor, updated);
      }
      case 1 -> {
        OffsetDateTime login = session.profile().recordLogin();
        model.people().put(actor, new Person(before.firstName(), before.lastName(), before.preferences(),
            Optional.of(login.toInstant())));
      }
      default -> assertPerson(actor, session.profile().find().orElseThrow());
    }
  }

  private void preferences() {
    UUID actor = actor();
    Session session = session(actor);
    Person before = model.people().get(actor);
    assertEquals(before.preferences(), session.audioTags().preferences().data());
    JSONB stored = session.audioTags().updatePreferences(
        JSONB.valueOf("{\"by\":\"" + TAGS.get(actor) + "\",\"step\":" + step + "}"));
    assertTrue(stored.data().contains("\"" + TAGS.get(actor) + "\""), stored.data());
    model.people().put(actor, new Person(before.firstName(), before.lastName(), stored.data(), before.lastLogin()));
  }

  private void assertPerson(UUID actor, UserProfile profile) {
    assertEquals(actor, profile.id());
    Person expected = model.people().get(actor);
    assertEquals(expected.firstName(), profile.firstName());
    assertEquals(expected.lastName(), profile.lastName());
    assertEquals(expected.lastLogin(), profile.lastLoginAt().map(OffsetDateTime::toInstant));
  }

  // ---- picking callers and targets -------------------------------------------------------------

  private UUID actor() {
    return USER_IDS.get(random.nextInt(USER_COUNT));
  }

  /** The admin (user 0) acts through an admin session half of the time: RLS would show it every row. */
  private Session session(UUID actor) {
    Session session = actor.equals(USER_IDS.get(0)) && step % 2 == 0 ? inrvo.asAdmin(actor) : inrvo.asUser(actor);
    caller = TAGS.get(actor) + " (" + session.caller().scope() + ")";
    return session;
  }

  /** A row id: usually one that exists (anyone's), sometimes one that never did. */
  private UUID target(Map<UUID, ?> rows) {
    List<UUID> ids = new ArrayList<>(rows.keySet());
    if (ids.isEmpty() || random.nextInt(10) == 0) {
      return UUID.randomUUID();
    }
    return ids.get(random.nextInt(ids.size()));
  }

  /** Whether {@code actor} owns {@code row} (absent rows are nobody's); counts the attempts that are not. */
  private <T> boolean owns(UUID actor, T row, Function<T, UUID> owner) {
    boolean own = row != null && owner.apply(row).equals(actor);
    if (!own) {
      foreignAttempts++;
    }
    return own;
  }

  private static <K, T> Set<K> ownedIds(Map<K, T> rows, UUID actor, Function<T, UUID> owner,
      Predicate<T> filter) {
    return rows.entrySet().stream()
        .filter(e -> owner.apply(e.getValue()).equals(actor) && filter.test(e.getValue()))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static Set<UUID> ids(List<MeditationSummary> items) {
    return items.stream().map(MeditationSummary::id).collect(Collectors.toSet());
  }

  // ---- what is stored, read as the superuser ---------------------------------------------------

  private void assertStoredMatchesModel() {
    World stored = stored();
    assertEquals(model.meditations(), stored.meditations(), "meditation_history");
    assertEquals(model.voices(), stored.voices(), "voice_profiles");
    assertEquals(model.clones(), stored.clones(), "voice_clones");
    assertEquals(model.chats(), stored.chats(), "agent_conversations and their archive");
    assertEquals(model.people(), stored.people(), "users");
    assertEquals(0, TestSql.count(ds, "select count(*) from public.agent_conversation_archive a "
        + "join public.agent_conversations c on c.id = a.conversation_id where a.user_id <> c.user_id"),
        "archive chunks owned by someone other than their conversation's owner");
  }

  /** Every row of every owned table, as the superuser sees it, in a stable order. */
  private static World stored() {
    DSLContext su = DSL.using(ds, SQLDialect.POSTGRES);
    Map<UUID, Med> meditations = new LinkedHashMap<>();
    su.select(MEDITATION_HISTORY.ID, MEDITATION_HISTORY.USER_ID, MEDITATION_HISTORY.PROMPT, MEDITATION_HISTORY.IS_FAVORITE,
            MEDITATION_HISTORY.AUDIO_URL)
        .from(MEDITATION_HISTORY).orderBy(MEDITATION_HISTORY.PROMPT)
        .forEach(r -> meditations.put(r.value1(), new Med(r.value2(), r.value3(), r.value4(), Optional.ofNullable(r.value5()))));
    Map<UUID, Voice> voices = new LinkedHashMap<>();
    su.select(VOICE_PROFILES.ID, VOICE_PROFILES.USER_ID, VOICE_PROFILES.NAME, VOICE_PROFILES.CLONING_STATUS,
            VOICE_PROFILES.STATUS)
        .from(VOICE_PROFILES).orderBy(VOICE_PROFILES.NAME)
        .forEach(r -> voices.put(r.value1(), new Voice(r.value2(), r.value3(), r.value4(), r.value5())));
    Map<UUID, Clone> clones = new LinkedHashMap<>();
    su.select(VOICE_CLONES.ID, VOICE_CLONES.USER_ID, VOICE_CLONES.NAME, VOICE_CLONES.IS_ACTIVE, VOICE_CLONES.VOICE_PROFILE_ID)
        .from(VOICE_CLONES).orderBy(VOICE_CLONES.NAME)
        .forEach(r -> clones.put(r.value1(), new Clone(r.value2(), r.value3(), r.value4(), Optional.ofNullable(r.value5()))));
    Map<String, Chat> chats = new LinkedHashMap<>();
    for (List<String> row : TestSql.rows(ds, """
        select c.id, c.user_id::text, c.message_count::text,
               coalesce((select string_agg((e.m ->> 'o') || ':' || (e.m ->> 'n'), ',' order by e.lo, e.ord)
                         from (select lower(a.message_range) as lo, x.m, x.ord
                               from public.agent_conversation_archive a
                               cross join lateral jsonb_array_elements(a.messages) with ordinality x(m, ord)
                               where a.conversation_id = c.id
                               union all
                               select 2147483647, x.m, x.ord
                               from jsonb_array_elements(c.messages) with ordinality x(m, ord)) e), '')
        from public.agent_conversations c order by c.id""")) {
      List<String> labels = row.get(3).isEmpty() ? List.of() : Arrays.asList(row.get(3).split(","));
      chats.put(row.get(0), new Chat(UUID.fromString(row.get(1)), List.copyOf(labels), Integer.parseInt(row.get(2))));
    }
    Map<UUID, Person> people = new LinkedHashMap<>();
    su.select(USERS.ID, USERS.FIRST_NAME, USERS.LAST_NAME, USERS.AUDIO_TAG_PREFERENCES, USERS.LAST_LOGIN_AT)
        .from(USERS).orderBy(USERS.EMAIL)
        .forEach(r -> people.put(r.value1(), new Person(Optional.ofNullable(r.value2()), Optional.ofNullable(r.value3()),
            r.value4().data(), Optional.ofNullable(r.value5()).map(OffsetDateTime::toInstant))));
    return new World(meditations, voices, clones, chats, people);
  }
}
