package io.inrvo.data.testing.server;

import io.inrvo.data.schema.DatabaseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A throwaway PostgreSQL cluster of its own, made by {@code initdb} from the local server programs
 * and run by {@code pg_ctl}, for tests that need settings the shared server does not have ({@code
 * shared_preload_libraries}, replication), or that stop, restart or crash a server.
 *
 * <pre>{@code
 * try (PostgresCluster pg = PostgresCluster.builder()
 *     .name("stats")
 *     .setting("shared_preload_libraries", "pg_stat_statements")
 *     .start()) {
 *   DataSource ds = pg.server().dataSource();
 *   ...
 *   pg.restart();      // same port, same data
 * }
 * }</pre>
 *
 * <p>The cluster listens on {@code 127.0.0.1} only, on a port that was free when it started, with
 * {@code trust} authentication for user {@code postgres} and no Unix socket. Its data directory
 * lives in a scratch directory under {@code java.io.tmpdir}, removed by {@link #close()}. Durability
 * is traded for speed ({@code fsync = off}): data survives {@link #restart()} and {@link
 * #stopImmediately()}, not a machine crash. When this JVM runs as root, the programs run as the
 * {@code postgres} OS user, since PostgreSQL refuses root.
 *
 * <p>The programs are looked up in {@code INRVO_PG_BIN} (or system property {@code inrvo.pg.bin}),
 * else {@code /usr/lib/postgresql/15/bin}, else the directory of {@code pg_ctl} on the {@code PATH};
 * PostgreSQL 15 or later is required. Without them, {@link Builder#start()} throws {@link
 * MissingPrerequisiteException}; {@link #missingPrerequisite()} tells beforehand.
 *
 * <p>Methods are thread-safe. Lifecycle methods ({@link #stop()}, {@link #start()}, ...) wait until
 * the server has reached the new state.
 *
 * <p>The class is long because one cluster's whole lifecycle (initdb, configuration, start on a
 * free port with retries, three stop modes, backends, replicas) is one piece of state guarded by
 * one lock around one data directory, and its builder checks every setting before anything runs.
 */
public final class PostgresCluster implements ThrowawayServer {

  /** The address every throwaway server listens on. */
  public static final String HOST = "127.0.0.1";
  /** The superuser every throwaway cluster is made with. */
  public static final String USER = "postgres";

  private static final Duration PROGRAM_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration POLL = Duration.ofMillis(20);
  private static final int PORT_ATTEMPTS = 5;
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,23}");
  private static final Pattern SETTING = Pattern.compile("[a-z_][a-z0-9_.]*");
  private static final int MINIMUM_VERSION = 150000;

  private final String label;
  private final Path home;
  private final Path data;
  private final Path log;
  private final Path bin;
  private int port;
  private DatabaseServer server;
  private boolean running;
  private boolean closed;

  private PostgresCluster(String label, Path home, Path bin) {
    this.label = label;
    this.home = home;
    this.data = home.resolve("data");
    this.log = home.resolve("postgres.log");
    this.bin = bin;
  }

  /**
   * A builder for a cluster with PostgreSQL's defaults.
   *
   * @return a new builder: name {@code postgres}, no settings of its own, no {@code pg_hba.conf}
   *     lines
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Why a cluster cannot be started on this machine (no server programs, or root without a {@code
   * postgres} OS user), with how to fix it; empty when it can.
   *
   * @return empty when {@link Builder#start()} can run the programs here; otherwise what is missing,
   *     where it was looked for and how to install it. A version older than 15 is found only by
   *     {@link Builder#start()}
   */
  public static Optional<String> missingPrerequisite() {
    Optional<String> binaries = PostgresBinaries.missing();
    return binaries.isPresent() ? binaries : Processes.missingServerUser();
  }

  /**
   * The port the cluster listens on; kept across {@link #stop()} and {@link #start()}.
   *
   * @return the TCP port on {@value #HOST}, free when the cluster was made
   */
  public synchronized int port() {
    return port;
  }

  /**
   * The cluster as the test kit and the library see it: {@code
   * jdbc:postgresql://127.0.0.1:<port>/postgres}, user {@value #USER}, no password.
   *
   * @return the cluster's URL, user and password; the same value after a restart
   */
  @Override
  public synchronized DatabaseServer server() {
    return server;
  }

  /**
   * The data directory (owned by the {@code postgres} OS user when this JVM is root).
   *
   * @return the path of the data directory in the cluster's scratch directory; {@link #close()}
   *     deletes it
   */
  public Path dataDirectory() {
    return data;
  }

  /**
   * The server's log file, for diagnosing a test.
   *
   * @return the path of the log file in the cluster's scratch directory; {@link #close()} deletes it
   */
  public Path logFile() {
    return log;
  }

  /**
   * Whether the server runs (as far as this object started and stopped it).
   *
   * @return true from a start until {@link #stop()}, {@link #stopImmediately()} or {@link #close()};
   *     a server killed from outside still counts as running
   */
  public synchronized boolean isRunning() {
    return running;
  }

  /**
   * The value of a setting as the running server reports it ({@code current_setting}).
   *
   * @param name the setting's name, case-insensitive, for example {@code shared_buffers}
   * @return the value as {@code SHOW} prints it, units included (for example {@code 128MB})
   * @throws IllegalStateException when the server is stopped or does not know the setting
   */
  public String setting(String name) {
    Objects.requireNonNull(name, "name");
    return queryText(server(), "select current_setting(?)", name);
  }

  /**
   * Stops the server cleanly (fast shutdown: open sessions are ended, a checkpoint is written).
   * Does nothing when it is stopped already.
   */
  public synchronized void stop() {
    stopWith("fast");
  }

  /**
   * Stops the server the way a crash would (immediate shutdown: no checkpoint; the next {@link
   * #start()} recovers from the write-ahead log). Does nothing when it is stopped already.
   */
  public synchronized void stopImmediately() {
    stopWith("immediate");
  }

  /** Starts the stopped server again on the same port, with the same data. Does nothing when it runs. */
  public synchronized void start() {
    requireOpen();
    if (!running) {
      pgCtl("start", "-l", log.toString());
      running = true;
    }
  }

  /** {@link #stop()} then {@link #start()}: the same port, the same data. */
  public synchronized void restart() {
    stop();
    start();
  }

  /**
   * Terminates every client session on the server (as a crashed backend or an administrator's
   * {@code pg_terminate_backend} would), waiting until they are gone.
   *
   * @return how many sessions were terminated
   */
  public int killBackends() {
    return terminate(server(), Optional.empty());
  }

  /**
   * Like {@link #killBackends()}, for the sessions connected to {@code database} only.
   *
   * @param database the name of a database on this cluster; sessions on other databases are left
   * @return how many sessions were terminated; 0 when none was connected to {@code database}, or
   *     there is no such database
   * @throws IllegalStateException when the server is stopped
   */
  public int killBackends(String database) {
    return terminate(server(), Optional.of(Objects.requireNonNull(database, "database")));
  }

  /**
   * Starts a streaming hot-standby replica of this cluster: a base backup ({@code pg_basebackup
   * -R}, with a replication slot, so a stopped replica can catch up) into a second cluster on
   * another free port. Read-only queries run on it; {@link PostgresReplica} pauses and resumes
   * replay, waits for it, and promotes. Close the replica before or after this cluster.
   *
   * @return the running replica, holding everything committed on this cluster before the call; the
   *     caller closes it, which removes it and its slot
   * @throws IllegalStateException when this cluster is stopped or closed
   */
  public PostgresReplica startReplica() {
    DatabaseServer primary;
    synchronized (this) {
      requireOpen();
      if (!running) {
        throw new IllegalStateException("start the cluster before making a replica of it: " + this);
      }
      primary = server;
    }
    String slot = "inrvo_replica_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PostgresCluster standby = new PostgresCluster(label + "-replica", Scratch.directory(label + "-replica"), bin);
    Scratch.closeOnExit(standby, standby.toString());
    try {
      Processes.run(standby.home, PROGRAM_TIMEOUT, bin.resolve("pg_basebackup").toString(),
          "-h", HOST, "-p", Integer.toString(port()), "-U", USER, "-D", standby.data.toString(),
          "-R", "-X", "stream", "-c", "fast", "-C", "-S", slot, "--no-sync");
      standby.startOnFreePort(List.of("hot_standby = on"));
    } catch (RuntimeException e) {
      standby.close();
      dropSlot(primary, slot);
      throw e;
    }
    return new PostgresReplica(this, standby, slot);
  }

  /** Stops the server at once (if it runs) and removes its data directory. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (running) {
        try {
          pgCtl("stop", "-m", "immediate");
        } catch (RuntimeException ignored) {
          // removing the directory below is what matters; a server without its files exits
        }
        running = false;
      }
    }
    Scratch.forget(this);
    Scratch.delete(home);
  }

  @Override
  public synchronized String toString() {
    return "PostgresCluster[" + label + ", " + HOST + ":" + port + (running ? "" : ", stopped")
        + (closed ? ", closed" : "") + ", " + data + "]";
  }

  // --- creation -----------------------------------------------------------------------------

  private static PostgresCluster create(String name, Map<String, String> settings, List<String> hbaLines) {
    Optional<String> missing = missingPrerequisite();
    if (missing.isPresent()) {
      throw new MissingPrerequisiteException(missing.get());
    }
    Path bin = PostgresBinaries.find().orElseThrow();
    PostgresCluster cluster = new PostgresCluster(name, Scratch.directory(name), bin);
    Scratch.closeOnExit(cluster, cluster.toString());
    try {
      cluster.initdb();
      if (!hbaLines.isEmpty()) {
        Path hba = cluster.data.resolve("pg_hba.conf");
        String existing = Files.readString(hba, StandardCharsets.UTF_8);
        Files.writeString(hba, String.join("\n", hbaLines) + "\n" + existing, StandardCharsets.UTF_8);
      }
      List<String> lines = new ArrayList<>();
      lines.add("listen_addresses = '" + HOST + "'");
      lines.add("unix_socket_directories = ''");
      lines.add("fsync = off");
      settings.forEach((key, value) -> lines.add(key + " = " + quote(value)));
      cluster.startOnFreePort(lines);
      cluster.requireVersion();
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new UncheckedIOException("could not configure " + cluster, e);
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void initdb() {
    String initdb = bin.resolve("initdb").toString();
    List<String> common = List.of(initdb, "-D", data.toString(), "-U", USER, "--auth=trust", "-E", "UTF8",
        "--no-sync");
    try {
      run(common, "--locale=C.UTF-8");
    } catch (IllegalStateException e) {
      // C.UTF-8 is everywhere on Linux, not on macOS: there the C locale will do
      if (!e.getMessage().contains("locale")) {
        throw e;
      }
      Scratch.delete(data);
      run(common, "--no-locale");
    }
  }

  private void run(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(more));
    Processes.run(home, PROGRAM_TIMEOUT, all.toArray(String[]::new));
  }

  /** Appends {@code lines} and a free port to postgresql.conf and starts; another port if taken. */
  private synchronized void startOnFreePort(List<String> lines) {
    appendConfiguration(lines);
    for (int attempt = 1; ; attempt++) {
      int candidate = Scratch.freePort();
      appendConfiguration(List.of("port = " + candidate));
      try {
        pgCtl("start", "-l", log.toString());
        port = candidate;
        server = DatabaseServer.at("jdbc:postgresql://" + HOST + ":" + candidate + "/postgres", USER, "");
        running = true;
        return;
      } catch (IllegalStateException e) {
        boolean portTaken = Processes.tail(log, 20).contains("Address already in use");
        if (!portTaken || attempt == PORT_ATTEMPTS) {
          throw new IllegalStateException(e.getMessage() + "\nserver log " + log + ":\n" + Processes.tail(log, 20), e);
        }
      }
    }
  }

  private void appendConfiguration(List<String> lines) {
    try {
      Files.writeString(data.resolve("postgresql.conf"), "\n" + String.join("\n", lines) + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the configuration of " + this, e);
    }
  }

  private void requireVersion() {
    int version = Integer.parseInt(setting("server_version_num"));
    if (version < MINIMUM_VERSION) {
      throw new MissingPrerequisiteException("the PostgreSQL server programs in " + bin + " are version "
          + setting("server_version") + "; inrvo-data needs 15 or later: install postgresql-15 or set "
          + PostgresBinaries.BIN_VARIABLE + " to the bin directory of a newer one");
    }
  }

  // --- lifecycle ------------------------------------------------------------------------------

  private void stopWith(String mode) {
    requireOpen();
    if (running) {
      pgCtl("stop", "-m", mode);
      running = false;
    }
  }

  private void pgCtl(String action, String... options) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), action, "-D", data.toString(),
        "-w", "-t", Long.toString(PROGRAM_TIMEOUT.toSeconds())));
    command.addAll(List.of(options));
    Processes.run(home, PROGRAM_TIMEOUT.plusSeconds(10), command.toArray(String[]::new));
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("closed: " + this);
    }
  }

  // --- SQL helpers shared with the replica ---------------------------------------------------

  static String queryText(DatabaseServer server, String sql, Object... parameters) {
    try (Connection c = server.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalStateException("no row from " + sql + " on " + server);
        }
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed on " + server + ": " + e.getMessage(), e);
    }
  }

  static int terminate(DatabaseServer server, Optional<String> database) {
    String sql = "select count(*) filter (where pg_terminate_backend(pid, 10000)) from pg_stat_activity"
        + " where backend_type = 'client backend' and pid <> pg_backend_pid()"
        + (database.isPresent() ? " and datname = ?" : "");
    return Integer.parseInt(database.isPresent()
        ? queryText(server, sql, database.get())
        : queryText(server, sql));
  }

  static void dropSlot(DatabaseServer primary, String slot) {
    Duration wait = Duration.ofSeconds(10);
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      try {
        // the walsender of a just-stopped standby may hold the slot for a moment
        queryText(primary, "select count(pg_drop_replication_slot(slot_name)) from pg_replication_slots"
            + " where slot_name = ? and not active", slot);
        if ("0".equals(queryText(primary, "select count(*) from pg_replication_slots where slot_name = ?", slot))
            || System.nanoTime() > deadline || !Processes.pause(POLL)) {
          return;
        }
      } catch (IllegalStateException e) {
        return; // the primary is gone, and the slot with it
      }
    }
  }

  private static String quote(String value) {
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  /**
   * Describes a cluster to start: its name (part of the scratch directory's name), settings
   * written to {@code postgresql.conf}, and lines put in front of {@code pg_hba.conf}. Reusable:
   * each {@link #start()} makes a new cluster.
   */
  public static final class Builder {

    private String name = "postgres";
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<String> hbaLines = new ArrayList<>();

    private Builder() {}

    /**
     * A short name for the cluster's scratch directory and messages (default {@code postgres}).
     *
     * @param name 1 to 24 lower-case letters, digits and dashes, not starting with a dash
     * @return this builder
     * @throws IllegalArgumentException unless 1 to 24 lower-case letters, digits and dashes
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("name must match " + NAME + ", got: " + name);
      }
      this.name = name;
      return this;
    }

    /**
     * A server setting, for example {@code shared_preload_libraries} = {@code pg_stat_statements},
     * {@code wal_level} = {@code logical} or {@code max_connections} = {@code 20}. The value is
     * quoted for {@code postgresql.conf}; a later value for the same name replaces an earlier one.
     * The defaults already allow streaming replication ({@code wal_level = replica}, {@code
     * max_wal_senders = 10}, replication connections from 127.0.0.1 trusted).
     *
     * @param name the setting's name ({@code [a-z_][a-z0-9_.]*}); a name the server does not know,
     *     other than a dotted extension setting, makes {@link #start()} fail with the server's log
     * @param value the value as {@code postgresql.conf} would hold it unquoted, on one line
     * @return this builder
     * @throws IllegalArgumentException when the name is not a plain (optionally dotted) setting name
     */
    public Builder setting(String name, String value) {
      Arguments.requireSetting(SETTING, name, value);
      settings.put(name, value);
      return this;
    }

    /**
     * Every entry of {@code settings}, as {@link #setting(String, String)}.
     *
     * @param settings settings applied in the map's iteration order; a bad entry throws after the
     *     entries before it were added
     * @return this builder
     * @throws IllegalArgumentException as {@link #setting(String, String)}
     */
    public Builder settings(Map<String, String> settings) {
      Objects.requireNonNull(settings, "settings").forEach(this::setting);
      return this;
    }

    /**
     * A line for {@code pg_hba.conf}, placed before the defaults (which trust every local
     * connection, replication included), for example {@code host all app 127.0.0.1/32
     * scram-sha-256}.
     *
     * @param line one {@code pg_hba.conf} line; lines keep the order they were added in, ahead of
     *     the defaults; a line the server cannot parse makes {@link #start()} fail with its log
     * @return this builder
     * @throws IllegalArgumentException when blank or more than one line
     */
    public Builder hbaLine(String line) {
      Objects.requireNonNull(line, "line");
      if (line.isBlank() || line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("hbaLine must be one non-blank line, got: " + line);
      }
      hbaLines.add(line);
      return this;
    }

    /**
     * Makes and starts the cluster (about half a second on a laptop-class machine).
     *
     * @return the running cluster, accepting connections; the caller closes it, which stops it and
     *     removes its directory
     * @throws MissingPrerequisiteException when the server programs (or the OS user to run them as)
     *     are missing, or are older than PostgreSQL 15
     * @throws IllegalStateException when {@code initdb} or the start fails, with the server's log
     */
    public PostgresCluster start() {
      return create(name, new LinkedHashMap<>(settings), List.copyOf(hbaLines));
    }
  }
}
