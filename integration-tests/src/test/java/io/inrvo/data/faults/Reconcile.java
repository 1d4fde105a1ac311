package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.testing.TestSql;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/** What the database and the caches hold after a fault workload, against the tenants' ledgers. */
final class Reconcile {

  /** The last name every test user starts with. */
  private static final String INITIAL_LAST_NAME = "Tester";

  private Reconcile() {}

  /**
   * Every confirmed write is in the database exactly once; every other row or message the
   * workload wrote was a write in doubt, and is there at most once; confirmed toggles leave the
   * favorite flag their count says; the last name is one that was written. For a tenant one worker
   * owns with nothing in doubt, messages are in the order they were appended and the last name is
   * the last one written.
   *
   * @return how many rows, messages and names were checked, for the figures
   */
  static String ledgers(DataSource db, List<Tenant> tenants) {
    int rows = 0;
    int messages = 0;
    for (Tenant tenant : tenants) {
      List<String> prompts = TestSql.column(db, "select prompt from public.meditation_history where user_id = ?", tenant.id);
      exactlyOnce(tenant + " meditations", prompts, tenant.saved, tenant.savedInDoubt);
      rows += prompts.size();
      Map<String, String> favorite = TestSql.rows(db,
              "select id::text, is_favorite::text from public.meditation_history where user_id = ?", tenant.id)
          .stream().collect(Collectors.toMap(r -> r.get(0), r -> r.get(1)));
      tenant.toggles.forEach((id, count) -> {
        if (!tenant.toggledInDoubt.contains(id)) {
          assertEquals(Boolean.toString(count.get() % 2 == 1), favorite.get(id.toString()),
              tenant + " meditation " + id + " toggled " + count + " times");
        }
      });
      List<String> texts = TestSql.column(db, "select e.message->>'content' from public.agent_conversations c"
          + " cross join lateral jsonb_array_elements(c.messages) with ordinality e(message, n)"
          + " where c.id = ? order by e.n", tenant.conversation);
      exactlyOnce(tenant + " messages", texts, tenant.appended, tenant.appendedInDoubt);
      messages += texts.size();
      String lastName = TestSql.text(db, "select last_name from public.users where id = ?", tenant.id);
      if (tenant.ownedByOneWorker && tenant.appendedInDoubt.isEmpty()) {
        assertEquals(List.copyOf(tenant.appended), texts, tenant + ": messages in the order they were appended");
      }
      if (tenant.ownedByOneWorker && tenant.namesInDoubt.isEmpty() && tenant.lastName != null) {
        assertEquals(tenant.lastName, lastName, tenant + ": the last name written last");
      } else if (!tenant.names.isEmpty()) {
        assertTrue(tenant.names.contains(lastName) || tenant.namesInDoubt.contains(lastName),
            tenant + ": a last name that was never written: " + lastName);
      } else {
        assertTrue(lastName.equals(INITIAL_LAST_NAME) || tenant.namesInDoubt.contains(lastName),
            tenant + ": a last name that was never written: " + lastName);
      }
    }
    return rows + " meditations, " + messages + " messages, " + tenants.size() + " profiles";
  }

  /** No row, message or name carries another user's marker: nothing was written in another user's place. */
  static void noCrossUserRows(DataSource db) {
    assertEquals(0, TestSql.count(db, "select count(*) from public.meditation_history"
        + " where prompt like 'm:%' and prompt not like 'm:' || user_id || ':%'"), "meditations in another user's place");
    assertEquals(0, TestSql.count(db, "select count(*) from public.agent_conversations c"
        + " cross join lateral jsonb_array_elements(c.messages) e"
        + " where e->>'content' like 'm:%' and e->>'content' not like 'm:' || c.user_id || ':%'"),
        "messages in another user's conversation");
    assertEquals(0, TestSql.count(db, "select count(*) from public.users"
        + " where last_name like 'm:%' and last_name not like 'm:' || id || ':%'"), "names in another user's profile");
    assertEquals(0, TestSql.count(db, "select count(*) from public.voice_profiles"
        + " where name like 'm:%' and name not like 'm:' || user_id || ':%'"), "voice profiles in another user's place");
  }

  /** For every tenant, each cached read equals the same read from the database. */
  static void cachesEqualDatabase(CachingInrvo inrvo, List<Tenant> tenants) {
    PageRequest first = PageRequest.first(10);
    for (Tenant tenant : tenants) {
      Session cached = inrvo.asUser(tenant.id);
      Session database = inrvo.uncached().asUser(tenant.id);
      same(tenant, "history page", cached, database, s -> s.history().page(first));
      same(tenant, "profile", cached, database, s -> s.profile().get());
      same(tenant, "conversation", cached, database, s -> s.conversations().find(tenant.conversation));
      same(tenant, "voice profiles", cached, database, s -> s.voiceProfiles().list());
    }
  }

  private static void same(Tenant tenant, String what, Session cached, Session database, Function<Session, Object> read) {
    assertEquals(read.apply(database), read.apply(cached), tenant + ": the cached " + what + " is the database's");
  }

  private static void exactlyOnce(String what, List<String> found, Collection<String> confirmed, Set<String> inDoubt) {
    Map<String, Long> times = found.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting()));
    List<String> problems = new ArrayList<>();
    for (String text : confirmed) {
      if (times.getOrDefault(text, 0L) != 1) {
        problems.add("confirmed " + text + " found " + times.getOrDefault(text, 0L) + " times");
      }
    }
    Set<String> known = new HashSet<>(confirmed);
    times.forEach((text, count) -> {
      if (!known.contains(text) && (!inDoubt.contains(text) || count > 1)) {
        problems.add((inDoubt.contains(text) ? "in doubt " : "never written ") + text + " found " + count + " times");
      }
    });
    assertTrue(problems.isEmpty(), what + ": " + problems);
  }
}
