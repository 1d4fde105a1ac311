package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The SQL the library sends for one call, captured through a {@code StatementListener} at setup,
 * so that a floor runs literally the same statement text (and the same context statement) as the
 * library, not a hand-written look-alike.
 */
final class LibrarySql {

  private LibrarySql() {}

  /** Every statement {@code call} made the library send, in order (the context statement first). */
  static List<ExecutedStatement> capture(DataSource dataSource, Consumer<Inrvo> call) {
    List<ExecutedStatement> sent = new CopyOnWriteArrayList<>();
    call.accept(Inrvo.builder(dataSource).statementListener(sent::add).build());
    if (sent.size() < 2) {
      throw new IllegalStateException("expected a context statement and a query, the library sent " + sent);
    }
    return List.copyOf(sent);
  }

  /** The claims JSON the library sets for a user (as PostgREST would for the user's JWT). */
  static String userClaims(java.util.UUID user) {
    return "{\"sub\":\"" + user + "\",\"role\":\"authenticated\"}";
  }
}
