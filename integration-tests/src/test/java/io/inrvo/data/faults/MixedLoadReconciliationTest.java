package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.Inrvo;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Eight workers, forty users, a mixed load through the caches with the listener running, and no
 * fault: at the end every row, message and name reconciles exactly with what the workers were
 * told they wrote (each message once, in order), no row is in another user's place, and every
 * cached read equals the database.
 */
@Tag("faults")
class MixedLoadReconciliationTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final int WORKERS = 8;
  private static final int USERS = 40;
  private static final int CALLS = 3_000;

  @Test
  void eightWorkersOfFortyUsersReconcileExactly(DataSource db) {
    List<Tenant> tenants = Tenant.create(db, "load", USERS, true);
    Figures figures = new Figures("8 workers, 40 users, cached", failure -> false);
    try (CachingInrvo inrvo = CachingInrvo.wrap(Inrvo.create(DB.database().pool(WORKERS)))) {
      FaultChecks.startListening(inrvo, DB.database());
      MixedWork work = new MixedWork(inrvo, figures);
      List<List<Tenant>> assigned = Tenant.assign(tenants, WORKERS);
      try (Workload workload = Workload.start(figures, WORKERS, 12, (w, random) -> work.step(w, assigned.get(w), random))) {
        workload.awaitCalls(CALLS);
      }
      figures.print();
      figures.assertNothingUnexpected();
      assertEquals(0, figures.failures(), "no call fails without a fault");

      String checked = Reconcile.ledgers(db, tenants);
      Reconcile.noCrossUserRows(db);
      Reconcile.cachesEqualDatabase(inrvo, tenants);
      System.out.printf("[faults] 8 workers, 40 users, cached | reconciled exactly: %s; cache hit rate %.1f%%%n",
          checked, 100 * inrvo.stats().hitRate());
    }
  }
}
