package io.inrvo.data.testsupport;

import io.inrvo.data.Caller;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The request context the library opens every transaction with, for raw JDBC in tests: {@code
 * role} and {@code request.jwt.claims} set transaction-locally in one statement, as PostgREST does.
 */
public final class RequestContext {

  private RequestContext() {}

  /**
   * The claims JSON of {@code caller}: {@code sub} (users and admins) and {@code role}. The {@code
   * email} claim is left out: no policy or function the tests exercise reads it.
   */
  public static String claims(Caller caller) {
    return caller.userId()
        .map(id -> "{\"sub\":\"" + id + "\",\"role\":\"" + caller.databaseRole() + "\"}")
        .orElse("{\"role\":\"" + caller.databaseRole() + "\"}");
  }

  /** Enters {@code caller}'s context on {@code connection}, whose autocommit must be off. */
  public static void enter(Connection connection, Caller caller) throws SQLException {
    enter(connection, caller.databaseRole(), claims(caller));
  }

  /** Enters an arbitrary context ({@code claims} may be empty: a role without claims). */
  public static void enter(Connection connection, String role, String claims) throws SQLException {
    try (PreparedStatement set = connection.prepareStatement(
        "select set_config('role', ?, true), set_config('request.jwt.claims', ?, true)")) {
      set.setString(1, role);
      set.setString(2, claims);
      set.executeQuery().close();
    }
  }
}
