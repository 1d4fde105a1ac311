package io.inrvo.data.testing;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.InrvoOptions;
import io.inrvo.data.Session;
import io.inrvo.data.schema.DatabaseServer;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its own PostgreSQL database, and its tests what they need from it as
 * parameters; drops the database after the class.
 *
 * <pre>{@code
 * class MyRepositoryTest {
 *   @RegisterExtension
 *   static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();
 *
 *   @Test
 *   void aliceNeverSeesBobsHistory(@TestUser("alice") Session alice, @TestUser("bob") Session bob,
 *       CapturedStatements sql) {
 *     bob.history().save(NewMeditation.withPrompt("bob's"));
 *     assertEquals(List.of(), alice.history().page(PageRequest.first(20)).items());
 *     assertEquals(2, sql.size()); // the context statement and the page, in one round trip
 *   }
 * }
 * }</pre>
 *
 * <h2>Parameters</h2>
 *
 * <p>Constructors, lifecycle methods ({@code @BeforeAll} included) and test methods may declare:
 *
 * <table>
 *   <caption>What the extension resolves</caption>
 *   <tr><th>Parameter</th><th>Resolves to</th></tr>
 *   <tr><td>{@link DataSource}</td><td>the class's database, logged in as the server's user
 *       (normally a superuser, so row-level security does not apply): for fixtures and for
 *       assertions on what is stored ({@link TestSql})</td></tr>
 *   <tr><td>{@link TestDatabase}</td><td>the class's database itself: its name, URL, server and
 *       {@linkplain TestDatabase#pool(int) pools}</td></tr>
 *   <tr><td>{@link Inrvo}</td><td>one instance per class on that data source (or as built by
 *       {@link #withInrvo}), reporting every statement to the class's capture</td></tr>
 *   <tr><td>{@link CapturedStatements}</td><td>every statement the injected {@code Inrvo} (and its
 *       sessions) sent since the current test began</td></tr>
 *   <tr><td>{@code @}{@link TestUser}{@code ("alice") Session} or {@code UUID}</td><td>the end user
 *       named alice (created on first use): their session of the injected {@code Inrvo}, or their
 *       id</td></tr>
 *   <tr><td>{@code @}{@link TestAdmin}{@code ("root") Session} or {@code UUID}</td><td>an admin whom
 *       the database's {@code is_admin()} confirms: their admin session, or their id</td></tr>
 *   <tr><td>{@code @}{@link ServiceSession}{@code Session}</td><td>the service session of the
 *       injected {@code Inrvo}</td></tr>
 * </table>
 *
 * <p>Everything is per class: the same database, {@code Inrvo}, capture and users serve every
 * test of the class (tests that must not see each other's rows use different user names). The
 * capture alone is per test: it is emptied before each test.
 *
 * <h2>Server and lifecycle</h2>
 *
 * <p>The server comes from {@link DatabaseServer#locate()}: {@code INRVO_DB_URL}, else {@code
 * 127.0.0.1:5432}, else Testcontainers. When none is found the class fails (never skips) with a
 * message naming the three options. Registered through {@code @ExtendWith}, the extension behaves
 * like {@link #migrated()}. Each class gets a separate database, so classes are independent and
 * may run in parallel; {@code @Nested} classes share their enclosing class's database. The
 * accessors ({@link #database()}, {@link #inrvo()}, ...) serve a {@code static} field of one
 * class; an instance registered for several classes running at once serves them through
 * parameters only.
 *
 * <p>Instances are immutable: the configuring methods return new instances.
 */
public final class InrvoDatabaseExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(InrvoDatabaseExtension.class);

  private enum Kind { MIGRATED, EMPTY }

  private final Kind kind;
  private final Supplier<DatabaseServer> serverSupplier;
  private final Function<TestDatabase, InrvoOptions.Builder> inrvoBuilder;
  private final List<Consumer<? super List<ExecutedStatement>>> checks;
  private final Set<ClassFixture> running = ConcurrentHashMap.newKeySet();

  /** Equivalent to {@link #migrated()}; for {@code @ExtendWith}. */
  public InrvoDatabaseExtension() {
    this(Kind.MIGRATED, DatabaseServer::locate, database -> Inrvo.builder(database.dataSource()), List.of());
  }

  private InrvoDatabaseExtension(Kind kind, Supplier<DatabaseServer> serverSupplier,
      Function<TestDatabase, InrvoOptions.Builder> inrvoBuilder, List<Consumer<? super List<ExecutedStatement>>> checks) {
    this.kind = kind;
    this.serverSupplier = serverSupplier;
    this.inrvoBuilder = inrvoBuilder;
    this.checks = List.copyOf(checks);
  }

  /**
   * A database with every INrVO migration applied (copied from a template, so it is fast).
   *
   * @return an extension giving each test class a migrated database of its own
   */
  public static InrvoDatabaseExtension migrated() {
    return new InrvoDatabaseExtension();
  }

  /**
   * An empty database, for tests that apply migrations themselves.
   *
   * @return an extension giving each test class an empty database of its own
   */
  public static InrvoDatabaseExtension empty() {
    return new InrvoDatabaseExtension().with(Kind.EMPTY);
  }

  /**
   * The same kind of database on an explicit server instead of the located one.
   *
   * @param server the server to create the databases on
   * @return a new extension, otherwise like this one, on {@code server}
   */
  public InrvoDatabaseExtension on(DatabaseServer server) {
    Objects.requireNonNull(server, "server");
    return new InrvoDatabaseExtension(kind, () -> server, inrvoBuilder, checks);
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
    return new InrvoDatabaseExtension(kind, server, inrvoBuilder, checks);
  }

  /**
   * Builds the injected {@link Inrvo} from the builder {@code builder} returns for the class's
   * database, instead of {@code Inrvo.builder(database.dataSource())}: over a {@linkplain
   * TestDatabase#pool(int) pool}, with a statement timeout, an audio store, a cursor key. The
   * extension adds its statement capture to the builder's options (after a listener the builder
   * already has) and builds once per class, on first use.
   *
   * <pre>{@code
   * static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated()
   *     .withInrvo(db -> Inrvo.builder(db.pool(4)).statementTimeout(Duration.ofSeconds(2)));
   * }</pre>
   *
   * @param builder makes the builder of the injected {@code Inrvo} from the class's database
   * @return a new extension, otherwise like this one, building the {@code Inrvo} so
   */
  public InrvoDatabaseExtension withInrvo(Function<TestDatabase, InrvoOptions.Builder> builder) {
    Objects.requireNonNull(builder, "builder");
    return new InrvoDatabaseExtension(kind, serverSupplier, builder, checks);
  }

  /**
   * Adds a check of the statements the injected {@code Inrvo} sends: after each test, {@code check}
   * receives every statement sent since the test began (including those a test {@linkplain
   * CapturedStatements#clear() cleared}), and after the class every statement sent during it
   * (including those of {@code @BeforeAll} methods). Whatever it throws fails the test, or the
   * class. For rules that hold for every statement: no {@code SELECT *}, a schema-qualified name.
   *
   * @param check the rule; it fails a test by throwing
   * @return a new extension, otherwise like this one, with the check added
   */
  public InrvoDatabaseExtension checkStatements(Consumer<? super List<ExecutedStatement>> check) {
    Objects.requireNonNull(check, "check");
    List<Consumer<? super List<ExecutedStatement>>> more = new ArrayList<>(checks);
    more.add(check);
    return new InrvoDatabaseExtension(kind, serverSupplier, inrvoBuilder, more);
  }

  /**
   * The database of the running test class.
   *
   * @return the database, for the class's whole lifecycle
   * @throws IllegalStateException outside the class's lifecycle (before {@code beforeAll} or after
   *     {@code afterAll}), or when this instance serves several classes running at once
   */
  public TestDatabase database() {
    return current().database();
  }

  /**
   * Shortcut for {@code database().dataSource()}, one data source per class.
   *
   * @return a non-pooling data source for the class's database, logged in as the server's user
   */
  public DataSource dataSource() {
    return current().dataSource();
  }

  /**
   * The class's {@link Inrvo}, as a parameter of that type receives it.
   *
   * @return the class's {@code Inrvo}
   */
  public Inrvo inrvo() {
    return current().inrvo();
  }

  /**
   * The capture of the class's {@link Inrvo}, as a parameter of that type receives it.
   *
   * @return the capture
   */
  public CapturedStatements statements() {
    return current().statements();
  }

  /**
   * The id of the end user {@code name}, as {@code @TestUser(name) UUID} receives it.
   *
   * @param name the user's name within the class
   * @return the user's id
   * @throws IllegalArgumentException when {@code name} is malformed or names an admin
   */
  public UUID user(String name) {
    return current().user(name, false);
  }

  /**
   * The id of the admin {@code name}, as {@code @TestAdmin(name) UUID} receives it.
   *
   * @param name the user's name within the class
   * @return the admin's id
   * @throws IllegalArgumentException when {@code name} is malformed or names an end user
   */
  public UUID admin(String name) {
    return current().user(name, true);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    fixture(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Only the class that made the fixture closes it: a @Nested class's store is its own.
    ClassFixture fixture = context.getStore(NAMESPACE).remove(ClassFixture.class, ClassFixture.class);
    if (fixture == null) {
      return;
    }
    try {
      if (!checks.isEmpty()) {
        List<ExecutedStatement> all = fixture.statements().sinceClassStart();
        checks.forEach(check -> check.accept(all));
      }
    } finally {
      running.remove(fixture);
      fixture.close();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    fixture(context).statements().startTest();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!checks.isEmpty()) {
      List<ExecutedStatement> sent = fixture(context).statements().sinceTestStart();
      checks.forEach(check -> check.accept(sent));
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter parameter = parameterContext.getParameter();
    Class<?> type = parameter.getType();
    if (parameter.isAnnotationPresent(TestUser.class) || parameter.isAnnotationPresent(TestAdmin.class)
        || parameter.isAnnotationPresent(ServiceSession.class)) {
      return true; // a wrong type is explained by resolveParameter, not left to "no resolver"
    }
    return type == DataSource.class || type == TestDatabase.class || type == Inrvo.class
        || type == CapturedStatements.class || type == Session.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext context) {
    Parameter parameter = parameterContext.getParameter();
    Class<?> type = parameter.getType();
    ClassFixture fixture = fixture(context);
    TestUser user = parameter.getAnnotation(TestUser.class);
    TestAdmin admin = parameter.getAnnotation(TestAdmin.class);
    boolean service = parameter.isAnnotationPresent(ServiceSession.class);
    if ((user != null ? 1 : 0) + (admin != null ? 1 : 0) + (service ? 1 : 0) > 1) {
      throw new ParameterResolutionException(
          "parameter " + parameter + " may carry one of @TestUser, @TestAdmin and @ServiceSession");
    }
    try {
      if (user != null || admin != null) {
        boolean isAdmin = admin != null;
        UUID id = fixture.user(isAdmin ? admin.value() : user.value(), isAdmin);
        if (type == UUID.class) {
          return id;
        }
        if (type == Session.class) {
          return isAdmin ? fixture.inrvo().asAdmin(id) : fixture.inrvo().asUser(id);
        }
        throw new ParameterResolutionException("@" + (isAdmin ? "TestAdmin" : "TestUser")
            + " goes on a parameter of type Session or UUID, not " + type.getName() + " (" + parameter + ")");
      }
      if (service) {
        if (type != Session.class) {
          throw new ParameterResolutionException(
              "@ServiceSession goes on a parameter of type Session, not " + type.getName() + " (" + parameter + ")");
        }
        return fixture.inrvo().asService();
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterResolutionException(e.getMessage() + " (" + parameter + ")", e);
    }
    if (type == DataSource.class) {
      return fixture.dataSource();
    }
    if (type == TestDatabase.class) {
      return fixture.database();
    }
    if (type == Inrvo.class) {
      return fixture.inrvo();
    }
    if (type == CapturedStatements.class) {
      return fixture.statements();
    }
    throw new ParameterResolutionException("say whose session parameter " + parameter + " is: annotate it "
        + "@TestUser(\"name\"), @TestAdmin(\"name\") or @ServiceSession");
  }

  /** The fixture of the class {@code context} belongs to, made on first use. */
  private ClassFixture fixture(ExtensionContext context) {
    ClassFixture existing = context.getStore(NAMESPACE).get(ClassFixture.class, ClassFixture.class);
    if (existing != null) {
      return existing; // this class's, or an enclosing class's for a @Nested one
    }
    ExtensionContext classContext = context;
    while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
      classContext = classContext.getParent().get();
    }
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(ClassFixture.class, key -> {
      DatabaseServer server = serverSupplier.get();
      TestDatabase database = kind == Kind.MIGRATED
          ? TemplateDatabases.createMigrated(server)
          : TemplateDatabases.createEmpty(server);
      ClassFixture made = new ClassFixture(database, inrvoBuilder, !checks.isEmpty());
      running.add(made);
      return made;
    }, ClassFixture.class);
  }

  private ClassFixture current() {
    List<ClassFixture> now = List.copyOf(running);
    if (now.isEmpty()) {
      throw new IllegalStateException("no test database: the extension has not started, or the class has finished");
    }
    if (now.size() > 1) {
      throw new IllegalStateException("this extension serves " + now.size()
          + " classes running at once: take the database, Inrvo or users as parameters instead");
    }
    return now.get(0);
  }

  private InrvoDatabaseExtension with(Kind other) {
    return new InrvoDatabaseExtension(other, serverSupplier, inrvoBuilder, checks);
  }
}
