package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.server.PgBouncer;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sixteen workers acting for eight users (two workers each) through a real PgBouncer in
 * transaction mode, with four server connections: every read returns only its user's rows, no
 * call fails, and in the database no row, message or name is in another user's place; every
 * confirmed write is there exactly once.
 */
@Tag("faults")
class PgBouncerFaultTest {

  /**
   * Driver settings of the application's pool. Behind a transaction pooler the library's
   * statements must not be prepared server-side; until the library guarantees that by itself, the
   * URL says so.
   */
  static final String URL_PARAMETERS = "prepareThreshold=0";

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder().name("faults-pooler"));

  @RegisterExtension
  static final ServerExtension<PgBouncer> BOUNCER = ServerExtension.pgBouncer(PgBouncer.builder().poolSize(4), PG);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> BOUNCER.get().server());

  private static final int WORKERS = 16;
  private static final int USERS = 8;
  private static final int CALLS = 3_000;

  @Test
  void sixteenWorkersOfEightUsersNeverCrossUsers(DataSource db) {
    List<Tenant> tenants = Tenant.create(db, "pooler", USERS, false);
    List<List<Tenant>> assigned = Tenant.assign(tenants, WORKERS);
    Figures figures = new Figures("PgBouncer transaction mode, 16 workers, 8 users (" + URL_PARAMETERS + ")",
        failure -> false);
    MixedWork work = new MixedWork(Inrvo.create(DB.database().pool(WORKERS, URL_PARAMETERS)), figures);
    try (Workload workload = Workload.start(figures, WORKERS, 16, (w, random) -> work.step(w, assigned.get(w), random))) {
      workload.awaitCalls(CALLS);
    }
    figures.print();
    figures.assertNothingUnexpected();
    assertEquals(0, figures.failures(), "no call fails behind the pooler");
    Reconcile.noCrossUserRows(db);
    String checked = Reconcile.ledgers(db, tenants);
    System.out.printf("[faults] PgBouncer transaction mode | no cross-user row in results or in the database; %s%n",
        checked);
  }
}
