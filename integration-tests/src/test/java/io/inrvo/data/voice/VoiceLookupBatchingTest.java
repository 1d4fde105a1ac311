package io.inrvo.data.voice;

import static io.inrvo.data.testing.InrvoAssertions.assertInvalid;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Caller;
import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoException;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.Session;
import io.inrvo.data.SurroundingTransaction;
import io.inrvo.data.testing.CapturedStatements;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import io.inrvo.data.testsupport.Poll;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code voiceLookupBatching}: concurrent lookups of one caller become one {@code id = any(?)}
 * statement, and each caller still gets what its own lookup returns. Callers are released together
 * at a gate; the window (the longest allowed) is what collects them, nothing sleeps.
 */
class VoiceLookupBatchingTest {

  private static final Duration WINDOW = Duration.ofMillis(50);
  /** The most lookups one statement carries. */
  private static final int MAX_BATCH = 256;
  /** How long a test waits for another thread or session before it fails. */
  private static final Duration WAIT_FOR_OTHERS = Duration.ofSeconds(20);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked()
      .withInrvo(db -> Inrvo.builder(db.pool(8)).voiceLookupBatching(WINDOW));

  private static ExecutorService callers;

  @BeforeAll
  static void startCallers() {
    callers = Executors.newFixedThreadPool(MAX_BATCH + 1);
  }

  @AfterAll
  static void stopCallers() {
    callers.shutdownNow();
  }

  @Test
  void batchedLookupsReturnWhatUnbatchedLookupsReturn(@TestUser("alice") Session alice, @TestUser("alice") UUID aliceId,
      @TestUser("bob") Session bob, @TestUser("bob") UUID bobId, Inrvo inrvo, DataSource ds, CapturedStatements sql) {
    UUID first = alice.voiceProfiles().create(NewVoiceProfile.named("First").withProvider("fish-audio", "pv", "fm")).id();
    UUID second = alice.voiceProfiles().create(NewVoiceProfile.named("Second")).id();
    UUID bobs = bob.voiceProfiles().create(NewVoiceProfile.named("Bob's")).id();
    UUID missing = UUID.randomUUID();
    List<UUID[]> asked = List.of(new UUID[] {first, aliceId}, new UUID[] {second, aliceId},
        new UUID[] {bobs, aliceId}, new UUID[] {missing, aliceId}, new UUID[] {bobs, bobId},
        new UUID[] {first, aliceId});
    Inrvo unbatched = Inrvo.create(ds);
    List<Optional<VoiceProfileLookup>> expected = asked.stream()
        .map(a -> unbatched.asService().voiceProfiles().lookup(a[0], a[1])).toList();
    sql.clear();

    List<Optional<VoiceProfileLookup>> batched = together(asked.size(),
        i -> () -> inrvo.asService().voiceProfiles().lookup(asked.get(i)[0], asked.get(i)[1]));

    assertEquals(expected, batched);
    assertTrue(expected.get(0).isPresent() && expected.get(1).isPresent() && expected.get(4).isPresent());
    assertEquals(Optional.empty(), batched.get(2), "another owner's profile");
    assertEquals(Optional.empty(), batched.get(3), "no such profile");
    List<ExecutedStatement> lookups = lookups(sql);
    assertEquals(1, lookups.size(), lookups.toString());
    assertTrue(lookups.get(0).sql().contains("\"public\".\"voice_profiles\".\"id\" = any ("), lookups.get(0).sql());
  }

  @Test
  void sixtyFourConcurrentDistinctLookupsTakeAtMostFourStatements(@TestUser("carol") Session carol,
      @TestUser("carol") UUID carolId, Inrvo inrvo, CapturedStatements sql) {
    List<UUID> profiles = IntStream.range(0, 64)
        .mapToObj(i -> carol.voiceProfiles().create(NewVoiceProfile.named("voice " + i)).id()).toList();
    sql.clear();

    List<Optional<VoiceProfileLookup>> found = together(64,
        i -> () -> inrvo.asService().voiceProfiles().lookup(profiles.get(i), carolId));

    for (int i = 0; i < 64; i++) {
      assertEquals("voice " + i, found.get(i).orElseThrow().name());
    }
    List<ExecutedStatement> lookups = lookups(sql);
    assertTrue(lookups.size() <= 4, lookups.size() + " statements for 64 lookups");
  }

  @Test
  void moreLookupsThanOneStatementCarriesAreSplit(@TestUser("hana") UUID hanaId, Inrvo inrvo, DataSource ds,
      CapturedStatements sql) {
    TestSql.exec(ds, "insert into public.voice_profiles (user_id, name) select ?, 'v' || g from generate_series(1, ?) g",
        hanaId, MAX_BATCH + 1);
    List<UUID> profiles = TestSql.ids(ds, "select id from public.voice_profiles where user_id = ?", hanaId);
    assertEquals(MAX_BATCH + 1, profiles.size());
    sql.clear();

    List<Optional<VoiceProfileLookup>> found = together(MAX_BATCH + 1,
        i -> () -> inrvo.asService().voiceProfiles().lookup(profiles.get(i), hanaId));

    assertTrue(found.stream().allMatch(Optional::isPresent));
    List<ExecutedStatement> lookups = lookups(sql);
    assertTrue(lookups.size() >= 2, lookups.size() + " statements for " + (MAX_BATCH + 1) + " lookups");
    for (ExecutedStatement statement : lookups) {
      long carried = profiles.stream().filter(p -> statement.inlinedSql().contains(p.toString())).count();
      assertTrue(carried <= MAX_BATCH, carried + " profiles in one statement");
    }
  }

  @Test
  void userSessionsOfDifferentUsersAreBatchedApartEachUnderItsOwnContext(@TestUser("dave") Session dave,
      @TestUser("dave") UUID daveId, @TestUser("erin") Session erin, @TestUser("erin") UUID erinId, Inrvo inrvo,
      CapturedStatements sql) {
    List<UUID> daves = IntStream.range(0, 3).mapToObj(i -> dave.voiceProfiles().create(NewVoiceProfile.named("d" + i)).id())
        .toList();
    List<UUID> erins = IntStream.range(0, 3).mapToObj(i -> erin.voiceProfiles().create(NewVoiceProfile.named("e" + i)).id())
        .toList();
    sql.clear();

    List<Optional<VoiceProfileLookup>> found = together(6, i -> i % 2 == 0
        ? () -> inrvo.asUser(daveId).voiceProfiles().lookup(daves.get(i / 2), daveId)
        : () -> inrvo.asUser(erinId).voiceProfiles().lookup(erins.get(i / 2), erinId));

    for (int i = 0; i < 6; i++) {
      assertEquals((i % 2 == 0 ? "d" : "e") + i / 2, found.get(i).orElseThrow().name());
    }
    List<ExecutedStatement> lookups = lookups(sql);
    assertEquals(Set.of(Caller.user(daveId), Caller.user(erinId)),
        lookups.stream().map(ExecutedStatement::caller).collect(Collectors.toSet()));
    assertEquals(2, lookups.size(), lookups.toString());
  }

  @Test
  void aBatchWhoseWindowEndsWhileThePreviousStillRunsKeepsCollectingUntilThatOneReturns(@TestUser("jack") Session jack,
      @TestUser("jack") UUID jackId, DataSource ds) throws Exception {
    List<UUID> profiles = IntStream.range(0, 3)
        .mapToObj(i -> jack.voiceProfiles().create(NewVoiceProfile.named("j" + i)).id()).toList();
    CapturedStatements sql = new CapturedStatements();
    Session service = Inrvo.builder(ds).statementListener(sql).voiceLookupBatching(Duration.ofMillis(1)).build()
        .asService();
    List<FutureTask<Optional<VoiceProfileLookup>>> calls = new ArrayList<>();
    try (Connection locker = ds.getConnection()) {
      locker.setAutoCommit(false);
      TestSql.exec(locker, "lock table public.voice_profiles in access exclusive mode");
      Thread first = startLookup(service, profiles.get(0), jackId, calls);
      Poll.untilLockWaiters(ds, 1, WAIT_FOR_OTHERS);
      assertEquals(Thread.State.RUNNABLE, first.getState(), "the first batch's statement waits on the server");

      // the second batch's window (1 ms) ends while the first still runs: its leader waits for it
      Thread second = startLookup(service, profiles.get(1), jackId, calls);
      Poll.until(() -> second.getState() == Thread.State.WAITING, WAIT_FOR_OTHERS,
          "the second batch's leader to wait for the first batch");
      Thread third = startLookup(service, profiles.get(2), jackId, calls);
      Poll.until(() -> third.getState() == Thread.State.WAITING, WAIT_FOR_OTHERS,
          "a later lookup to join the second batch");
      locker.commit();
    }

    for (int i = 0; i < 3; i++) {
      assertEquals("j" + i, calls.get(i).get(WAIT_FOR_OTHERS.toSeconds(), TimeUnit.SECONDS).orElseThrow().name());
    }
    List<ExecutedStatement> lookups = lookups(sql);
    assertEquals(2, lookups.size(), lookups.toString());
    assertTrue(lookups.get(1).inlinedSql().contains(profiles.get(1).toString())
        && lookups.get(1).inlinedSql().contains(profiles.get(2).toString()), lookups.get(1).inlinedSql());
  }

  @Test
  void aLookupInsideATransactionIsNotBatchedAndSeesItsTransaction(@TestUser("frank") Session frank,
      @TestUser("frank") UUID frankId, CapturedStatements sql) {
    Optional<VoiceProfileLookup> seen = frank.inTransaction(tx -> {
      UUID created = tx.voiceProfiles().create(NewVoiceProfile.named("uncommitted")).id();
      return tx.voiceProfiles().lookup(created, frankId);
    });

    assertEquals("uncommitted", seen.orElseThrow().name());
    assertTrue(lookups(sql).stream().noneMatch(s -> s.sql().contains(" = any (")), "no batch inside a transaction");
  }

  @Test
  void aLookupJoinedToTheApplicationsTransactionIsNotBatchedAndSeesIt(@TestUser("ivan") UUID ivanId, DataSource ds)
      throws SQLException {
    ThreadLocal<SurroundingTransaction.Joined> open = new ThreadLocal<>();
    CapturedStatements sql = new CapturedStatements();
    Inrvo joining = Inrvo.builder(ds).statementListener(sql).voiceLookupBatching(WINDOW)
        .surroundingTransaction(() -> Optional.ofNullable(open.get())).build();
    try (Connection connection = ds.getConnection()) {
      connection.setAutoCommit(false);
      UUID created = UUID.fromString(TestSql.text(connection,
          "insert into public.voice_profiles (user_id, name) values (?, 'uncommitted') returning id::text", ivanId));
      open.set(new SurroundingTransaction.Joined() {
        @Override
        public Connection connection() {
          return connection;
        }

        @Override
        public void setRollbackOnly() {}

        @Override
        public void afterCompletion(Runnable action) {}
      });
      try {
        assertEquals("uncommitted", joining.asService().voiceProfiles().lookup(created, ivanId).orElseThrow().name());
      } finally {
        open.remove();
        connection.rollback();
      }
    }
    assertTrue(lookups(sql).stream().noneMatch(s -> s.sql().contains(" = any (")), "no batch in a joined transaction");
  }

  @Test
  void aFailureReachesEveryCallerOfTheBatch(@TestUser("gina") UUID ginaId) {
    HikariDataSource pool = DB.database().pool(2);
    Inrvo broken = Inrvo.builder(pool).startupSchemaCheck(false).voiceLookupBatching(WINDOW).build();
    pool.close();

    List<Throwable> failures = new ArrayList<>();
    for (CompletableFuture<Optional<VoiceProfileLookup>> call : start(8,
        i -> () -> broken.asService().voiceProfiles().lookup(UUID.randomUUID(), ginaId))) {
      failures.add(assertInstanceOf(CompletionException.class,
          assertThrows(CompletionException.class, call::join)).getCause());
    }

    assertEquals(8, failures.size());
    for (Throwable failure : failures) {
      assertInstanceOf(InrvoException.class, failure);
      assertEquals(failures.get(0).getClass(), failure.getClass());
    }
  }

  @Test
  void aWindowThatIsNotPositiveOrLongerThanFiftyMillisecondsIsRejected(DataSource ds) {
    for (Duration window : new Duration[] {Duration.ZERO, Duration.ofMillis(-1), Duration.ofMillis(51), null}) {
      InvalidInputException e = assertInvalid("voiceLookupBatching",
          () -> Inrvo.builder(ds).voiceLookupBatching(window));
      assertTrue(e.getMessage().contains(String.valueOf(window)), e.getMessage());
    }
    assertEquals(Optional.of(Duration.ofMillis(50)),
        Inrvo.builder(ds).voiceLookupBatching(Duration.ofMillis(50)).options().voiceLookupBatching());
    assertEquals(Optional.empty(), Inrvo.builder(ds).options().voiceLookupBatching());
  }

  /** {@code caller}'s lookup of {@code profile} on a thread of its own, whose state the test watches. */
  private static Thread startLookup(Session caller, UUID profile, UUID owner,
      List<FutureTask<Optional<VoiceProfileLookup>>> calls) {
    FutureTask<Optional<VoiceProfileLookup>> call = new FutureTask<>(() -> caller.voiceProfiles().lookup(profile, owner));
    calls.add(call);
    Thread thread = new Thread(call, "lookup of " + profile);
    thread.start();
    return thread;
  }

  private static List<ExecutedStatement> lookups(CapturedStatements sql) {
    return sql.all().stream().filter(s -> s.sql().contains(" from \"public\".\"voice_profiles\"")).toList();
  }

  /** {@code count} calls released together at a gate; their results in order. */
  private static <T> List<T> together(int count, java.util.function.IntFunction<Supplier<T>> call) {
    return start(count, call).stream().map(CompletableFuture::join).toList();
  }

  private static <T> List<CompletableFuture<T>> start(int count, java.util.function.IntFunction<Supplier<T>> call) {
    CountDownLatch ready = new CountDownLatch(count);
    CountDownLatch gate = new CountDownLatch(1);
    List<CompletableFuture<T>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Supplier<T> one = call.apply(i);
      calls.add(CompletableFuture.supplyAsync(() -> {
        ready.countDown();
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
        return one.get();
      }, callers));
    }
    try {
      ready.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    gate.countDown();
    return calls;
  }
}
