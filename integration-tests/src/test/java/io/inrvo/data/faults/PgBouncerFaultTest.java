package io.inrvo.data.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.server.PgBouncer;
import io.inrvo.data.testing.server.PostgresCluster;
import io.inrvo.data.testing.server.ServerExtension;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sixteen workers acting for eight users (two workers each) through a real PgBouncer in
 * transaction mode, with four server connections, once with the driver's defaults in the URL and
 * once with {@code prepareThreshold=0}: every read returns only its user's rows, no call fails, and
 * in the database no row, message or name is in another user's place; every confirmed write is
 * there exactly once. The library runs its statements unnamed by itself, so the URL's flag changes
 * nothing. The same workload straight to the server gives the figures to compare a call's cost
 * with.
 */
@Tag("faults")
class PgBouncerFaultTest {

  @RegisterExtension
  static final ServerExtension<PostgresCluster> PG = ServerExtension.cluster(PostgresCluster.builder().name("faults-pooler"));

  @RegisterExtension
  static final ServerExtension<PgBouncer> BOUNCER = ServerExtension.pgBouncer(PgBouncer.builder().poolSize(4), PG);

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated().on(() -> BOUNCER.get().server());

  private static final int WORKERS = 16;
  private static final int USERS = 8;
  private static final int CALLS = 3_000;
  private static final AtomicInteger RUNS = new AtomicInteger();

  /** @param urlParameters the driver settings of the application's pool, in its JDBC URL */
  @ParameterizedTest(name = "URL parameters \"{0}\"")
  @ValueSource(strings = {"", "prepareThreshold=0"})
  void sixteenWorkersOfEightUsersNeverCrossUsersWithOrWithoutPrepareThresholdInTheUrl(String urlParameters,
      DataSource db) {
    String scenario = "PgBouncer transaction mode, 16 workers, 8 users (URL: "
        + (urlParameters.isEmpty() ? "driver defaults" : urlParameters) + ")";
    run(db, scenario, DB.database().pool(WORKERS, urlParameters));
  }

  /** The same workload straight to the server, the driver's defaults in the URL: the figures to compare with. */
  @Test
  void theSameWorkloadStraightToTheServerGivesTheFiguresToCompareWith(DataSource db) {
    TestDatabase database = DB.database();
    String direct = database.server().direct().jdbcUrl(database.name());
    run(db, "Direct to the server, 16 workers, 8 users (URL: driver defaults)",
        database.pool(WORKERS, config -> config.setJdbcUrl(direct)));
  }

  private static void run(DataSource db, String scenario, DataSource pool) {
    List<Tenant> tenants = Tenant.create(db, "pooler" + RUNS.incrementAndGet(), USERS, false);
    List<List<Tenant>> assigned = Tenant.assign(tenants, WORKERS);
    Figures figures = new Figures(scenario, failure -> false);
    MixedWork work = new MixedWork(Inrvo.create(pool), figures);
    try (Workload workload = Workload.start(figures, WORKERS, 16, (w, random) -> work.step(w, assigned.get(w), random))) {
      workload.awaitCalls(CALLS);
    }
    figures.print();
    figures.assertNothingUnexpected();
    assertEquals(0, figures.failures(), "no call fails");
    Reconcile.noCrossUserRows(db);
    String checked = Reconcile.ledgers(db, tenants);
    System.out.printf("[faults] %s | no cross-user row in results or in the database; %s%n", scenario, checked);
  }
}
