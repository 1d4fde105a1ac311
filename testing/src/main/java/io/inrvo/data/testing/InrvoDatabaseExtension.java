package io.inrvo.data.testing;

import io.inrvo.data.schema.DatabaseServer;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its own PostgreSQL database and drops it after the class.
 *
 * <pre>{@code
 * class MyRepositoryTest {
 *   @RegisterExtension
 *   static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();
 *
 *   @Test
 *   void works(DataSource dataSource) { ... }
 * }
 * }</pre>
 *
 * <p>The server comes from {@link DatabaseServer#locate()}: {@code INRVO_DB_URL}, else
 * {@code 127.0.0.1:5432}, else Testcontainers. When none is found the class fails (never skips)
 * with a message naming the three options. Registered through {@code @ExtendWith}, the extension
 * behaves like {@link #migrated()}. Test methods and constructors may declare parameters of type
 * {@link DataSource} or {@link TestDatabase}.
 *
 * <p>Each class gets a separate database, so classes are independent and may run in parallel.
 */
public final class InrvoDatabaseExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

  private enum Kind { MIGRATED, EMPTY }

  private final Kind kind;
  private final Supplier<DatabaseServer> serverSupplier;
  private volatile TestDatabase database;

  /** Equivalent to {@link #migrated()}; for {@code @ExtendWith}. */
  public InrvoDatabaseExtension() {
    this(Kind.MIGRATED, DatabaseServer::locate);
  }

  private InrvoDatabaseExtension(Kind kind, Supplier<DatabaseServer> serverSupplier) {
    this.kind = kind;
    this.serverSupplier = serverSupplier;
  }

  /**
   * A database with every INrVO migration applied (copied from a template, so it is fast).
   *
   * @return an extension giving each test class a migrated database of its own
   */
  public static InrvoDatabaseExtension migrated() {
    return new InrvoDatabaseExtension(Kind.MIGRATED, DatabaseServer::locate);
  }

  /**
   * An empty database, for tests that apply migrations themselves.
   *
   * @return an extension giving each test class an empty database of its own
   */
  public static InrvoDatabaseExtension empty() {
    return new InrvoDatabaseExtension(Kind.EMPTY, DatabaseServer::locate);
  }

  /**
   * The same kind of database on an explicit server instead of the located one.
   *
   * @param server the server to create the databases on
   * @return a new extension of the same kind on {@code server}
   */
  public InrvoDatabaseExtension on(DatabaseServer server) {
    Objects.requireNonNull(server, "server");
    return new InrvoDatabaseExtension(kind, () -> server);
  }

  /**
   * The same kind of database on the server {@code server} supplies when the class starts, for a
   * server that does not exist yet when the extension is made, such as a throwaway one started by
   * a {@link io.inrvo.data.testing.server.ServerExtension}: {@code .on(() -> PG.get().server())}.
   *
   * @param server asked once, when the test class starts
   * @return a new extension of the same kind on the supplied server
   */
  public InrvoDatabaseExtension on(Supplier<DatabaseServer> server) {
    Objects.requireNonNull(server, "server");
    return new InrvoDatabaseExtension(kind, server);
  }

  /**
   * The database of the running test class.
   *
    * @return the database, for the class's whole lifecycle
   * @throws IllegalStateException outside the class's lifecycle (before {@code beforeAll} or after
   *     {@code afterAll})
    */
  public TestDatabase database() {
    TestDatabase current = database;
    if (current == null) {
      throw new IllegalStateException("no test database: the extension has not started, or the class has finished");
    }
    return current;
  }

  /**
   * Shortcut for {@code database().dataSource()}.
   *
   * @return a non-pooling data source for the class's database
   */
  public DataSource dataSource() {
    return database().dataSource();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    DatabaseServer server = serverSupplier.get();
    database = kind == Kind.MIGRATED
        ? TemplateDatabases.createMigrated(server)
        : TemplateDatabases.createEmpty(server);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestDatabase current = database;
    database = null;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == DataSource.class || type == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    return parameter.getParameter().getType() == TestDatabase.class ? database() : dataSource();
  }
}
