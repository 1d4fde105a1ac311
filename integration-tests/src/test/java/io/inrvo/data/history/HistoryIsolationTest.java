package io.inrvo.data.history;

import static io.inrvo.data.history.HistoryFixtures.generate;
import static io.inrvo.data.history.HistoryFixtures.idsInListOrder;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.Cursor;
import io.inrvo.data.Inrvo;
import io.inrvo.data.NotFoundException;
import io.inrvo.data.Page;
import io.inrvo.data.PageRequest;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testing.TestUsers;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** No history method lets one user see or change another user's rows. */
class HistoryIsolationTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().withInrvo(db -> Inrvo.builder(db.pool(2)));

  @BeforeAll
  static void data(DataSource ds, @TestUser("alice") UUID alice, @TestUser("bob") UUID bob) {
    generate(DB.dataSource(), alice, 60, "1 minute");
    generate(DB.dataSource(), bob, 8, "1 hour");
  }

  @Test
  void bobsListsShowOnlyBobsRows(@TestUser("bob") UUID bob, Inrvo inrvo, DataSource ds) {
    MeditationHistoryRepository bobs = inrvo.asUser(bob).history();

    assertEquals(idsInListOrder(ds, bob, "true"), ids(bobs.page(PageRequest.first(100))));
    assertEquals(idsInListOrder(ds, bob, "is_favorite"), ids(bobs.favorites(PageRequest.first(100))));
    assertEquals(idsInListOrder(ds, bob, "audio_url is not null"), ids(bobs.withAudio(PageRequest.first(100))));
    assertEquals(8, bobs.page(PageRequest.first(100)).total().getAsLong());
  }

  @Test
  void bobCannotFindToggleOrDeleteAlicesRowsAndTheyStayUnchanged(@TestUser("alice") UUID alice, @TestUser("bob") UUID bob, Inrvo inrvo, DataSource ds) {
    Map<UUID, String> before = snapshot();
    MeditationHistoryRepository bobs = inrvo.asUser(bob).history();

    for (UUID id : idsInListOrder(ds, alice, "true")) {
      assertTrue(bobs.find(id).isEmpty());
      assertThrows(NotFoundException.class, () -> bobs.toggleFavorite(id));
      assertThrows(NotFoundException.class, () -> bobs.delete(id));
    }

    assertEquals(before, snapshot());
  }

  @Test
  void anAdminSessionListsAndFindsOnlyItsOwnRowsThoughRlsWouldShowAll(@TestUser("alice") UUID alice, Inrvo inrvo, DataSource ds) {
    UUID admin = TestUsers.createAdmin(ds, "admin@example.com");
    generate(ds, admin, 3, "1 day");
    MeditationHistoryRepository admins = inrvo.asAdmin(admin).history();
    UUID alicesRow = idsInListOrder(ds, alice, "true").get(0);

    assertEquals(idsInListOrder(ds, admin, "true"), ids(admins.page(PageRequest.first(100))));
    assertEquals(3, admins.page(PageRequest.first(100)).total().getAsLong());
    assertTrue(admins.find(alicesRow).isEmpty(), "the user_id filter holds where the admin read policy does not");
    assertThrows(NotFoundException.class, () -> admins.toggleFavorite(alicesRow));
    assertThrows(NotFoundException.class, () -> admins.delete(alicesRow));
  }

  /**
   * Random operations by random users on random rows (theirs or not), checked against a model of
   * who owns what: no list or find ever returns another user's row, and writes to another user's
   * rows fail and change nothing.
   */
  @Test
  void randomOperationsOfManyUsersNeverLeakOrTouchAnotherUsersRows(Inrvo inrvo, DataSource ds) {
    Random random = new Random(20240517L);
    List<UUID> users = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UUID user = TestUsers.create(ds, "random" + i + "@example.com");
      generate(ds, user, 6 + random.nextInt(20), "1 minute");
      users.add(user);
    }
    Map<UUID, UUID> owner = new HashMap<>();
    Map<UUID, Boolean> favorite = new HashMap<>();
    for (UUID user : users) {
      for (UUID id : idsInListOrder(ds, user, "true")) {
        owner.put(id, user);
      }
      for (UUID id : idsInListOrder(ds, user, "is_favorite")) {
        favorite.put(id, true);
      }
    }
    Map<UUID, Optional<Cursor>> cursors = new HashMap<>();
    int foreignAttempts = 0;

    for (int step = 0; step < 250; step++) {
      UUID actor = users.get(random.nextInt(users.size()));
      MeditationHistoryRepository history = inrvo.asUser(actor).history();
      List<UUID> known = new ArrayList<>(owner.keySet());
      UUID target = known.isEmpty() ? UUID.randomUUID() : known.get(random.nextInt(known.size()));
      boolean own = actor.equals(owner.get(target));
      foreignAttempts += own ? 0 : 1;
      String context = "step " + step + " actor " + actor + " target " + target;
      switch (random.nextInt(7)) {
        case 0 -> {
          PageRequest request = PageRequest.first(1 + random.nextInt(8));
          Optional<Cursor> after = cursors.getOrDefault(actor, Optional.empty());
          Page<MeditationSummary> page = history.page(after.map(request::after).orElse(request));
          cursors.put(actor, page.next());
          assertOwnedBy(actor, page, owner, context);
        }
        case 1 -> assertOwnedBy(actor, history.favorites(PageRequest.first(20)), owner, context);
        case 2 -> assertOwnedBy(actor, history.withAudio(PageRequest.first(20)), owner, context);
        case 3 -> assertEquals(own, history.find(target).isPresent(), context);
        case 4 -> {
          if (own) {
            favorite.put(target, history.toggleFavorite(target));
          } else {
            assertThrows(NotFoundException.class, () -> history.toggleFavorite(target), context);
          }
        }
        case 5 -> {
          if (own) {
            history.delete(target);
            owner.remove(target);
            favorite.remove(target);
          } else {
            assertThrows(NotFoundException.class, () -> history.delete(target), context);
          }
        }
        default -> owner.put(history.save(NewMeditation.withPrompt("random " + step)), actor);
      }
    }

    assertTrue(foreignAttempts > 50, "the walk must mostly try foreign rows: " + foreignAttempts);
    Map<UUID, String> expected = new HashMap<>();
    owner.forEach((id, user) -> expected.put(id, user + "/" + favorite.getOrDefault(id, false)));
    Map<UUID, String> actual = new HashMap<>();
    for (UUID user : users) {
      readRows(user, actual);
    }
    assertEquals(expected, actual);
  }

  private static void assertOwnedBy(UUID actor, Page<MeditationSummary> page, Map<UUID, UUID> owner, String context) {
    for (MeditationSummary m : page.items()) {
      assertEquals(actor, owner.get(m.id()), context + ": row " + m.id() + " leaked");
    }
  }

  private static List<UUID> ids(Page<MeditationSummary> page) {
    assertFalse(page.hasNext());
    return page.items().stream().map(MeditationSummary::id).toList();
  }

  /** Every row of the table, as superuser: id to owner, favorite flag and prompt. */
  private static Map<UUID, String> snapshot() {
    Map<UUID, String> rows = new HashMap<>();
    query("select id, user_id || '/' || is_favorite || '/' || prompt from public.meditation_history", rows);
    return rows;
  }

  private static void readRows(UUID user, Map<UUID, String> into) {
    query("select id, user_id || '/' || is_favorite from public.meditation_history where user_id = '" + user + "'",
        into);
  }

  private static void query(String sql, Map<UUID, String> into) {
    Set<UUID> seen = new HashSet<>(into.keySet());
    for (List<String> row : TestSql.rows(DB.dataSource(), sql)) {
      UUID id = UUID.fromString(row.get(0));
      assertTrue(seen.add(id));
      into.put(id, row.get(1));
    }
  }
}
