package io.inrvo.data.testing;

import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.StatementListener;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * What {@link InrvoDatabaseExtension} keeps for one test class: its database, the injected {@link
 * Inrvo} (built on first use) with its statement capture, and the named users made so far.
 */
final class ClassFixture implements AutoCloseable {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** A named user: its id and whether it was made an admin. */
  private record NamedUser(UUID id, boolean admin) {}

  private final TestDatabase database;
  private final DataSource dataSource;
  private final Function<TestDatabase, InrvoOptions.Builder> inrvoBuilder;
  private final CapturedStatements statements;
  private final Map<String, NamedUser> users = new ConcurrentHashMap<>();
  private Inrvo inrvo;

  ClassFixture(TestDatabase database, Function<TestDatabase, InrvoOptions.Builder> inrvoBuilder,
      boolean keepClassHistory) {
    this.database = database;
    this.dataSource = database.dataSource();
    this.inrvoBuilder = inrvoBuilder;
    this.statements = new CapturedStatements(keepClassHistory);
  }

  TestDatabase database() {
    return database;
  }

  DataSource dataSource() {
    return dataSource;
  }

  CapturedStatements statements() {
    return statements;
  }

  /** The class's {@code Inrvo}, built on first use; it reports to {@link #statements()}. */
  synchronized Inrvo inrvo() {
    if (inrvo == null) {
      InrvoOptions.Builder builder = Objects.requireNonNull(inrvoBuilder.apply(database),
          "the extension's Inrvo builder function returned null");
      InrvoOptions options = builder.options();
      StatementListener listener = options.statementListener()
          .<StatementListener>map(own -> statement -> {
            statements.executed(statement);
            own.executed(statement);
          })
          .orElse(statements);
      inrvo = Inrvo.create(options.toBuilder().statementListener(listener).options());
    }
    return inrvo;
  }

  /**
   * The id of the user {@code name}, created on first use as an end user or an admin.
   *
   * @throws IllegalArgumentException when the name is malformed, or names a user made with the
   *     other role
   */
  UUID user(String name, boolean admin) {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a test user's name must be 1 to 64 characters of [A-Za-z0-9._-], got \"" + name + "\"");
    }
    NamedUser user = users.computeIfAbsent(name, n -> new NamedUser(
        TestUsers.create(dataSource, n + "@inrvo.test", admin ? "admin" : "user"), admin));
    if (user.admin() != admin) {
      throw new IllegalArgumentException("\"" + name + "\" is " + (user.admin() ? "an admin" : "an end user")
          + " in this class; a name is one user with one role: give the " + (admin ? "admin" : "end user")
          + " another name");
    }
    return user.id();
  }

  /** Drops the database. */
  @Override
  public void close() {
    database.close();
  }
}
