package io.inrvo.data.examples;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.audio.FileSystemAudioStore;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.conversation.Transcript;
import io.inrvo.data.history.MeditationHistoryRepository;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.schema.MigrationResult;
import io.inrvo.data.voice.VoiceProfile;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jooq.JSONB;

/** {@code demo}: a fresh database, migrated, seeded, and a tour of every capability. */
final class Demo {

  static final String DATABASE = "inrvo_demo";

  private Demo() {}

  static int run(PrintStream out) {
    Target target = Target.fresh(DATABASE);
    out.println("demo database: " + target);
    MigrationResult migrated = InrvoSchema.migrate(target.dataSource());
    out.println("migrated: " + String.join(", ", migrated.appliedVersions())
        + " -> schema version " + migrated.schemaVersion().orElse("none"));
    Seed.seed(target.dataSource(), Seed.Size.DEMO, out);

    Path audio = temporaryFolder();
    try (HikariDataSource pool = target.pool(8)) {
      Inrvo inrvo = Inrvo.builder(pool).audioStore(new FileSystemAudioStore(audio)).build();
      UUID heavyUser = Seed.userId(1);
      userTour(out, inrvo.asUser(heavyUser));
      adminTour(out, inrvo.asAdmin(Seed.userId(2)));
      cacheTour(out, target, pool, Seed.userId(3));
    }
    out.println("\ndemo finished");
    return 0;
  }

  private static void userTour(PrintStream out, Session user) {
    section(out, "As a user (" + user.caller().scope() + ")");
    Page<MeditationSummary> first = user.history().page(PageRequest.first(5));
    out.printf("history: %d of %d meditations, newest first%n", first.items().size(), first.total().orElse(-1));
    first.items().forEach(m -> out.printf("  %s  %-45s %s%n", m.createdAt().toLocalDate(), m.prompt(),
        m.favorite() ? "[fav]" : ""));
    Page<MeditationSummary> second = user.history().page(PageRequest.first(5).after(first.next().orElseThrow()));
    out.printf("next page by cursor: %d rows, starts %s%n", second.items().size(), second.items().get(0).createdAt());
    out.printf("favorites: %d, with audio: %d%n",
        user.history().favorites(PageRequest.first(100)).total().orElse(-1),
        user.history().withAudio(PageRequest.first(100)).total().orElse(-1));

    UUID saved = user.history().saveWithAudio(
        NewMeditation.withPrompt("Evening wind-down").withDurationSeconds(420).withAudioTags(List.of("breath-in")),
        new byte[] {'I', 'D', '3', 4, 0}, "audio/mpeg");
    out.println("saved with audio in one round trip: " + user.history().find(saved).orElseThrow().summary().audioUrl().orElseThrow());

    VoiceProfile profile = user.voiceProfiles().list().get(0);
    out.println("voice lookup (Index Only Scan): "
        + user.voiceProfiles().lookup(profile.id(), user.caller().requireUserId()).orElseThrow());

    var conversations = user.conversations();
    String id = conversations.latest().orElseThrow().id();
    int count = conversations.append(id, JSONB.valueOf(
        "[{\"role\":\"user\",\"content\":\"I cannot sleep\",\"topic\":\"sleep-demo\"}]"));
    out.printf("conversation %s: appended, now %d live messages%n", id, count);
    out.println("search [{\"topic\":\"sleep-demo\"}]: "
        + conversations.search(JSONB.valueOf("[{\"topic\":\"sleep-demo\"}]"), 10).size() + " hit(s)");
    int archived = conversations.archiveOldMessages(id, 5);
    Transcript transcript = conversations.transcript(id, 1, 3);
    out.printf("archived %d messages; transcript still has all %d, first: %s%n", archived, transcript.total(),
        transcript.messages().get(0).message());
  }

  private static void adminTour(PrintStream out, Session admin) {
    section(out, "As an admin (" + admin.caller().scope() + ", confirmed by is_admin())");
    var users = admin.admin().users(AdminListRequest.first(3));
    out.printf("users: %d total, newest: %s%n", users.total().getAsLong(), users.items().get(0).email().orElse("?"));
    var meditations = admin.admin().meditations(AdminListRequest.first(3));
    out.printf("meditations: %d total, newest by %s%n", meditations.total().getAsLong(),
        meditations.items().get(0).ownerEmail().orElse("?"));
    out.printf("voice profiles: %d total%n", admin.admin().voiceProfiles(AdminListRequest.first(3)).total().getAsLong());
    out.println("analytics refreshed at " + admin.analytics().refresh() + ": "
        + admin.analytics().current().totalMeditations() + " meditations");
  }

  private static void cacheTour(PrintStream out, Target target, HikariDataSource pool, UUID userId) {
    section(out, "Caches (Caffeine, 5 min for history pages; two application instances)");
    AtomicInteger pageStatements = new AtomicInteger();
    Inrvo counted = Inrvo.builder(pool).statementListener(statement -> {
      if (statement.sql().startsWith("select") && statement.sql().contains("\"meditation_history\"")) {
        pageStatements.incrementAndGet();
      }
    }).build();
    try (HikariDataSource otherPool = target.pool(4);
        CachingInrvo first = CachingInrvo.wrap(counted);
        CachingInrvo second = CachingInrvo.wrap(Inrvo.create(otherPool))) {
      first.startListener(target.jdbcUrl(), target.server().user(), target.server().password());
      second.startListener(target.jdbcUrl(), target.server().user(), target.server().password());

      var history = first.asUser(userId).history();
      int before = pageStatements.get();
      concurrently(50, () -> history.page(PageRequest.first(10)));
      out.printf("50 concurrent identical cold requests: %d database query%n", pageStatements.get() - before);

      // warm by now: a fresh key shows what a miss and a hit cost
      long miss = timeNanos(() -> history.page(PageRequest.first(20))) / 1_000;
      long[] hits = new long[101];
      for (int i = 0; i < hits.length; i++) {
        hits[i] = timeNanos(() -> history.page(PageRequest.first(20)));
      }
      java.util.Arrays.sort(hits);
      out.printf("first page: %d us from the database, then %.1f us from the cache (median of %d)%n",
          miss, hits[hits.length / 2] / 1_000.0, hits.length);

      var elsewhere = second.asUser(userId).history();
      long total = elsewhere.page(PageRequest.first(20)).total().orElseThrow(); // now cached in instance 2
      first.asUser(userId).history().save(NewMeditation.withPrompt("Saved on instance 1"));
      long seen = waitForTotal(elsewhere, total + 1);
      out.printf("instance 2 had %d meditations cached; after a save on instance 1 it shows %d "
          + "(change log -> listener -> invalidation)%n", total, seen);
      out.printf("hit rate so far: %.0f%% (instance 1)%n", 100 * first.stats().hitRate());
    }
  }

  /** Reads until the page shows {@code expected} rows in total, for at most five seconds. */
  private static long waitForTotal(MeditationHistoryRepository history, long expected) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    long total;
    do {
      total = history.page(PageRequest.first(20)).total().orElseThrow();
      if (total != expected) {
        LockSupport.parkNanos(5_000_000);
      }
    } while (total != expected && System.nanoTime() < deadline);
    return total;
  }

  private static long timeNanos(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return System.nanoTime() - started;
  }

  private static void concurrently(int threads, Runnable work) {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        done.add(executor.submit(() -> {
          start.await();
          work.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      executor.shutdownNow();
    }
  }

  private static void section(PrintStream out, String title) {
    out.println("\n== " + title);
  }

  private static Path temporaryFolder() {
    try {
      Path folder = Files.createTempDirectory("inrvo-demo-audio");
      folder.toFile().deleteOnExit();
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
