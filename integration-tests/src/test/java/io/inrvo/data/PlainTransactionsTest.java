package io.inrvo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestSql;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transactions beside the repositories ({@link PlainTransactions}), on a pool of one connection so
 * that what one call leaves on the connection, the next one sees.
 */
class PlainTransactionsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static HikariDataSource pool;

  @BeforeAll
  static void startPool(TestDatabase database) {
    pool = database.pool(1);
    TestSql.exec(pool, "create table public.plain_tx (id int primary key)");
  }

  @Test
  void commitKeepsTheWorkAndRollBackLeavesNothing() {
    int inserted = PlainTransactions.commit(pool, dsl -> dsl.execute("insert into public.plain_tx values (1)"));
    int discarded = PlainTransactions.rollBack(pool, dsl -> dsl.execute("insert into public.plain_tx values (2)"));

    assertEquals(1, inserted);
    assertEquals(1, discarded, "the work ran");
    assertEquals(List.of("1"), TestSql.column(pool, "select id::text from public.plain_tx where id < 10 order by id"));
  }

  @Test
  void aFailureRollsBackLeavesAsTheLibrarysExceptionAndFreesTheConnection() {
    PlainTransactions.commit(pool, dsl -> dsl.execute("insert into public.plain_tx values (10)"));

    ConflictException e = assertThrows(ConflictException.class, () -> PlainTransactions.commit(pool, dsl -> {
      dsl.execute("insert into public.plain_tx values (11)");
      return dsl.execute("insert into public.plain_tx values (10)"); // unique violation
    }));

    assertEquals("23505", e.sqlState().orElseThrow());
    assertEquals(0, TestSql.count(pool, "select count(*) from public.plain_tx where id = 11"), "rolled back");
    assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections(), "the connection went back to the pool");
    assertEquals(12, PlainTransactions.commit(pool, dsl -> dsl.fetchSingle("select 12").get(0, Integer.class)).intValue(),
        "the pool's one connection serves the next transaction");
  }
}
