package io.inrvo.data.testing.server;

import io.inrvo.data.schema.DatabaseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real PgBouncer in front of a PostgreSQL server, on a free port of {@code 127.0.0.1}, for tests
 * of what a connection pooler does to a client: by default in transaction mode, where consecutive
 * transactions of one client connection may run on different server sessions and session state
 * (prepared statements, {@code SET}, advisory locks) does not carry over.
 *
 * <pre>{@code
 * try (PgBouncer bouncer = PgBouncer.builder().poolSize(2).start(pg.server())) {
 *   DataSource pooled = bouncer.server().dataSource("app");   // through PgBouncer
 *   ...
 * }
 * }</pre>
 *
 * <p>Every database name is forwarded to the backend server; clients are trusted (PgBouncer's
 * {@code auth_type = trust}) and the backend is logged into as the backend's user with its
 * password. {@link #server()} is {@link DatabaseServer#through(String) the backend seen through
 * the pooler}: the test kit creates databases directly on the backend and hands out data sources
 * that go through PgBouncer, so {@code InrvoDatabaseExtension.migrated().on(() ->
 * bouncer.server())} works.
 *
 * <p>The program is {@code INRVO_PGBOUNCER} (or system property {@code inrvo.pgbouncer}), else
 * {@code pgbouncer} on the {@code PATH}, else {@code /usr/sbin/pgbouncer} (Debian's package {@code
 * pgbouncer}). When this JVM runs as root, PgBouncer runs as the {@code postgres} OS user, since
 * it refuses root. Methods are thread-safe.
 *
 * <p>The class is long because it owns the whole life of one PgBouncer process (its configuration
 * and user files, the start on a free port with retries, the admin console, the stop) and its
 * builder checks every setting before anything runs.
 */
public final class PgBouncer implements ThrowawayServer {

  /** How PgBouncer assigns server connections to clients ({@code pool_mode}). */
  public enum PoolMode {
    /** A server connection per client connection, for the client's whole session. */
    SESSION,
    /** A server connection per transaction: what Supabase's Supavisor (port 6543) does. */
    TRANSACTION,
    /** A server connection per statement; multi-statement transactions are refused. */
    STATEMENT
  }

  static final String PROGRAM_VARIABLE = "INRVO_PGBOUNCER";
  static final String PROGRAM_PROPERTY = "inrvo.pgbouncer";
  static final Path DEBIAN_PROGRAM = Path.of("/usr/sbin/pgbouncer");

  private static final Pattern ADDRESS = Pattern.compile("jdbc:postgresql://([^/:?,]+)(?::(\\d+))?/([^?]*).*");
  private static final Pattern SETTING = Pattern.compile("[a-z_]+");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int PORT_ATTEMPTS = 5;

  private final Path home;
  private final DatabaseServer backend;
  private final PoolMode poolMode;
  private final int poolSize;
  private int port;
  private Process process;
  private DatabaseServer server;
  private boolean closed;

  private PgBouncer(Path home, DatabaseServer backend, PoolMode poolMode, int poolSize) {
    this.home = home;
    this.backend = backend;
    this.poolMode = poolMode;
    this.poolSize = poolSize;
  }

  /**
   * A builder for a PgBouncer in transaction mode with 4 server connections per database and user.
   *
   * @return a new builder: {@link PoolMode#TRANSACTION}, pool size 4, 200 client connections, no
   *     other settings
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Why PgBouncer cannot be started on this machine (not installed, or root without a {@code
   * postgres} OS user), with how to fix it; empty when it can.
   *
   * @return empty when {@link Builder#start(DatabaseServer)} can run PgBouncer here; otherwise what
   *     is missing, where it was looked for and how to install it
   */
  public static Optional<String> missingPrerequisite() {
    if (program().isEmpty()) {
      String explicit = explicitProgram().map(p -> PROGRAM_VARIABLE + "=" + p + ": not an executable")
          .orElse(PROGRAM_VARIABLE + ": not set");
      return Optional.of("PgBouncer not found (" + explicit + "; pgbouncer on the PATH: none; "
          + DEBIAN_PROGRAM + ": does not exist). Install it (Debian/Ubuntu: apt-get install pgbouncer; "
          + "macOS: brew install pgbouncer) or set " + PROGRAM_VARIABLE + " to the program");
    }
    return Processes.missingServerUser();
  }

  /**
   * The port PgBouncer listens on.
   *
   * @return the TCP port on {@value PostgresCluster#HOST}, free when PgBouncer started
   */
  public synchronized int port() {
    return port;
  }

  /**
   * The pool mode it runs in.
   *
   * @return the mode {@link Builder#poolMode(PoolMode)} set; a {@code pool_mode} given through
   *     {@link Builder#setting(String, String)} overrides the file, not this value
   */
  public PoolMode poolMode() {
    return poolMode;
  }

  /**
   * Server connections per database and user ({@code default_pool_size}).
   *
   * @return the size {@link Builder#poolSize(int)} set, 1 to 1000; a {@code default_pool_size} given
   *     through {@link Builder#setting(String, String)} overrides the file, not this value
   */
  public int poolSize() {
    return poolSize;
  }

  /**
   * The server behind PgBouncer.
   *
   * @return the backend reached directly ({@link DatabaseServer#direct()}), even when {@link
   *     Builder#start(DatabaseServer)} was given a pooled view
   */
  public DatabaseServer backend() {
    return backend;
  }

  /**
   * The backend seen through PgBouncer: data sources and URLs go through the pooler, creating and
   * dropping databases goes to the backend directly ({@link DatabaseServer#through(String)}).
   */
  @Override
  public synchronized DatabaseServer server() {
    return server;
  }

  /**
   * PgBouncer's log file, for diagnosing a test.
   *
   * @return the path of {@code pgbouncer.log} in PgBouncer's scratch directory; {@link #close()}
   *     deletes it
   */
  public Path logFile() {
    return home.resolve("pgbouncer.log");
  }

  /**
   * Runs a command on PgBouncer's admin console (database {@code pgbouncer}), for example {@code
   * SHOW POOLS}, {@code SHOW SERVERS}, {@code PAUSE} or {@code RECONNECT}, and returns its rows as
   * column name to text value.
   *
   * @param command one admin console command, sent as a single simple query
   * @return the rows in the order PgBouncer sends them, each mapping column name to value in column
   *     order, a SQL {@code NULL} as {@code null}; empty for a command without rows, such as {@code
   *     PAUSE}
   * @throws IllegalStateException when PgBouncer refuses the command, cannot be reached (after
   *     {@link #close()}, for example) or does not answer within 5 seconds
   */
  public List<Map<String, String>> admin(String command) {
    Objects.requireNonNull(command, "command");
    try {
      return AdminConsole.run(PostgresCluster.HOST, port(), backend.user(), command);
    } catch (IOException e) {
      throw new IllegalStateException("PgBouncer admin command '" + command + "' failed on " + this + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * How many server connections PgBouncer holds to {@code database} right now, busy or idle
   * (from {@code SHOW SERVERS}).
   *
   * @param database the database name as clients use it, matched exactly
   * @return the number of server connections; 0 when there is none, or no such database
   * @throws IllegalStateException when the admin console cannot be reached or does not answer, as
   *     in {@link #admin(String)}
   */
  public int serverConnections(String database) {
    Objects.requireNonNull(database, "database");
    return (int) admin("SHOW SERVERS").stream().filter(row -> database.equals(row.get("database"))).count();
  }

  /** Stops PgBouncer (ending its client connections) and removes its files. Idempotent. */
  @Override
  public void close() {
    Process running;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      running = process;
    }
    if (running != null) {
      stop(running);
    }
    Scratch.forget(this);
    Scratch.delete(home);
  }

  @Override
  public synchronized String toString() {
    return "PgBouncer[" + poolMode.name().toLowerCase(Locale.ROOT) + " mode, " + PostgresCluster.HOST + ":" + port
        + " in front of " + backend.direct().jdbcUrl() + (closed ? ", closed" : "") + "]";
  }

  /** Stops a PgBouncer a dead JVM left in {@code dir}, if its pid file names a running PgBouncer. */
  static void stopLeftover(Path dir) {
    try {
      long pid = Long.parseLong(Files.readString(dir.resolve("pgbouncer.pid")).strip());
      ProcessHandle.of(pid)
          .filter(p -> p.info().command().map(c -> c.endsWith("pgbouncer")).orElse(false))
          .ifPresent(ProcessHandle::destroy);
    } catch (IOException | NumberFormatException e) {
      // no PgBouncer there
    }
  }

  // --- starting -------------------------------------------------------------------------------

  private static Optional<Path> explicitProgram() {
    String property = System.getProperty(PROGRAM_PROPERTY);
    String value = property != null && !property.isBlank() ? property : System.getenv(PROGRAM_VARIABLE);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
  }

  private static Optional<Path> program() {
    Optional<Path> explicit = explicitProgram();
    if (explicit.isPresent()) {
      return explicit.filter(Files::isExecutable);
    }
    return PostgresBinaries.onPath("pgbouncer").or(() -> Optional.of(DEBIAN_PROGRAM).filter(Files::isExecutable));
  }

  private static PgBouncer create(DatabaseServer backend, PoolMode mode, int poolSize, int maxClients,
      Map<String, String> settings) {
    Optional<String> missing = missingPrerequisite();
    if (missing.isPresent()) {
      throw new MissingPrerequisiteException(missing.get());
    }
    DatabaseServer direct = backend.direct();
    Matcher address = ADDRESS.matcher(direct.jdbcUrl());
    if (!address.matches()) {
      throw new IllegalArgumentException("backend URL must look like jdbc:postgresql://host:port/database, got: "
          + direct.jdbcUrl());
    }
    PgBouncer bouncer = new PgBouncer(Scratch.directory("pgbouncer"), direct, mode, poolSize);
    Scratch.closeOnExit(bouncer, bouncer.toString());
    try {
      bouncer.writeUsers(direct);
      String port = address.group(2) == null ? "5432" : address.group(2);
      bouncer.startOnFreePort(address.group(1), port, address.group(3), maxClients, settings);
      return bouncer;
    } catch (RuntimeException e) {
      bouncer.close();
      throw e;
    }
  }

  private void writeUsers(DatabaseServer direct) {
    // trust towards clients, but the backend may want the user's password: PgBouncer sends the
    // one in the auth file
    String line = quoteUser(direct.user()) + " " + quoteUser(direct.password()) + "\n";
    write(home.resolve("userlist.txt"), line);
  }

  private synchronized void startOnFreePort(String backendHost, String backendPort, String database, int maxClients,
      Map<String, String> settings) {
    for (int attempt = 1; ; attempt++) {
      int candidate = Scratch.freePort();
      Map<String, String> config = new LinkedHashMap<>();
      config.put("listen_addr", PostgresCluster.HOST);
      config.put("listen_port", Integer.toString(candidate));
      config.put("unix_socket_dir", "");
      config.put("auth_type", "trust");
      config.put("auth_file", home.resolve("userlist.txt").toString());
      config.put("admin_users", backend.user());
      config.put("stats_users", backend.user());
      config.put("pool_mode", poolMode.name().toLowerCase(Locale.ROOT));
      config.put("default_pool_size", Integer.toString(poolSize));
      config.put("max_client_conn", Integer.toString(maxClients));
      // pgjdbc sends it at login; PgBouncer refuses unknown startup parameters otherwise
      config.put("ignore_startup_parameters", "extra_float_digits");
      // after a backend restart, log in again within a second rather than the default 15
      config.put("server_login_retry", "1");
      config.put("logfile", logFile().toString());
      config.put("pidfile", home.resolve("pgbouncer.pid").toString());
      config.putAll(settings);
      StringBuilder ini = new StringBuilder("[databases]\n* = host=" + backendHost + " port=" + backendPort + "\n\n[pgbouncer]\n");
      config.forEach((key, value) -> ini.append(key).append(" = ").append(value).append('\n'));
      Path iniFile = home.resolve("pgbouncer.ini");
      write(iniFile, ini.toString());
      try {
        process = Processes.builder(List.of(program().orElseThrow().toString(), iniFile.toString()), home)
            .redirectOutput(home.resolve("pgbouncer.out").toFile())
            .start();
      } catch (IOException e) {
        throw new UncheckedIOException("could not start PgBouncer for " + this, e);
      }
      if (awaitAcceptingConnections(candidate)) {
        port = candidate;
        server = backend.through("jdbc:postgresql://" + PostgresCluster.HOST + ":" + candidate + "/" + database);
        return;
      }
      stop(process);
      String output = Processes.tail(home.resolve("pgbouncer.out"), 20) + Processes.tail(logFile(), 20);
      if (!output.contains("Address already in use") || attempt == PORT_ATTEMPTS) {
        throw new IllegalStateException("PgBouncer did not start within " + START_TIMEOUT + " on port " + candidate
            + ":\n" + output);
      }
    }
  }

  private boolean awaitAcceptingConnections(int candidate) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (process.isAlive() && System.nanoTime() < deadline) {
      try {
        AdminConsole.run(PostgresCluster.HOST, candidate, backend.user(), "SHOW VERSION");
        return true;
      } catch (IOException notYet) {
        if (!Processes.pause(POLL)) {
          return false;
        }
      }
    }
    return false;
  }

  private static void stop(Process process) {
    process.destroy(); // SIGTERM: PgBouncer shuts down at once
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  private static String quoteUser(String value) {
    return "\"" + value.replace("\"", "\"\"") + "\"";
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
      Processes.giveToServerUser(file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }

  /**
   * Describes a PgBouncer to start in front of a server: pool mode, pool size, client limit and
   * any other {@code pgbouncer.ini} setting. Reusable: each {@link #start(DatabaseServer)} starts
   * a new PgBouncer.
   */
  public static final class Builder {

    private PoolMode poolMode = PoolMode.TRANSACTION;
    private int poolSize = 4;
    private int maxClientConnections = 200;
    private final Map<String, String> settings = new LinkedHashMap<>();

    private Builder() {}

    /**
     * The pool mode (default {@link PoolMode#TRANSACTION}).
     *
     * @param poolMode how PgBouncer assigns server connections to clients; not null
     * @return this builder
     */
    public Builder poolMode(PoolMode poolMode) {
      this.poolMode = Objects.requireNonNull(poolMode, "poolMode");
      return this;
    }

    /**
     * Server connections per database and user (default 4); a small pool makes clients share
     * server sessions, which is what pooler tests want to see.
     *
     * @param poolSize server connections per database and user pair, 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException unless 1 to 1000
     */
    public Builder poolSize(int poolSize) {
      if (poolSize < 1 || poolSize > 1000) {
        throw new IllegalArgumentException("poolSize must be 1 to 1000, got: " + poolSize);
      }
      this.poolSize = poolSize;
      return this;
    }

    /**
     * Client connections PgBouncer accepts (default 200).
     *
     * @param maxClientConnections client connections PgBouncer accepts at once, 1 to 10000; it
     *     refuses those beyond
     * @return this builder
     * @throws IllegalArgumentException unless 1 to 10000
     */
    public Builder maxClientConnections(int maxClientConnections) {
      if (maxClientConnections < 1 || maxClientConnections > 10000) {
        throw new IllegalArgumentException("maxClientConnections must be 1 to 10000, got: " + maxClientConnections);
      }
      this.maxClientConnections = maxClientConnections;
      return this;
    }

    /**
     * Any other {@code [pgbouncer]} setting, for example {@code query_wait_timeout} = {@code 5};
     * it overrides the ones this class writes.
     *
     * @param name the setting's name, lower-case letters and underscores ({@code [a-z_]+}); PgBouncer
     *     itself judges it when it starts; a later value for the same name replaces an earlier one
     * @param value the value, written to {@code pgbouncer.ini} as it is, on one line
     * @return this builder
     * @throws IllegalArgumentException when the name is not a plain setting name or the value is
     *     more than one line
     */
    public Builder setting(String name, String value) {
      Arguments.requireSetting(SETTING, name, value);
      settings.put(name, value);
      return this;
    }

    /**
     * Starts PgBouncer in front of {@code backend} (its direct server, when it is itself a pooled
     * view) and waits until it accepts connections.
     *
     * @param backend the server to forward to, its URL of the form {@code
     *     jdbc:postgresql://host[:port]/database} (port 5432 when absent); a pooled view is replaced
     *     by its direct server
     * @return the running PgBouncer, accepting connections; the caller closes it, which stops it
     *     and removes its files
     * @throws MissingPrerequisiteException when PgBouncer is not installed (or there is no OS user
     *     to run it as)
     * @throws IllegalArgumentException when the backend's URL has no single host and port
     * @throws IllegalStateException when PgBouncer does not start, with its log
     */
    public PgBouncer start(DatabaseServer backend) {
      Objects.requireNonNull(backend, "backend");
      return create(backend, poolMode, poolSize, maxClientConnections, new LinkedHashMap<>(settings));
    }
  }
}
