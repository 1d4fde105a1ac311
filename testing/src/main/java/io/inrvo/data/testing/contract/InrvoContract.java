package io.inrvo.data.testing.contract;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.AccessDeniedException;
import io.inrvo.data.ConflictException;
import io.inrvo.data.CountPolicy;
import io.inrvo.data.Cursor;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.NotAuthenticatedException;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.profile.UserProfile;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestAdmin;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.voice.CloningStatus;
import io.inrvo.data.voice.NewVoiceProfile;
import io.inrvo.data.voice.ProfileStatus;
import io.inrvo.data.voice.VoiceProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * The repository contract: what every {@link Inrvo} keeps, and so what every wrapper of one (a
 * cache, a metrics or retry decorator) must keep too. Written once, run against the plain {@code
 * Inrvo} and each decorator; a subclass supplies the implementation under test through {@link
 * #decorate(Inrvo)}.
 *
 * <pre>{@code
 * class MyCachingInrvoContractTest extends InrvoContract {
 *   @Override
 *   protected Inrvo decorate(Inrvo plain) {
 *     return new MyCachingInrvo(plain);
 *   }
 * }
 * }</pre>
 *
 * <p>What it checks, through the decorated instance's sessions:
 *
 * <ul>
 *   <li><b>Paging:</b> page sizes, newest-first order without gaps or repeats, next cursors and
 *       the last page, totals per {@link CountPolicy}, the favorites and with-audio lists, offset
 *       pages, an empty history.
 *   <li><b>Keyset cursors:</b> a cursor continues where it left off although rows were saved
 *       meanwhile; a tampered cursor, another user's and another list's are rejected with {@code
 *       InvalidInputException} on {@code cursor} before any SQL.
 *   <li><b>Errors and their classes:</b> {@code NotFoundException} for missing rows (empty {@code
 *       Optional}s for finds), {@code AccessDeniedException} for admin calls of non-admins, {@code
 *       NotAuthenticatedException} for user calls of a service session, {@code ConflictException}
 *       for a taken id.
 *   <li><b>Row-level security:</b> one user never sees, and never changes, another user's rows,
 *       through every repository.
 *   <li><b>Input rejected before any SQL:</b> each broken rule throws {@code
 *       InvalidInputException} naming its field, no statement is sent and nothing is written.
 *   <li><b>Round trips:</b> a write sends exactly the statements the plain {@code Inrvo} sends for
 *       it (listed in {@link Statements}); a read sends either those or none at all (served from a
 *       cache), and returns what the plain {@code Inrvo} returns.
 *   <li><b>Coherence:</b> a write is seen by the writer's next read; a transaction's reads see its
 *       writes, and a transaction that throws leaves nothing behind.
 * </ul>
 *
 * <p>Statements are counted as the plain {@code Inrvo} reports them to its statement listener
 * ({@link CapturedStatements}): the transaction's context statement counts as one, also when it
 * travels in one round trip with the work. A decorator must delegate to the {@code Inrvo} it is
 * given, or its statements are not seen.
 *
 * <p>The class gets its own migrated database ({@link InrvoDatabaseExtension}); each test uses
 * users of its own, so tests do not see each other's rows. {@link #decorate(Inrvo)} is called
 * before every test, so a cache starts empty; after the test, the decorated instance is closed
 * when it is {@link AutoCloseable} (close other resources in an {@code @AfterEach} method of the
 * subclass). Writes made as the superuser (fixtures) all happen before the decorated instance
 * reads what they wrote: a cache is not expected to see writes that bypass it.
 *
 * <p>The class is long because it is the whole contract, each test short: a wrapper's author
 * subclasses one class with one hook and gets every check, and a check added later reaches every
 * wrapper without a change on their side.
 */
@ExtendWith(InrvoDatabaseExtension.class)
public abstract class InrvoContract {

  /**
   * How many statements the plain {@code Inrvo} sends for the calls the contract counts, context
   * statements included: two for a call of one statement (sent in one round trip), one more per
   * further statement of a call that needs several.
   */
  public static final class Statements {

    /** A history page, favorites or with-audio page with an exact total or none. */
    public static final int PAGE = 2;
    /** A page with the planner's estimate: the page and an {@code EXPLAIN}, in one transaction. */
    public static final int PAGE_PLANNED = 3;
    /** One meditation, voice profiles list, lookup, clones, profile, preferences, conversation. */
    public static final int SINGLE_READ = 2;
    /**
     * An admin list page shorter than its limit: the admin check, the page and its total in one
     * statement, sent with the context statement in one round trip.
     */
    public static final int ADMIN_LIST_PARTIAL = 2;
    /** A full admin list page: like {@link #ADMIN_LIST_PARTIAL}, one statement in one round trip. */
    public static final int ADMIN_LIST_FULL = 2;
    /** Every write the contract makes: one statement, in one round trip with the context. */
    public static final int WRITE = 2;

    private Statements() {}
  }

  private static final JSONB NO_PREFERENCES = JSONB.valueOf("{}");
  private static final JSONB ONE_MESSAGE = JSONB.valueOf("[{\"role\":\"user\",\"content\":\"breathe\"}]");

  private Inrvo plain;
  private Inrvo inrvo;
  private CapturedStatements sent;
  private DataSource db;

  /**
   * The implementation under test: {@code plain} wrapped in the decorator, or {@code plain} itself.
   * Called before every test with the class's plain instance (on the class's database, reporting
   * to the contract's statement capture); return a new decorator each time.
   *
   * @param plain the class's plain {@code Inrvo}
   * @return the {@code Inrvo} the contract's tests run against
   */
  protected abstract Inrvo decorate(Inrvo plain);

  @BeforeEach
  final void decorateThePlainInrvo(Inrvo plain, CapturedStatements sent, DataSource db) {
    this.plain = plain;
    this.sent = sent;
    this.db = db;
    this.inrvo = Objects.requireNonNull(decorate(plain), "decorate(plain) returned null");
    sent.clear(); // what decorating sent is not the test's
  }

  @AfterEach
  final void closeTheDecoratedInrvo() throws Exception {
    if (inrvo != plain && inrvo instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  // ---------------------------------------------------------------- paging

  @Test
  void pagesWalkTheHistoryNewestFirstWithoutGapsOrRepeats(@TestUser("pager") UUID pager) {
    meditations(pager, 23, "1 minute");
    meditations(pager, 2, "0 minutes"); // two rows in one microsecond: the id breaks the tie
    List<UUID> expected = idsInListOrder(pager, "true");

    List<Page<MeditationSummary>> pages = walk(cursor -> inrvo.asUser(pager).history().page(request(10, cursor)));

    assertEquals(List.of(10, 10, 5), pages.stream().map(p -> p.items().size()).toList());
    assertEquals(List.of(true, true, false), pages.stream().map(Page::hasNext).toList());
    assertEquals(expected, ids(pages));
    for (Page<MeditationSummary> page : pages) {
      assertEquals(OptionalLong.of(25), page.total(), "every page carries the exact total");
      assertEquals(CountPolicy.EXACT, page.totalPolicy());
    }
  }

  @Test
  void theTotalFollowsTheCountPolicy(@TestUser("counter") UUID counter) {
    meditations(counter, 7, "1 minute");
    Session session = inrvo.asUser(counter);

    Page<MeditationSummary> exact = session.history().page(PageRequest.first(5).withCount(CountPolicy.EXACT));
    Page<MeditationSummary> none = session.history().page(PageRequest.first(5).withCount(CountPolicy.NONE));
    Page<MeditationSummary> planned = session.history().page(PageRequest.first(5).withCount(CountPolicy.PLANNED));

    assertEquals(OptionalLong.of(7), exact.total());
    assertEquals(CountPolicy.EXACT, exact.totalPolicy());
    assertEquals(OptionalLong.empty(), none.total());
    assertEquals(CountPolicy.NONE, none.totalPolicy());
    assertTrue(planned.total().isPresent() && planned.total().getAsLong() >= 0, planned.total()::toString);
    assertEquals(CountPolicy.PLANNED, planned.totalPolicy());
    assertEquals(exact.items(), none.items(), "the policy changes the total, not the rows");
    assertEquals(exact.items(), planned.items());
  }

  @Test
  void favoritesAndWithAudioListOnlyTheirRowsAndPageByTheirOwnCursors(@TestUser("filterer") UUID filterer) {
    meditations(filterer, 12, "1 minute"); // every 3rd a favorite, every 2nd with audio
    Session session = inrvo.asUser(filterer);

    List<Page<MeditationSummary>> favorites = walk(cursor -> session.history().favorites(request(3, cursor)));
    List<Page<MeditationSummary>> withAudio = walk(cursor -> session.history().withAudio(request(4, cursor)));

    assertEquals(idsInListOrder(filterer, "is_favorite"), ids(favorites));
    assertEquals(idsInListOrder(filterer, "audio_url is not null"), ids(withAudio));
    assertEquals(OptionalLong.of(4), favorites.get(0).total());
    assertEquals(OptionalLong.of(6), withAudio.get(0).total());
    assertTrue(favorites.stream().flatMap(p -> p.items().stream()).allMatch(MeditationSummary::favorite));
    assertTrue(withAudio.stream().flatMap(p -> p.items().stream()).allMatch(m -> m.audioUrl().isPresent()));
  }

  @Test
  void anOffsetPageHoldsTheRowsAtThatDepthAndPastTheEndIsEmpty(@TestUser("skipper") UUID skipper) {
    meditations(skipper, 25, "1 minute");
    Session session = inrvo.asUser(skipper);
    Page<MeditationSummary> first = session.history().page(PageRequest.first(10));
    Page<MeditationSummary> second = session.history().page(PageRequest.first(10).after(first.next().orElseThrow()));

    Page<MeditationSummary> atOffset = session.history().page(PageRequest.first(10).atOffset(10));
    Page<MeditationSummary> pastTheEnd = session.history().page(PageRequest.first(10).atOffset(40));

    assertEquals(second.items(), atOffset.items());
    assertEquals(OptionalLong.of(25), atOffset.total());
    assertTrue(atOffset.hasNext());
    assertEquals(List.of(), pastTheEnd.items());
    assertEquals(OptionalLong.of(25), pastTheEnd.total(), "the total is exact also past the end");
    assertFalse(pastTheEnd.hasNext());
  }

  @Test
  void anEmptyHistoryIsOneEmptyPageWithTotalZero(@TestUser("newcomer") UUID newcomer) {
    Page<MeditationSummary> page = inrvo.asUser(newcomer).history().page(PageRequest.first(20));

    assertEquals(List.of(), page.items());
    assertEquals(OptionalLong.of(0), page.total());
    assertFalse(page.hasNext());
  }

  // ---------------------------------------------------------------- keyset cursors

  @Test
  void aCursorContinuesWhereItLeftOffThoughRowsWereSavedMeanwhile(@TestUser("reader") UUID reader) {
    meditations(reader, 10, "1 minute");
    List<UUID> expected = idsInListOrder(reader, "true");
    Session session = inrvo.asUser(reader);
    Page<MeditationSummary> first = session.history().page(PageRequest.first(4));

    UUID saved = session.history().save(NewMeditation.withPrompt("saved while paging"));
    Page<MeditationSummary> second = session.history().page(PageRequest.first(4).after(first.next().orElseThrow()));

    assertEquals(expected.subList(0, 4), ids(List.of(first)));
    assertEquals(expected.subList(4, 8), ids(List.of(second)), "the new row shifts nothing");
    assertEquals(OptionalLong.of(11), second.total());
    assertEquals(saved, session.history().page(PageRequest.first(4)).items().get(0).id(), "and heads the list");
  }

  @Test
  void aTamperedCursorIsRejectedBeforeAnySql(@TestUser("forger") UUID forger) {
    meditations(forger, 6, "1 minute");
    Session session = inrvo.asUser(forger);
    String token = session.history().page(PageRequest.first(2)).next().orElseThrow().token();
    int middle = token.length() / 2;
    String tampered = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'B' : 'A') + token.substring(middle + 1);
    sent.clear();

    assertInvalid("cursor", () -> session.history().page(PageRequest.first(2).after(Cursor.of(tampered))));
    assertInvalid("cursor", () -> session.history().page(PageRequest.first(2).after(Cursor.of(token + "A"))));

    sent.assertNothingSent();
  }

  @Test
  void anotherUsersCursorIsRejectedBeforeAnySql(@TestUser("owner") UUID owner, @TestUser("borrower") UUID borrower) {
    meditations(owner, 6, "1 minute");
    meditations(borrower, 6, "1 minute");
    Cursor owners = inrvo.asUser(owner).history().page(PageRequest.first(2)).next().orElseThrow();
    sent.clear();

    assertInvalid("cursor", () -> inrvo.asUser(borrower).history().page(PageRequest.first(2).after(owners)));

    sent.assertNothingSent();
  }

  @Test
  void anotherListsCursorIsRejectedBeforeAnySql(@TestUser("lister") UUID lister) {
    meditations(lister, 12, "1 minute");
    Session session = inrvo.asUser(lister);
    Cursor fromFavorites = session.history().favorites(PageRequest.first(1)).next().orElseThrow();
    Cursor fromHistory = session.history().page(PageRequest.first(1)).next().orElseThrow();
    sent.clear();

    assertInvalid("cursor", () -> session.history().page(PageRequest.first(1).after(fromFavorites)));
    assertInvalid("cursor", () -> session.history().withAudio(PageRequest.first(1).after(fromFavorites)));
    assertInvalid("cursor", () -> session.history().favorites(PageRequest.first(1).after(fromHistory)));

    sent.assertNothingSent();
  }

  // ---------------------------------------------------------------- errors and their classes

  @Test
  void aMissingRowIsNotFoundAndAMissingFindIsEmpty(@TestUser("seeker") UUID seeker) {
    Session session = inrvo.asUser(seeker);
    UUID missing = UUID.randomUUID();

    assertAll(
        () -> assertEquals(Optional.empty(), session.history().find(missing)),
        () -> assertThrows(NotFoundException.class, () -> session.history().toggleFavorite(missing)),
        () -> assertThrows(NotFoundException.class, () -> session.history().delete(missing)),
        () -> assertEquals(Optional.empty(), session.voiceProfiles().lookup(missing, seeker)),
        () -> assertThrows(NotFoundException.class, () -> session.voiceProfiles().rename(missing, "Renamed")),
        () -> assertThrows(NotFoundException.class,
            () -> session.voiceProfiles().updateStatus(missing, CloningStatus.READY, ProfileStatus.ACTIVE)),
        () -> assertThrows(NotFoundException.class, () -> session.voiceProfiles().delete(missing)),
        () -> assertThrows(NotFoundException.class, () -> session.voiceClones().deactivate(missing)),
        () -> assertEquals(Optional.empty(), session.conversations().find("no-such-conversation")),
        () -> assertThrows(NotFoundException.class,
            () -> session.conversations().append("no-such-conversation", ONE_MESSAGE)),
        () -> assertThrows(NotFoundException.class,
            () -> session.conversations().archiveOldMessages("no-such-conversation", 0)),
        () -> assertThrows(NotFoundException.class,
            () -> session.conversations().transcript("no-such-conversation", 1, 10)),
        () -> assertThrows(NotFoundException.class, () -> session.conversations().delete("no-such-conversation")));
  }

  @Test
  void adminCallsOfNonAdminsAreDenied(@TestUser("pretender") UUID pretender) {
    Session claimsAdmin = inrvo.asAdmin(pretender); // the database's is_admin() says no
    Session user = inrvo.asUser(pretender);
    AdminListRequest request = AdminListRequest.first(10);

    for (Session session : List.of(claimsAdmin, user)) {
      assertAll(session.caller().scope(),
          () -> assertThrows(AccessDeniedException.class, () -> session.admin().users(request)),
          () -> assertThrows(AccessDeniedException.class, () -> session.admin().meditations(request)),
          () -> assertThrows(AccessDeniedException.class, () -> session.admin().voiceProfiles(request)),
          () -> assertThrows(AccessDeniedException.class, () -> session.analytics().current()));
    }
  }

  @Test
  void aConfirmedAdminListsEveryUsersRows(@TestAdmin("root") UUID root, @TestUser("listed") UUID listed) {
    meditations(listed, 3, "1 minute");
    Session admin = inrvo.asAdmin(root);

    List<UUID> users = admin.admin().users(AdminListRequest.first(500)).items().stream().map(UserProfile::id).toList();
    var listedsMeditations = admin.admin().meditations(AdminListRequest.first(10).forUser(listed));

    assertTrue(users.containsAll(List.of(root, listed)), users::toString);
    assertEquals(3, listedsMeditations.total().getAsLong());
    assertEquals(idsInListOrder(listed, "true"),
        listedsMeditations.items().stream().map(m -> m.meditation().id()).toList());
    assertTrue(listedsMeditations.items().stream().allMatch(m -> m.userId().equals(listed)));
  }

  @Test
  void userCallsOfAServiceSessionAreNotAuthenticated() {
    Session service = inrvo.asService();

    assertAll(
        () -> assertThrows(NotAuthenticatedException.class, () -> service.history().page(PageRequest.first(5))),
        () -> assertThrows(NotAuthenticatedException.class,
            () -> service.history().save(NewMeditation.withPrompt("whose?"))),
        () -> assertThrows(NotAuthenticatedException.class, () -> service.voiceProfiles().list()),
        () -> assertThrows(NotAuthenticatedException.class, () -> service.conversations().latest()));
    sent.assertNothingSent();
  }

  @Test
  void aTakenConversationIdIsAConflict(@TestUser("first") UUID first, @TestUser("second") UUID second) {
    String id = "taken-" + first;
    inrvo.asUser(first).conversations().create(id, NO_PREFERENCES);

    assertThrows(ConflictException.class, () -> inrvo.asUser(second).conversations().create(id, NO_PREFERENCES));
    assertThrows(ConflictException.class, () -> inrvo.asUser(first).conversations().create(id, NO_PREFERENCES));
    assertEquals(first, UUID.fromString(TestSql.text(db, "select user_id from public.agent_conversations where id = ?", id)));
  }

  // ---------------------------------------------------------------- input rejected before any SQL

  @TestFactory
  Stream<DynamicTest> brokenInputIsRejectedNamingItsFieldBeforeAnySqlAndNothingIsWritten(
      @TestUser("careless") UUID careless) {
    meditations(careless, 1, "1 minute");
    UUID profile = inrvo.asUser(careless).voiceProfiles().create(NewVoiceProfile.named("Calm")).id();
    String conversation = inrvo.asUser(careless).conversations().create("careless-" + careless, NO_PREFERENCES).id();
    Session session = inrvo.asUser(careless);
    JSONB notAnObject = JSONB.valueOf("[1]");
    JSONB notAnArray = JSONB.valueOf("{\"role\":\"user\"}");
    return Stream.of(
        broken("history.save: blank prompt", "prompt", () -> session.history().save(NewMeditation.withPrompt(" "))),
        broken("history.save: no meditation", "meditation", () -> session.history().save(null)),
        broken("history.page: no request", "page", () -> session.history().page(null)),
        broken("history.find: no id", "id", () -> session.history().find(null)),
        broken("history.toggleFavorite: no id", "id", () -> session.history().toggleFavorite(null)),
        broken("history.delete: no id", "id", () -> session.history().delete(null)),
        broken("voiceProfiles.create: blank name", "name",
            () -> session.voiceProfiles().create(NewVoiceProfile.named(" "))),
        broken("voiceProfiles.rename: blank name", "name", () -> session.voiceProfiles().rename(profile, "")),
        broken("voiceProfiles.updateStatus: no status", "status",
            () -> session.voiceProfiles().updateStatus(profile, CloningStatus.READY, null)),
        broken("voiceProfiles.lookup: no owner", "ownerId", () -> session.voiceProfiles().lookup(profile, null)),
        broken("voiceClones.deactivate: no id", "cloneId", () -> session.voiceClones().deactivate(null)),
        broken("conversations.find: malformed id", "id", () -> session.conversations().find("no spaces, please")),
        broken("conversations.create: preferences not an object", "preferences",
            () -> session.conversations().create("careless-2", notAnObject)),
        broken("conversations.append: messages not an array", "messages",
            () -> session.conversations().append(conversation, notAnArray)),
        broken("conversations.search: limit 0", "limit",
            () -> session.conversations().search(ONE_MESSAGE, 0)),
        broken("conversations.archiveOldMessages: negative keepRecent", "keepRecent",
            () -> session.conversations().archiveOldMessages(conversation, -1)),
        broken("conversations.transcript: position 0", "fromPosition",
            () -> session.conversations().transcript(conversation, 0, 10)),
        broken("audioTags.updatePreferences: not an object", "preferences",
            () -> session.audioTags().updatePreferences(notAnObject)),
        broken("profile.update: changes nothing", "update", () -> session.profile().update(ProfileUpdate.none())),
        broken("profile.update: blank first name", "firstName",
            () -> session.profile().update(ProfileUpdate.none().withFirstName(" "))),
        broken("admin.users: no request", "request", () -> inrvo.asAdmin(careless).admin().users(null)))
        .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
          String before = everythingOf(careless);
          sent.clear();
          assertInvalid(c.field(), c.call());
          sent.assertNothingSent();
          assertEquals(before, everythingOf(careless), "nothing is written");
        }));
  }

  // ---------------------------------------------------------------- row-level security

  @Test
  void oneUserNeverSeesAnothersRowsThroughAnyRepository(@TestUser("alice") UUID alice, @TestUser("bob") UUID bob) {
    Session a = inrvo.asUser(alice);
    Session b = inrvo.asUser(bob);
    Runnable aliceSeesNothingOfBobs = () -> assertAll("alice's reads",
        () -> assertEquals(List.of(), a.history().page(PageRequest.first(20)).items()),
        () -> assertEquals(List.of(), a.history().favorites(PageRequest.first(20)).items()),
        () -> assertEquals(List.of(), a.history().withAudio(PageRequest.first(20)).items()),
        () -> assertEquals(List.of(), a.voiceProfiles().list()),
        () -> assertEquals(List.of(), a.voiceClones().active()),
        () -> assertEquals(Optional.empty(), a.conversations().latest()),
        () -> assertEquals(List.of(), a.conversations().search(ONE_MESSAGE, 10)),
        () -> assertEquals(alice, a.profile().get().id()),
        () -> assertEquals(NO_PREFERENCES, a.audioTags().preferences()));
    aliceSeesNothingOfBobs.run(); // also warms what a cache would keep

    BobsRows bobs = bobsRows(b, bob);

    aliceSeesNothingOfBobs.run();
    assertAll("bob's rows, asked for by id",
        () -> assertEquals(Optional.empty(), a.history().find(bobs.meditation())),
        () -> assertEquals(Optional.empty(), a.conversations().find(bobs.conversation())),
        () -> assertEquals(Optional.empty(), a.voiceProfiles().lookup(bobs.voiceProfile(), alice)),
        () -> assertThrows(AccessDeniedException.class, () -> a.voiceProfiles().lookup(bobs.voiceProfile(), bob)));
    assertAll("bob sees them",
        () -> assertEquals(List.of(bobs.meditation()), ids(List.of(b.history().page(PageRequest.first(20))))),
        () -> assertEquals(List.of(bobs.meditation()), ids(List.of(b.history().favorites(PageRequest.first(20))))),
        () -> assertEquals(List.of(bobs.voiceProfile()), b.voiceProfiles().list().stream().map(VoiceProfile::id).toList()),
        () -> assertEquals(1, b.voiceClones().active().size()),
        () -> assertEquals(bobs.conversation(), b.conversations().latest().orElseThrow().id()),
        () -> assertEquals(bobs.preferences(), b.audioTags().preferences()));
  }

  @Test
  void oneUserNeverChangesAnothersRowsThroughAnyRepository(@TestUser("mallory") UUID mallory, @TestUser("victim") UUID victim) {
    BobsRows theirs = bobsRows(inrvo.asUser(victim), victim);
    String before = everythingOf(victim);
    Session m = inrvo.asUser(mallory);

    assertAll("mallory's writes to the victim's rows",
        () -> assertThrows(NotFoundException.class, () -> m.history().toggleFavorite(theirs.meditation())),
        () -> assertThrows(NotFoundException.class, () -> m.history().delete(theirs.meditation())),
        () -> assertThrows(NotFoundException.class, () -> m.voiceProfiles().rename(theirs.voiceProfile(), "Mine")),
        () -> assertThrows(NotFoundException.class, () -> m.voiceProfiles().updateStatus(theirs.voiceProfile(),
            CloningStatus.FAILED, ProfileStatus.ARCHIVED)),
        () -> assertThrows(NotFoundException.class, () -> m.voiceProfiles().delete(theirs.voiceProfile())),
        () -> assertThrows(NotFoundException.class, () -> m.voiceClones().deactivate(theirs.voiceClone())),
        () -> assertThrows(NotFoundException.class, () -> m.conversations().append(theirs.conversation(), ONE_MESSAGE)),
        () -> assertThrows(NotFoundException.class, () -> m.conversations().archiveOldMessages(theirs.conversation(), 0)),
        () -> assertThrows(NotFoundException.class, () -> m.conversations().transcript(theirs.conversation(), 1, 10)),
        () -> assertThrows(NotFoundException.class, () -> m.conversations().delete(theirs.conversation())));

    assertEquals(before, everythingOf(victim), "the victim's rows are as they were");
    assertEquals(List.of(theirs.meditation()), ids(List.of(inrvo.asUser(victim).history().favorites(PageRequest.first(5)))));
  }

  // ---------------------------------------------------------------- round trips

  @Test
  void aWriteSendsExactlyWhatThePlainInrvoSends(@TestUser("writer") UUID writer) {
    Session session = inrvo.asUser(writer);
    UUID meditation = write("history.save", () -> session.history().save(NewMeditation.withPrompt("counted")));
    write("history.toggleFavorite", () -> session.history().toggleFavorite(meditation));
    write("history.delete", () -> {
      session.history().delete(meditation);
      return null;
    });
    UUID profile = write("voiceProfiles.create", () -> session.voiceProfiles().create(NewVoiceProfile.named("Calm"))).id();
    write("voiceProfiles.rename", () -> session.voiceProfiles().rename(profile, "Calmer"));
    write("voiceProfiles.updateStatus",
        () -> session.voiceProfiles().updateStatus(profile, CloningStatus.READY, ProfileStatus.ACTIVE));
    write("voiceProfiles.delete", () -> {
      session.voiceProfiles().delete(profile);
      return null;
    });
    String id = "counted-" + writer;
    write("conversations.create", () -> session.conversations().create(id, NO_PREFERENCES));
    write("conversations.append", () -> session.conversations().append(id, ONE_MESSAGE));
    write("conversations.archiveOldMessages", () -> session.conversations().archiveOldMessages(id, 0));
    write("conversations.delete", () -> {
      session.conversations().delete(id);
      return null;
    });
    write("profile.update", () -> session.profile().update(ProfileUpdate.none().withFirstName("Counted")));
    write("profile.recordLogin", () -> session.profile().recordLogin());
    write("audioTags.updatePreferences", () -> session.audioTags().updatePreferences(JSONB.valueOf("{\"pace\":\"slow\"}")));
  }

  @Test
  void aReadSendsWhatThePlainInrvoSendsOrNothingAndReturnsWhatItReturns(
      @TestUser("counted") UUID counted, @TestAdmin("auditor") UUID auditor) {
    meditations(counted, 12, "1 minute");
    Session plainSession = plain.asUser(counted);
    UUID profile = plainSession.voiceProfiles().create(NewVoiceProfile.named("Calm")).id();
    String conversation = plainSession.conversations().create("read-" + counted, NO_PREFERENCES).id();
    plainSession.conversations().append(conversation, ONE_MESSAGE);
    UUID meditation = idsInListOrder(counted, "true").get(0);
    Session session = inrvo.asUser(counted);
    Session plainAdmin = plain.asAdmin(auditor);
    Session admin = inrvo.asAdmin(auditor);
    AdminListRequest adminPage = AdminListRequest.first(5).forUser(counted);

    read("history.page", Statements.PAGE, s -> s.history().page(PageRequest.first(5)), plainSession, session);
    read("history.page (no total)", Statements.PAGE,
        s -> s.history().page(PageRequest.first(5).withCount(CountPolicy.NONE)), plainSession, session);
    read("history.page (planned total)", Statements.PAGE_PLANNED,
        s -> s.history().page(PageRequest.first(5).withCount(CountPolicy.PLANNED)).items(), plainSession, session);
    read("history.favorites", Statements.PAGE, s -> s.history().favorites(PageRequest.first(5)), plainSession, session);
    read("history.withAudio", Statements.PAGE, s -> s.history().withAudio(PageRequest.first(5)), plainSession, session);
    read("history.find", Statements.SINGLE_READ, s -> s.history().find(meditation), plainSession, session);
    read("voiceProfiles.list", Statements.SINGLE_READ, s -> s.voiceProfiles().list(), plainSession, session);
    read("voiceProfiles.lookup", Statements.SINGLE_READ, s -> s.voiceProfiles().lookup(profile, counted),
        plainSession, session);
    read("voiceClones.active", Statements.SINGLE_READ, s -> s.voiceClones().active(), plainSession, session);
    read("conversations.latest", Statements.SINGLE_READ, s -> s.conversations().latest(), plainSession, session);
    read("conversations.find", Statements.SINGLE_READ, s -> s.conversations().find(conversation), plainSession, session);
    read("conversations.search", Statements.SINGLE_READ, s -> s.conversations().search(ONE_MESSAGE, 5),
        plainSession, session);
    read("conversations.transcript", Statements.SINGLE_READ, s -> s.conversations().transcript(conversation, 1, 10),
        plainSession, session);
    read("profile.get", Statements.SINGLE_READ, s -> s.profile().get(), plainSession, session);
    read("profile.find", Statements.SINGLE_READ, s -> s.profile().find(), plainSession, session);
    read("audioTags.preferences", Statements.SINGLE_READ, s -> s.audioTags().preferences(), plainSession, session);
    read("audioTags.presets", Statements.SINGLE_READ, s -> s.audioTags().presets(), plainSession, session);
    read("admin.users", Statements.ADMIN_LIST_PARTIAL, s -> s.admin().users(adminPage), plainAdmin, admin);
    read("admin.meditations", Statements.ADMIN_LIST_FULL, s -> s.admin().meditations(adminPage), plainAdmin, admin);
    read("admin.voiceProfiles", Statements.ADMIN_LIST_PARTIAL, s -> s.admin().voiceProfiles(adminPage), plainAdmin, admin);
  }

  // ---------------------------------------------------------------- coherence

  @Test
  void aWriteIsSeenByTheWritersNextRead(@TestUser("writer2") UUID writer) {
    meditations(writer, 3, "1 minute");
    Session s = inrvo.asUser(writer);
    VoiceProfile profile = s.voiceProfiles().create(NewVoiceProfile.named("Calm"));
    String conversation = s.conversations().create("seen-" + writer, NO_PREFERENCES).id();
    UUID oldest = idsInListOrder(writer, "true").get(2);
    warm(s, conversation);

    UUID saved = s.history().save(NewMeditation.withPrompt("fresh"));
    boolean favorite = s.history().toggleFavorite(oldest);
    s.voiceProfiles().rename(profile.id(), "Renamed");
    VoiceProfile second = s.voiceProfiles().create(NewVoiceProfile.named("Second"));
    s.conversations().append(conversation, ONE_MESSAGE);
    s.profile().update(ProfileUpdate.none().withFirstName("Changed"));
    s.audioTags().updatePreferences(JSONB.valueOf("{\"pace\":\"slow\"}"));

    assertAll("reads after the writes",
        () -> assertEquals(saved, s.history().page(PageRequest.first(10)).items().get(0).id()),
        () -> assertEquals(OptionalLong.of(4), s.history().page(PageRequest.first(10)).total()),
        () -> assertEquals(favorite, s.history().favorites(PageRequest.first(10)).items().stream()
            .anyMatch(m -> m.id().equals(oldest))),
        () -> assertEquals(List.of("Second", "Renamed"),
            s.voiceProfiles().list().stream().map(p -> p.voice().name()).toList()),
        () -> assertEquals("Renamed", s.voiceProfiles().lookup(profile.id(), writer).orElseThrow().name()),
        () -> assertEquals(1, s.conversations().find(conversation).orElseThrow().messageCount()),
        () -> assertEquals(1, s.conversations().latest().orElseThrow().messageCount()),
        () -> assertEquals(Optional.of("Changed"), s.profile().get().firstName()),
        () -> assertEquals(Optional.of("Changed"), s.profile().find().orElseThrow().firstName()),
        () -> assertEquals("{\"pace\": \"slow\"}", s.audioTags().preferences().data()));

    s.history().delete(saved);
    s.voiceProfiles().delete(second.id());
    s.conversations().delete(conversation);
    s.profile().recordLogin();

    assertAll("reads after the deletes",
        () -> assertFalse(ids(List.of(s.history().page(PageRequest.first(10)))).contains(saved)),
        () -> assertEquals(List.of(profile.id()), s.voiceProfiles().list().stream().map(VoiceProfile::id).toList()),
        () -> assertEquals(Optional.empty(), s.conversations().find(conversation)),
        () -> assertEquals(Optional.empty(), s.conversations().latest()),
        () -> assertTrue(s.profile().get().lastLoginAt().isPresent()));
  }

  @Test
  void aTransactionSeesItsOwnWritesAndOneThatThrowsLeavesNothing(@TestUser("atomic") UUID atomic) {
    Session s = inrvo.asUser(atomic);
    assertEquals(OptionalLong.of(0), s.history().page(PageRequest.first(5)).total());

    assertThrows(RuntimeException.class, () -> s.useTransaction(tx -> {
      tx.history().save(NewMeditation.withPrompt("rolled back"));
      tx.voiceProfiles().create(NewVoiceProfile.named("Rolled back"));
      throw new IllegalStateException("the work fails after writing");
    }));
    assertEquals(OptionalLong.of(0), s.history().page(PageRequest.first(5)).total());
    assertEquals(List.of(), s.voiceProfiles().list());
    assertEquals(0, TestSql.count(db, "select count(*) from public.meditation_history where user_id = ?", atomic));

    UUID saved = s.inTransaction(tx -> {
      UUID id = tx.history().save(NewMeditation.withPrompt("committed"));
      assertEquals(Optional.of("committed"), tx.history().find(id).map(m -> m.summary().prompt()));
      assertEquals(List.of(id), ids(List.of(tx.history().page(PageRequest.first(5)))), "the transaction's own write");
      return id;
    });
    assertEquals(List.of(saved), ids(List.of(s.history().page(PageRequest.first(5)))));
  }

  // ---------------------------------------------------------------- helpers

  /** The rows {@link #bobsRows} makes for a user, through the decorated instance where it can. */
  private record BobsRows(UUID meditation, UUID voiceProfile, UUID voiceClone, String conversation, JSONB preferences) {}

  /** A favorite meditation with audio, a voice profile, an active clone, a conversation, preferences. */
  private BobsRows bobsRows(Session session, UUID user) {
    UUID meditation = session.history().save(NewMeditation.withPrompt("private").withAudioUrl("https://audio.test/x.mp3"));
    session.history().toggleFavorite(meditation);
    UUID profile = session.voiceProfiles().create(NewVoiceProfile.named("Private voice")).id();
    // a clone as the provider's webhook would record it: the contract reads clones, it does not create them
    UUID clone = (UUID) TestSql.value(db,
        "insert into public.voice_clones (user_id, name, provider) values (?, 'Private clone', 'test') returning id", user);
    String conversation = session.conversations().create("private-" + user, NO_PREFERENCES).id();
    session.conversations().append(conversation, ONE_MESSAGE);
    JSONB preferences = session.audioTags().updatePreferences(JSONB.valueOf("{\"secret\":true}"));
    return new BobsRows(meditation, profile, clone, conversation, preferences);
  }

  /** Everything stored for {@code user}, as text, to compare before and after. */
  private String everythingOf(UUID user) {
    return String.join("\n",
        TestSql.column(db, "select m::text from public.meditation_history m where user_id = ? order by id", user).toString(),
        TestSql.column(db, "select v::text from public.voice_profiles v where user_id = ? order by id", user).toString(),
        TestSql.column(db, "select c::text from public.voice_clones c where user_id = ? order by id", user).toString(),
        TestSql.column(db, "select a::text from public.agent_conversations a where user_id = ? order by id", user).toString(),
        TestSql.column(db, "select u::text from public.users u where id = ?", user).toString());
  }

  /** Reads everything {@link #aWriteIsSeenByTheWritersNextRead} then changes, so a cache holds it. */
  private static void warm(Session s, String conversation) {
    s.history().page(PageRequest.first(10));
    s.history().favorites(PageRequest.first(10));
    s.voiceProfiles().list();
    s.conversations().find(conversation);
    s.conversations().latest();
    s.profile().get();
    s.profile().find();
    s.audioTags().preferences();
  }

  /** Inserts {@code rows} meditations as the superuser: every 3rd a favorite, every 2nd with audio. */
  private List<UUID> meditations(UUID user, int rows, String step) {
    TestSql.exec(db, "insert into public.meditation_history (user_id, prompt, is_favorite, audio_url, created_at) "
        + "select ?, 'meditation ' || g, g % 3 = 0, case when g % 2 = 0 then 'https://audio.test/' || g || '.mp3' end, "
        + "timestamptz '2024-01-01' + g * interval '" + step + "' from generate_series(1, ?) g", user, rows);
    return idsInListOrder(user, "true");
  }

  /** The ids of {@code user}'s meditations matching {@code filter}, newest first, as the superuser reads them. */
  private List<UUID> idsInListOrder(UUID user, String filter) {
    return TestSql.ids(db, "select id from public.meditation_history where user_id = ? and (" + filter
        + ") order by created_at desc, id desc", user);
  }

  private static PageRequest request(int size, Optional<Cursor> after) {
    return after.map(PageRequest.first(size)::after).orElse(PageRequest.first(size));
  }

  /** Every page of a list, following next cursors from the first page. */
  private static List<Page<MeditationSummary>> walk(Function<Optional<Cursor>, Page<MeditationSummary>> list) {
    List<Page<MeditationSummary>> pages = new ArrayList<>();
    Optional<Cursor> cursor = Optional.empty();
    do {
      Page<MeditationSummary> page = list.apply(cursor);
      pages.add(page);
      cursor = page.next();
      assertTrue(pages.size() <= 1_000, "a list that never ends");
    } while (cursor.isPresent());
    return pages;
  }

  private static List<UUID> ids(List<Page<MeditationSummary>> pages) {
    return pages.stream().flatMap(p -> p.items().stream()).map(MeditationSummary::id).toList();
  }

  /** Runs a write and asserts it sent exactly what the plain {@code Inrvo} sends. */
  private <T> T write(String call, Supplier<T> work) {
    sent.clear();
    T result = work.get();
    List<ExecutedStatement> statements = sent.all();
    assertEquals(Statements.WRITE, statements.size(), () -> call + " sends what the plain Inrvo sends: " + sql(statements));
    return result;
  }

  /**
   * Runs a read twice on the decorated session and asserts that each time it sent what the plain
   * {@code Inrvo} sends ({@code plainStatements}) or nothing, and returned what the plain session
   * returns.
   */
  private <T> void read(String call, int plainStatements, Function<Session, T> read, Session plainSession,
      Session session) {
    T expected = read.apply(plainSession);
    for (int time = 1; time <= 2; time++) {
      sent.clear();
      T actual = read.apply(session);
      List<ExecutedStatement> statements = sent.all();
      int round = time;
      assertTrue(statements.isEmpty() || statements.size() == plainStatements, () -> call + " (call " + round
          + ") is served by the plain Inrvo's " + plainStatements + " statements or from a cache, not by "
          + statements.size() + ": " + sql(statements));
      assertEquals(expected, actual, () -> call + " (call " + round + ") returns what the plain Inrvo returns");
    }
  }

  private static List<String> sql(List<ExecutedStatement> statements) {
    return statements.stream().map(ExecutedStatement::sql).toList();
  }

  private record Broken(String name, String field, Executable call) {}

  private static Broken broken(String name, String field, Executable call) {
    return new Broken(name, field, call);
  }
}
