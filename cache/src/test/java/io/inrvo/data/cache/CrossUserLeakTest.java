package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.CountPolicy;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.conversation.Conversation;
import io.inrvo.data.history.MeditationSummary;
import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.profile.AudioTagPreset;
import io.inrvo.data.profile.ProfileUpdate;
import io.inrvo.data.profile.UserProfile;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.voice.VoiceProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded, randomized multi-user workload through one {@link CachingInrvo} (with its listener
 * running) on several threads. Each thread owns a few users and keeps a model of what they own;
 * every read must equal the model exactly: nothing of another user, nothing stale after the
 * user's own writes.
 */
class CrossUserLeakTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final long SEED = 20_260_101L;
  private static final int THREADS = 3;
  private static final int USERS_PER_THREAD = 2;
  private static final int OPERATIONS_PER_THREAD = 250;

  /** What one user owns, as the model says. Touched by its owning thread only. */
  private static final class Owner {
    final UUID id;
    final List<UUID> meditations = new ArrayList<>(); // newest first
    final Set<UUID> favorites = new LinkedHashSet<>();
    final UUID voice;
    String voiceName = "Calm voice";
    String firstName;
    String preferences = "{}";
    int messages = 1;

    Owner(DataSource db, UUID id, String firstName) {
      this.id = id;
      this.firstName = firstName;
      this.voice = Fixtures.voiceProfile(db, id);
      try (Connection c = db.getConnection();
          PreparedStatement s = c.prepareStatement(
              "select id, is_favorite from public.meditation_history where user_id = ? order by created_at desc, id desc")) {
        s.setObject(1, id);
        try (ResultSet rows = s.executeQuery()) {
          while (rows.next()) {
            UUID meditation = rows.getObject(1, UUID.class);
            meditations.add(meditation);
            if (rows.getBoolean(2)) {
              favorites.add(meditation);
            }
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }

    List<UUID> favoritesInOrder() {
      return meditations.stream().filter(favorites::contains).toList();
    }
  }

  @Test
  void noReadEverReturnsAnotherUsersDataOrAStaleValue() throws Exception {
    DataSource db = DB.dataSource();
    List<List<Owner>> owners = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      List<Owner> mine = new ArrayList<>();
      for (int u = 0; u < USERS_PER_THREAD; u++) {
        String name = "t" + t + "u" + u;
        mine.add(new Owner(db, Fixtures.user(db, name + "@example.com", 15), name));
      }
      owners.add(mine);
    }
    DatabaseServer server = DB.database().server();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    try (HikariDataSource pool = DB.database().pool(THREADS * 2);
        CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(pool))) {
      inrvo.startListener(b -> b.jdbcUrl(DB.database().jdbcUrl(), server.user(), server.password())
          .pollTimeout(Duration.ofMillis(50)));
      List<AudioTagPreset> presets = inrvo.uncached().asService().audioTags().presets();
      CyclicBarrier start = new CyclicBarrier(THREADS);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        List<Owner> mine = owners.get(t);
        Random random = new Random(SEED + t);
        Thread thread = new Thread(() -> {
          try {
            start.await();
            for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
              step(inrvo, mine, random, presets);
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "workload-" + t);
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join(Await.TIMEOUT.toMillis() * 3);
        assertFalse(thread.isAlive(), thread.getName() + " finished");
      }
      if (!failures.isEmpty()) {
        AssertionError error = new AssertionError(failures.size() + " failed operation(s); first: " + failures.peek());
        failures.forEach(error::addSuppressed);
        throw error;
      }
      CachingStats stats = inrvo.stats();
      assertTrue(stats.hitCount() >= 100, "the workload went through the caches: " + stats.hitCount() + " hits");
    }
  }

  /** One random operation on one of {@code mine}, checked against the model. */
  private static void step(CachingInrvo inrvo, List<Owner> mine, Random random, List<AudioTagPreset> presets) {
    Owner owner = mine.get(random.nextInt(mine.size()));
    Owner neighbour = mine.get((mine.indexOf(owner) + 1) % mine.size());
    // Users and their admin-kind sessions read the same rows through different keys.
    Session session = random.nextInt(5) == 0 ? inrvo.asAdmin(owner.id) : inrvo.asUser(owner.id);
    int op = random.nextInt(100);
    String what = "op " + op + " for " + owner.firstName;
    if (op < 20) {
      int size = random.nextBoolean() ? 5 : 10;
      PageRequest request = random.nextBoolean() ? PageRequest.first(size) : PageRequest.first(size).withCount(CountPolicy.NONE);
      Page<MeditationSummary> page = session.history().page(request);
      assertEquals(owner.meditations.subList(0, Math.min(size, owner.meditations.size())), ids(page), what + ": page");
      if (request.count() == CountPolicy.EXACT) {
        assertEquals(owner.meditations.size(), page.total().orElseThrow(), what + ": total");
      }
    } else if (op < 30) {
      List<UUID> expected = owner.favoritesInOrder();
      assertEquals(expected.subList(0, Math.min(20, expected.size())), ids(session.history().favorites(PageRequest.first(20))),
          what + ": favorites");
    } else if (op < 40) {
      List<VoiceProfile> voices = session.voiceProfiles().list();
      assertEquals(List.of(owner.voice), voices.stream().map(VoiceProfile::id).toList(), what + ": voices");
      assertEquals(owner.voiceName, voices.get(0).name(), what + ": voice name");
      assertEquals(owner.id, voices.get(0).userId(), what + ": voice owner");
    } else if (op < 47) {
      Session service = inrvo.asService();
      assertEquals(Optional.of(owner.voiceName), service.voiceProfiles().lookup(owner.voice, owner.id).map(v -> v.name()),
          what + ": service lookup");
      assertEquals(Optional.empty(), service.voiceProfiles().lookup(owner.voice, neighbour.id),
          what + ": a profile looked up under another owner");
    } else if (op < 55) {
      UserProfile profile = session.profile().get();
      assertEquals(owner.id, profile.id(), what + ": profile id");
      assertEquals(Optional.of(owner.firstName), profile.firstName(), what + ": first name");
    } else if (op < 60) {
      assertEquals(JSONB.valueOf(owner.preferences).data().replace(" ", ""),
          session.audioTags().preferences().data().replace(" ", ""), what + ": preferences");
    } else if (op < 65) {
      Conversation latest = session.conversations().latest().orElseThrow();
      assertEquals(owner.id, latest.userId(), what + ": conversation owner");
      assertEquals(owner.messages, latest.messageCount(), what + ": message count");
    } else if (op < 70) {
      assertEquals(presets, session.audioTags().presets(), what + ": presets");
    } else if (op < 78) {
      UUID saved = session.history().save(NewMeditation.withPrompt("saved by " + owner.firstName + " at " + op));
      owner.meditations.add(0, saved);
    } else if (op < 84) {
      if (!owner.meditations.isEmpty()) {
        UUID target = owner.meditations.get(random.nextInt(owner.meditations.size()));
        boolean now = session.history().toggleFavorite(target);
        if (now) {
          owner.favorites.add(target);
        } else {
          owner.favorites.remove(target);
        }
      }
    } else if (op < 88) {
      if (owner.meditations.size() > 3) {
        UUID target = owner.meditations.remove(random.nextInt(owner.meditations.size()));
        owner.favorites.remove(target);
        session.history().delete(target);
      }
    } else if (op < 92) {
      owner.voiceName = "voice " + random.nextInt(1000);
      session.voiceProfiles().rename(owner.voice, owner.voiceName);
    } else if (op < 95) {
      owner.firstName = owner.firstName.replaceAll("-\\d+$", "") + "-" + random.nextInt(1000);
      session.profile().update(ProfileUpdate.none().withFirstName(owner.firstName));
    } else if (op < 98) {
      owner.preferences = "{\"pace\":" + random.nextInt(1000) + "}";
      session.audioTags().updatePreferences(JSONB.valueOf(owner.preferences));
    } else {
      session.conversations().append(Fixtures.conversation(owner.id), JSONB.valueOf("[{\"role\":\"user\",\"n\":" + op + "}]"));
      owner.messages++;
    }
  }

  private static List<UUID> ids(Page<MeditationSummary> page) {
    return page.items().stream().map(MeditationSummary::id).toList();
  }
}
