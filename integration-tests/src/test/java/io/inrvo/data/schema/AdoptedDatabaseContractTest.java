package io.inrvo.data.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.inrvo.data.Inrvo;
import io.inrvo.data.testing.TestSql;
import io.inrvo.data.testing.contract.InrvoContract;
import io.inrvo.data.testing.server.ServerExtension;
import io.inrvo.data.testing.server.ThrowawayServer;
import io.inrvo.data.testsupport.ContractRun;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The repository contract ({@link InrvoContract}, the suite every {@code Inrvo} and wrapper is held
 * to) on an adopted database: the app's own database ({@link AppDatabase}) on a Supabase-like
 * server, taken over by {@link InrvoSchema#adopt}.
 *
 * <p>The contract gets its database from the test kit, which copies a template database named
 * after the migrations' fingerprint and builds that template by migrating when it is missing. On a
 * throwaway server of its own, this test puts the adopted database there under the template's name
 * first, then runs the contract with the kit pointed at that server; afterwards it checks that the
 * kit copied the adopted template and built no other.
 */
class AdoptedDatabaseContractTest {

  @RegisterExtension
  static final ServerExtension<ThrowawayServer> SERVER = ServerExtension.postgres(Map.of());

  /** The contract on the plain {@code Inrvo}, run by {@link #theRepositoryContractHoldsOnAnAdoptedDatabase}. */
  static class OnTheAdoptedDatabase extends InrvoContract {
    @Override
    protected Inrvo decorate(Inrvo plain) {
      return plain;
    }
  }

  @Test
  void theRepositoryContractHoldsOnAnAdoptedDatabase() throws SQLException {
    DatabaseServer server = SERVER.get().server();
    String template = "inrvo_tpl_" + InrvoSchema.migrationsFingerprint();
    server.createDatabase(template);
    try (SupabaseLike supabase = SupabaseLike.prepare(server, template)) {
      AppDatabase.create(supabase.migratorDataSource());
      assertEquals(AdoptionResult.Outcome.ADOPTED, InrvoSchema.adopt(supabase.migratorDataSource()).outcome());
    }

    ContractRun.assertEveryTestPassed(ContractRun.on(server, OnTheAdoptedDatabase.class), "on the adopted database");
    // The kit used the adopted template: it built no other, and the template is the adopted one.
    assertEquals(List.of(template), TestSql.column(server.dataSource(),
        "select datname from pg_database where datname like 'inrvo\\_tpl\\_%' order by 1"));
    assertEquals(List.of("2|BASELINE"), TestSql.column(server.dataSource(template),
        "select version || '|' || type from inrvo_meta.inrvo_schema_history where type = 'BASELINE'"));
    assertEquals(1, TestSql.count(server.dataSource(template),
        "select count(*) from pg_tables where schemaname = 'public' and tablename = 'app_feedback'"));
  }
}
