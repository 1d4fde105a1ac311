package io.inrvo.data.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestSql;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The same seeded mixed workload (20 users, 2,000 operations, 85% reads, 15% writes) once on the
 * plain library and once through {@link CachingInrvo}, counting the statements each sends (the
 * per-transaction context statement aside) and the cache hit rate. Prints the figures.
 *
 * <p>Without caching every operation is one statement in one transaction; with it, reads that hit
 * send nothing.
 */
class MixedWorkloadTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final int USERS = 20;
  private static final int OPERATIONS = 2_000;
  private static final long SEED = 42;

  @Test
  void cachingCutsTheStatementsOfAMixedWorkloadSeveralFold() {
    DataSource db = DB.dataSource();
    List<MixedWorkload.User> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      UUID id = Fixtures.user(db, "w" + i + "@example.com", 30);
      UUID meditation = (UUID) TestSql.value(db, "select id from public.meditation_history where user_id = ? limit 1", id);
      users.add(new MixedWorkload.User(id, meditation, Fixtures.voiceProfile(db, id)));
    }
    MixedWorkload workload = new MixedWorkload(users, OPERATIONS, SEED);

    try (HikariDataSource pool = DB.database().pool(4)) {
      Statements plain = new Statements();
      MixedWorkload.Figures without = workload.run(Inrvo.builder(pool).statementListener(plain).build(), plain::count);

      Statements cachedStatements = new Statements();
      try (CachingInrvo cached = CachingInrvo.wrap(Inrvo.builder(pool).statementListener(cachedStatements).build())) {
        MixedWorkload.Figures with = workload.run(cached, cachedStatements::count);
        CachingStats stats = cached.stats();

        double cut = (double) without.statements() / with.statements();
        double readCut = (double) without.readStatements() / with.readStatements();
        System.out.printf(Locale.ROOT, """
            Mixed workload: %d users, %d operations (%d reads, %d writes), seed %d
              without caching: %5d statements (%d for reads, %d for writes), %d transactions
              with caching:    %5d statements (%d for reads, %d for writes), %d transactions
              statements cut %.1fx overall, %.1fx for reads; hit rate %.1f%% (%d hits, %d misses, %d shared)
            %n""",
            USERS, workload.size(), with.reads(), with.writes(), SEED,
            without.statements(), without.readStatements(), without.writeStatements(), plain.transactions(),
            with.statements(), with.readStatements(), with.writeStatements(), cachedStatements.transactions(),
            cut, readCut, stats.hitRate() * 100, stats.hitCount(), stats.missCount(), stats.sharedCount());

        assertEquals(without.writeStatements(), with.writeStatements(), "writes are never cached");
        assertEquals(stats.missCount(), with.readStatements(), "one query per miss, none per hit");
        // Single-threaded, seeded, no listener, far from any TTL or size bound: 2,000 vs 770
        // statements. Every write makes the next read of what it changed a miss, so the write
        // share bounds the cut: about 2.6x overall with 15% writes. The user ids are random, and
        // two users whose ids share a fence stripe cost a few extra misses: hence the margins.
        assertTrue(stats.hitRate() > 0.65, "hit rate " + stats.hitRate());
        assertTrue(readCut > 3.0, "reads cut " + readCut + "x");
        assertTrue(cut > 2.2, "statements cut " + cut + "x");
      }
    }
  }
}
