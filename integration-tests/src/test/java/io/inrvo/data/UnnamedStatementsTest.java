package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.inrvo.data.history.NewMeditation;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestUser;
import io.inrvo.data.testsupport.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;

/**
 * On a pool whose URL asks pgjdbc to name every statement at once ({@code prepareThreshold=1}), the
 * library's calls leave no named statement on the one server session, its own transactions run at
 * threshold 0, and the connection has its own threshold back when the pool gets it: the
 * application's statements keep the URL's setting. With {@code serverPreparedStatements(true)} the
 * URL's threshold applies to the library's statements too, and they are named on the server. The
 * readiness probe's query is unnamed too: repeated probes never rely on a named statement.
 */
class UnnamedStatementsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = Databases.checked();

  @Test
  void theLibrarysStatementsRunUnnamedWhateverTheUrlSaysAndTheConnectionKeepsItsOwnThreshold(
      @TestUser("alice") UUID alice) throws SQLException {
    DataSource pool = DB.database().pool(1, "prepareThreshold=1");
    Inrvo inrvo = Inrvo.create(pool);
    for (int i = 0; i < 5; i++) {
      inrvo.asUser(alice).history().save(NewMeditation.withPrompt("unnamed " + i));
      inrvo.asUser(alice).history().page(PageRequest.first(5));
      inrvo.asUser(alice).inTransaction(tx -> tx.profile().find());
    }

    int during = PlainTransactions.commit(pool,
        dsl -> dsl.connectionResult(c -> c.unwrap(PGConnection.class).getPrepareThreshold()));
    // the pool's own checks (its isolation query, isValid) follow the URL; the library's statements, its
    // context statement, its tables, BEGIN and COMMIT, must not be there
    long named = PlainTransactions.commit(pool, dsl -> ((Number) dsl.fetchValue("select count(*) from "
        + "pg_prepared_statements where statement ~* '(set_config|meditation|users|begin|commit)'")).longValue());

    assertEquals(0, during, "the library's own transactions run at threshold 0");
    assertEquals(0, named, "no named statement of the library on the server session");
    try (Connection c = pool.getConnection()) {
      assertEquals(1, c.unwrap(PGConnection.class).getPrepareThreshold(), "the URL's threshold is back");
    }
  }

  @Test
  void repeatedReadinessProbesLeaveNoNamedStatementAndStayReady() {
    DataSource pool = DB.database().pool(1, "prepareThreshold=1");
    Inrvo inrvo = Inrvo.create(pool);
    for (int i = 0; i < 10; i++) {
      Readiness readiness = inrvo.ready();
      assertTrue(readiness.ready(), readiness.toString());
    }

    long named = PlainTransactions.commit(pool, dsl -> ((Number) dsl.fetchValue("select count(*) from "
        + "pg_prepared_statements where statement like '%inrvo ready%'")).longValue());

    assertEquals(0, named, "the probe's query is never a named statement on the server session");
  }

  @Test
  void withServerPreparedStatementsTheLibrarysStatementsAreNamedAsTheUrlSays(@TestUser("alice") UUID alice) {
    DataSource pool = DB.database().pool(1, "prepareThreshold=1");
    Inrvo inrvo = Inrvo.builder(pool).serverPreparedStatements(true).build();
    for (int i = 0; i < 5; i++) {
      inrvo.asUser(alice).history().save(NewMeditation.withPrompt("named " + i));
      inrvo.asUser(alice).history().page(PageRequest.first(5));
    }

    long named = PlainTransactions.commit(pool, dsl -> ((Number) dsl.fetchValue("select count(*) from "
        + "pg_prepared_statements where statement ~* 'set_config|meditation_history'")).longValue());

    assertTrue(named >= 2, "the context statement and the history statements are named: " + named);
    assertEquals(5, inrvo.asUser(alice).history().page(PageRequest.first(5)).items().size(),
        "and the named statements still serve the calls");
  }
}
