package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The SQL the library sends for one call, captured through a {@code StatementListener} at setup,
 * so that a floor runs literally the same statement text (and the same context statement) as the
 * library, not a hand-written look-alike; and the library's protocol written by hand around it
 * (the {@code .by-hand} rows of the report).
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
  static String userClaims(UUID user) {
    return "{\"sub\":\"" + user + "\",\"role\":\"authenticated\"}";
  }

  /**
   * Binds the library's context statement for a user's session (role, claims, statement timeout):
   * the first three parameters of a statement string that starts with it.
   */
  static void bindUserContext(PreparedStatement ps, UUID user) throws SQLException {
    ps.setString(1, "authenticated");
    ps.setString(2, userClaims(user));
    ps.setString(3, "8000");
  }

  /**
   * Executes a statement string that starts with the library's context statement (the library's
   * protocol by hand) and steps over the context statement's result; true when the call's own
   * result follows.
   */
  static boolean skipContext(PreparedStatement ps) throws SQLException {
    ps.execute();
    ps.getResultSet().close();
    return ps.getMoreResults();
  }
}
