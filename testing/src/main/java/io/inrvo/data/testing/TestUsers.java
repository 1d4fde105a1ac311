package io.inrvo.data.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Creates INrVO users directly (as the superuser the test kit logs in as, so RLS does not apply):
 * a row in {@code auth.users}, as Supabase's sign-up would make, and the matching {@code
 * public.users} row.
 */
public final class TestUsers {

  private TestUsers() {}

  /**
   * A user with role {@code user}; returns its id.
   *
   * @param dataSource a superuser connection to the test database
   * @param email the user's e-mail address
   * @return the new user's id
   */
  public static UUID create(DataSource dataSource, String email) {
    return create(dataSource, email, "user");
  }

  /**
   * A user with role {@code admin}; returns its id.
   *
   * @param dataSource a superuser connection to the test database
   * @param email the user's e-mail address
   * @return the new user's id
   */
  public static UUID createAdmin(DataSource dataSource, String email) {
    return create(dataSource, email, "admin");
  }

  /**
   * A user with the given role ({@code user} or {@code admin}); returns its id.
   *
    * @param dataSource a superuser connection to the test database
    * @param email the user's e-mail address
    * @param role {@code user} or {@code admin}
    * @return the new user's id
   * @throws IllegalStateException when the insert fails (for example a role other than {@code user} or {@code admin})
    */
  public static UUID create(DataSource dataSource, String email, String role) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(email, "email");
    UUID id = UUID.randomUUID();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement auth = c.prepareStatement("insert into auth.users (id, email) values (?, ?)")) {
        auth.setObject(1, id);
        auth.setString(2, email);
        auth.executeUpdate();
      }
      try (PreparedStatement user = c.prepareStatement(
          "insert into public.users (id, email, first_name, last_name, role) values (?, ?, ?, ?, ?)")) {
        user.setObject(1, id);
        user.setString(2, email);
        user.setString(3, email.substring(0, Math.max(1, email.indexOf('@'))));
        user.setString(4, "Tester");
        user.setString(5, Objects.requireNonNull(role, "role"));
        user.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test user " + email + ": " + e.getMessage(), e);
    }
    return id;
  }
}
