package io.inrvo.data.schema;

import io.inrvo.data.schema.internal.ContainerLink;
import io.inrvo.data.schema.internal.ContainerOutcome;
import io.inrvo.data.schema.internal.LoggedUrl;
import io.inrvo.data.schema.internal.StartedContainer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL server this library can reach, found by {@link #locate()} through a fixed chain:
 *
 * <ol>
 *   <li>an explicit JDBC URL: environment variable {@value #URL_VARIABLE} (or system property
 *       {@code inrvo.db.url}), with optional {@value #USER_VARIABLE} and {@value
 *       #PASSWORD_VARIABLE};
 *   <li>else a server answering on {@code 127.0.0.1:5432} (user {@code postgres} unless {@value
 *       #USER_VARIABLE} says otherwise; system property {@value #LOCAL_URL_PROPERTY} moves the probe
 *       elsewhere, for example to see what the chain does on a machine without a local server);
 *   <li>else a Testcontainers PostgreSQL container ({@value #CONTAINER_IMAGE}), when Testcontainers
 *       is on the classpath and a Docker engine answers;
 *   <li>else {@link IllegalStateException} naming all three options and why each failed.
 * </ol>
 *
 * <p>A server reached through a connection pooler (PgBouncer, Supavisor) is described by {@link
 * #through(String)}: clients connect through the pooler, while creating and dropping databases goes
 * to the server {@link #direct() directly}, as should migrations and anything else that needs a
 * session of its own (session-level advisory locks, {@code LISTEN}).
 *
 * <p>Instances are immutable and thread-safe. The data sources it hands out do not pool: wrap
 * them in a pool (HikariCP, for example) for production use.
 */
public final class DatabaseServer {

  /** Environment variable holding an explicit JDBC URL. */
  public static final String URL_VARIABLE = "INRVO_DB_URL";
  /** Environment variable holding the user for the URL (default {@code postgres}). */
  public static final String USER_VARIABLE = "INRVO_DB_USER";
  /** Environment variable holding the password for the URL (default none). */
  public static final String PASSWORD_VARIABLE = "INRVO_DB_PASSWORD";
  /** Where the chain looks for a local server. */
  public static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
  /** System property naming the JDBC URL the second link probes instead of {@link #LOCAL_URL}. */
  public static final String LOCAL_URL_PROPERTY = "inrvo.db.local-url";
  /** The pinned image of the Testcontainers link. */
  public static final String CONTAINER_IMAGE = "postgres:15.14-alpine";

  private static final Pattern URL_PARTS = Pattern.compile("(jdbc:postgresql://[^/?]*)(/[^?]*)?(\\?.*)?");
  private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  /** Which link of the chain found the server. */
  public enum Source {
    /** {@value #URL_VARIABLE} or {@code -Dinrvo.db.url}. */
    EXPLICIT_URL,
    /** The server on {@code 127.0.0.1:5432}. */
    LOCAL_SERVER,
    /** A container started by Testcontainers for this JVM. */
    TESTCONTAINERS
  }

  private final String url;
  private final String user;
  private final String password;
  private final Source source;
  /** The server itself when this one is reached through a pooler; null when it is the server. */
  private final DatabaseServer behindPooler;

  private DatabaseServer(String url, String user, String password, Source source) {
    this(url, user, password, source, null);
  }

  private DatabaseServer(String url, String user, String password, Source source, DatabaseServer behindPooler) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.source = source;
    this.behindPooler = behindPooler;
  }

  /**
   * A server at an explicit JDBC URL. The URL's database is the one {@link #dataSource()}
   * returns and the one used to create and drop other databases.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param user the login user, not null
   * @param password the password, empty for none
    * @return the server; nothing is connected yet
   * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
    */
  public static DatabaseServer at(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("jdbcUrl must start with jdbc:postgresql:, got: "
          + LoggedUrl.withoutCredentials(jdbcUrl));
    }
    return new DatabaseServer(
        jdbcUrl, Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"),
        Source.EXPLICIT_URL);
  }

  /**
   * Finds a server through the chain described on this class, reading the process environment.
   *
    * @return the first server the chain finds
   * @throws IllegalStateException when no link of the chain finds a server; the message says what
   *     each link tried and how to provide a server
    */
  public static DatabaseServer locate() {
    return locate(System.getenv());
  }

  /** {@link #locate()} with the given environment instead of the process's. */
  static DatabaseServer locate(Map<String, String> environment) {
    return locate(environment, localUrl(), () -> ContainerLink.start(CONTAINER_IMAGE));
  }

  /** Where the second link probes: {@value #LOCAL_URL_PROPERTY}, else {@link #LOCAL_URL}. */
  static String localUrl() {
    return Optional.ofNullable(firstNonBlank(System.getProperty(LOCAL_URL_PROPERTY), null)).orElse(LOCAL_URL);
  }

  /**
   * The chain with its second and third links replaceable, so tests can make them fail: {@code
   * localUrl} is probed instead of {@link #LOCAL_URL}, {@code containerLink} stands in for
   * Testcontainers.
   */
  static DatabaseServer locate(
      Map<String, String> environment, String localUrl, Supplier<ContainerOutcome> containerLink) {
    String explicitUrl = firstNonBlank(System.getProperty("inrvo.db.url"), environment.get(URL_VARIABLE));
    String user = Optional.ofNullable(firstNonBlank(System.getProperty("inrvo.db.user"), environment.get(USER_VARIABLE)))
        .orElse("postgres");
    String password = Optional.ofNullable(
            firstNonBlank(System.getProperty("inrvo.db.password"), environment.get(PASSWORD_VARIABLE)))
        .orElse("");
    if (explicitUrl != null) {
      return at(explicitUrl, user, password);
    }
    List<String> tried = new ArrayList<>();
    tried.add("1. " + URL_VARIABLE + ": not set");

    DatabaseServer local = new DatabaseServer(localUrl, user, password, Source.LOCAL_SERVER);
    Optional<String> localProblem = local.problemConnecting();
    if (localProblem.isEmpty()) {
      return local;
    }
    tried.add("2. local server " + localUrl + " as " + user + ": " + localProblem.get());

    ContainerOutcome container = containerLink.get();
    if (container.server().isPresent()) {
      StartedContainer started = container.server().get();
      return new DatabaseServer(started.url(), started.user(), started.password(), Source.TESTCONTAINERS);
    }
    tried.add("3. Testcontainers (" + CONTAINER_IMAGE + "): " + container.problem());

    throw new IllegalStateException(
        "No PostgreSQL server found for inrvo-data. Tried:\n  "
            + String.join("\n  ", tried)
            + "\nProvide one: set " + URL_VARIABLE + "=jdbc:postgresql://host:5432/db (plus "
            + USER_VARIABLE + "/" + PASSWORD_VARIABLE + "), or start PostgreSQL 15+ on 127.0.0.1:5432"
            + " (trust or password auth for user postgres), or start a Docker engine for Testcontainers.");
  }

  /**
   * Which link of the chain found this server.
   *
   * @return the link: an explicit URL, the local default, or a container
   */
  public Source source() {
    return source;
  }

  /**
   * This server as reached through a connection pooler in front of it: {@link #jdbcUrl()}, {@link
   * #jdbcUrl(String)} and the data sources go through {@code poolerJdbcUrl} (its parameters, such
   * as {@code prepareThreshold=0}, are kept for every database); creating, dropping and looking up
   * databases still go to this server directly, and {@link #direct()} returns it. The pooler must
   * forward every database name to this server with the same user and password.
   *
   * @param poolerJdbcUrl the pooler's {@code jdbc:postgresql:} URL, of the form {@code
   *     jdbc:postgresql://host:port/database}
   * @return a view of this server through the pooler
   * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL
   */
  public DatabaseServer through(String poolerJdbcUrl) {
    Objects.requireNonNull(poolerJdbcUrl, "poolerJdbcUrl");
    if (!URL_PARTS.matcher(poolerJdbcUrl).matches()) {
      throw new IllegalArgumentException(
          "poolerJdbcUrl must look like jdbc:postgresql://host:port/database, got: " + poolerJdbcUrl);
    }
    return new DatabaseServer(poolerJdbcUrl, user, password, source, direct());
  }

  /**
   * The server without any pooler: itself, or the server a {@link #through(String) pooled} view is
   * in front of. Use it for migrations and anything else that needs a session of its own.
   *
   * @return the server reached without a pooler
   */
  public DatabaseServer direct() {
    return behindPooler == null ? this : behindPooler;
  }

  /**
   * The JDBC URL of this server's default database.
   *
   * @return the URL, as given or as the chain found it
   */
  public String jdbcUrl() {
    return url;
  }

  /**
   * The JDBC URL of another database on this server, keeping the URL's other parameters.
   *
   * @param database a plain lower-case identifier
   * @return the URL of that database
   */
  public String jdbcUrl(String database) {
    requireDatabaseName(database);
    Matcher m = URL_PARTS.matcher(url);
    if (!m.matches()) {
      throw new IllegalStateException("cannot derive another database's URL from " + printable(url)
          + "; use the jdbc:postgresql://host:port/database form");
    }
    return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
  }

  /**
   * The login user.
   *
   * @return the login user
   */
  public String user() {
    return user;
  }

  /**
   * The password; empty for none.
   *
   * @return the password; empty for none
   */
  public String password() {
    return password;
  }

  /**
   * A non-pooling data source for the default database (the URL's, or {@code postgres}).
   *
   * @return a data source that opens a new connection per call
   */
  public DataSource dataSource() {
    return baseDataSource();
  }

  /**
   * A non-pooling data source for another database of this server.
   *
    * @param database a plain lower-case identifier
    * @return a data source that opens a new connection per call
   * @throws IllegalArgumentException when {@code database} is not a plain lower-case identifier
    */
  public DataSource dataSource(String database) {
    return dataSourceFor(database);
  }

  /**
   * Whether a database of that name exists on this server.
   *
   * @param database a plain lower-case identifier
   * @return whether it exists
   */
  public boolean databaseExists(String database) {
    requireDatabaseName(database);
    try (Connection c = direct().baseDataSource().getConnection();
        var ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
      ps.setString(1, database);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not look up database " + database + " on " + printable(url), e);
    }
  }

  /**
   * Creates an empty database.
   *
    * @param database the new database's name, a plain lower-case identifier
   * @throws IllegalStateException when the server refuses (it exists already, or no privilege)
    */
  public void createDatabase(String database) {
    execute("create database " + requireDatabaseName(database));
  }

  /**
   * Creates a database as a copy of {@code template}. PostgreSQL copies files, which is much faster
   * than migrating; the template must have no other connections while it is copied.
    *
    * @param database the new database's name, a plain lower-case identifier
    * @param template the database to copy, a plain lower-case identifier
    */
  public void createDatabase(String database, String template) {
    execute("create database " + requireDatabaseName(database) + " template " + requireDatabaseName(template));
  }

  /**
   * Drops a database if it exists, ending any sessions still connected to it.
   *
   * @param database the database's name, a plain lower-case identifier
   */
  public void dropDatabase(String database) {
    execute("drop database if exists " + requireDatabaseName(database) + " with (force)");
  }

  /** Runs one statement on the default database of the server itself (never a pooler), in autocommit mode. */
  void execute(String sql) {
    try (Connection c = direct().baseDataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("statement failed on " + printable(url) + ": " + sql + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "DatabaseServer[" + source + ", " + printable(url) + ", user=" + user
        + (behindPooler == null ? "" : ", in front of " + printable(behindPooler.url)) + "]";
  }

  private Optional<String> problemConnecting() {
    PGSimpleDataSource ds = baseDataSource();
    ds.setConnectTimeout(3);
    ds.setLoginTimeout(3);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("select 1");
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The URL as messages show it: without parameters or user information, which can hold a password. */
  private static String printable(String url) {
    return LoggedUrl.withoutCredentials(url);
  }

  private PGSimpleDataSource baseDataSource() {
    return dataSourceAt(url);
  }

  private PGSimpleDataSource dataSourceAt(String jdbcUrl) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(jdbcUrl);
    ds.setUser(user);
    if (!password.isEmpty()) {
      ds.setPassword(password);
    }
    ds.setApplicationName("inrvo-data");
    return ds;
  }

  private PGSimpleDataSource dataSourceFor(String database) {
    return dataSourceAt(jdbcUrl(database));
  }

  private static String requireDatabaseName(String database) {
    Objects.requireNonNull(database, "database");
    if (!DATABASE_NAME.matcher(database).matches()) {
      throw new IllegalArgumentException(
          "database must be a lower-case identifier matching " + DATABASE_NAME + ", got: " + database);
    }
    return database;
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
