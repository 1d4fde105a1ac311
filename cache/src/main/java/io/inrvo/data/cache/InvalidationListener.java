package io.inrvo.data.cache;

import io.inrvo.data.cache.internal.PgInvalidationListener;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Keeps caches coherent across application instances: reads the schema's change log, where
 * statement-level triggers record every committed change to a cached table (any writer: the
 * library, other applications, plain SQL, cascades, TRUNCATE), and hands each change to an {@link
 * InvalidationHandler}, with a position of the primary's WAL at or after its commit ({@link
 * InvalidationHandler#changed(TableChange, WalPosition)}). It also listens on channel {@value
 * #CHANNEL}: a {@code NOTIFY} there is handled like a change.
 *
 * <h2>Change log</h2>
 *
 * <p>Writers do not notify: a transaction that sends {@code NOTIFY} holds a cluster-wide lock
 * through its commit's WAL flush, so notifying writers commit one at a time (8 concurrent inserting
 * writers lost up to 90% of their throughput). Instead each write statement adds a row per changed
 * row (its owner) to the unlogged table {@code inrvo_private.cache_changes}; what that costs writers is
 * measured in {@code BENCHMARKS.md}, "What writers pay for change capture". The listener
 * reads it every {@link Builder#pollTimeout} (25 ms by default) by snapshot, not by sequence: each
 * read returns the changes of the transactions that became visible since the previous read, so a
 * transaction that commits after a later one is never skipped. Rows are kept ten minutes; the
 * listeners delete older ones. The listener's login must be able to read that table (the
 * migrating login and {@code service_role} can).
 *
 * <p>After the changes of each read it tells the handler how far it has caught up ({@link
 * InvalidationHandler#caughtUp}, then {@link ListenerStats#caughtUpTo()}): every write whose
 * consistency token is lower than that position has been handed over. Only that read's snapshot
 * decides what it sees, so the position is the one read before the snapshot, and a write counts
 * only once the primary has written something after its token (the heartbeat does, at least every
 * 5 s). A lost connection clears it: the primary it reconnects to may reuse lower positions.
 *
 * <p>Writers log only while a listener is alive: the listener registers a heartbeat in {@code
 * inrvo_private.cache_listeners} after its LISTEN, renews it every few seconds and deletes it on
 * {@link #close}; while no heartbeat is younger than 30 seconds, writers log nothing. A writer's
 * connection looks at the table only until it finds a listener alive, and then again once that
 * heartbeat's 30 seconds have passed or a listener has closed: in between its statements log
 * without reading it. The listener counts as connected (its first flush) only once every
 * transaction that may have missed its registration has ended, so a long-open transaction keeps it
 * connecting; when its heartbeat may have expired (its last renewal began 20 seconds ago, or it
 * finds it expired) it is handled as a lost connection.
 *
 * <pre>{@code
 * InvalidationListener listener = InvalidationListener.builder(routes)
 *     .jdbcUrl("jdbc:postgresql://db.example.com:5432/postgres", "postgres", password)
 *     .start();
 * // ... on shutdown
 * listener.close();
 * }</pre>
 *
 * <h2>Connection</h2>
 *
 * <p>LISTEN belongs to a session, so the listener keeps one connection of its own for as long as
 * it runs. Give it a direct (or session-mode pooler) URL with {@link Builder#jdbcUrl}: through a
 * transaction-mode pooler (Supavisor on port 6543, PgBouncer {@code pool_mode=transaction}) the
 * notifications never arrive, and the WAL position it reads may come from another server. {@link Builder#dataSource} works too, but then the data source
 * lends one connection for the listener's whole life; on close the listener runs {@code UNLISTEN
 * *} before giving it back.
 *
 * <h2>Faults</h2>
 *
 * <p>The listener never blocks without a bound: it waits for notifications at most {@link
 * Builder#pollTimeout} at a time (a wait without timeout would never notice a dead network) and
 * checks the connection with {@code isValid} every {@link Builder#validationInterval}. A server
 * that closes the connection (a restart, a terminated backend) is noticed within one poll timeout,
 * a network that died silently within the validation interval plus 5 s.
 *
 * <p>When it notices the loss, it calls {@link InvalidationHandler#flushAll} with {@link
 * FlushReason#DISCONNECTED} at once, so that nothing cached before the loss is served while
 * changes cannot be heard, then reconnects with a jittered exponential backoff between the {@link
 * Builder#backoff} bounds (by default 100 ms to 1 s, so attempts are never more than a second apart
 * while the database is down) until it succeeds or is closed. It reads the change log from the
 * snapshot it takes on connecting, so after every successful connection, the first included, it
 * calls {@link InvalidationHandler#flushAll} ({@link FlushReason#CONNECTED}, {@link
 * FlushReason#RECONNECTED}) before reading any change. A payload it cannot read also flushes
 * everything. {@link #stats()} counts lost connections and failed attempts and says whether it is
 * connected now; the first failure is logged at WARN, and then once a minute while it lasts.
 *
 * <p>Thread-safe. The handler runs on the listener's daemon thread.
 */
public interface InvalidationListener extends AutoCloseable {

  /** The notification channel the schema's change-notification triggers use. */
  String CHANNEL = "inrvo_cache";

  /**
   * A builder for a listener that reports to {@code handler}.
   *
   * @param handler receives the changes and flushes, on the listener's thread
   * @return a builder with the default timing
   */
  static Builder builder(InvalidationHandler handler) {
    return new Builder(handler);
  }

  /**
   * The counters so far, and whether the listener is connected now.
   *
   * @return the counters now
   */
  ListenerStats stats();

  /**
   * The server process id of the listener's current connection; empty while disconnected.
   *
   * @return the process id; empty while disconnected
   */
  OptionalInt backendPid();

  /**
   * Stops listening: the thread ends and the connection is closed, within about one poll
   * timeout. Idempotent; never throws.
   */
  @Override
  void close();

  /** Configures and starts an {@link InvalidationListener}. Not thread-safe. */
  final class Builder {

    private final InvalidationHandler handler;
    private String jdbcUrl;
    private Properties properties;
    private DataSource dataSource;
    private Duration pollTimeout = Duration.ofMillis(25);
    private Duration validationInterval = Duration.ofSeconds(5);
    private Duration minBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(1);

    private Builder(InvalidationHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Connect with this PostgreSQL JDBC URL, preferably a direct one (see the class
     * documentation). Unless given, the connection sets {@code ApplicationName=inrvo-cache-listener},
     * {@code tcpKeepAlive=true}, {@code connectTimeout=10} and {@code socketTimeout=60}.
     *
     * @param password the password; empty for none
      * @param url a PostgreSQL JDBC URL
      * @param user the login user
      * @return this builder
      */
    public Builder jdbcUrl(String url, String user, String password) {
      Properties props = new Properties();
      props.setProperty("user", Objects.requireNonNull(user, "user"));
      if (!Objects.requireNonNull(password, "password").isEmpty()) {
        props.setProperty("password", password);
      }
      return jdbcUrl(url, props);
    }

    /**
     * Connect with this PostgreSQL JDBC URL and driver properties (copied).
     *
     * @param url a PostgreSQL JDBC URL
     * @param properties the driver properties, user and password included
     * @return this builder
     */
    public Builder jdbcUrl(String url, Properties properties) {
      this.jdbcUrl = Objects.requireNonNull(url, "url");
      Properties copy = new Properties();
      copy.putAll(Objects.requireNonNull(properties, "properties"));
      this.properties = copy;
      this.dataSource = null;
      return this;
    }

    /**
     * Borrow the connection from this data source instead (see the class documentation).
     *
     * @param dataSource where to borrow the connection from
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      this.jdbcUrl = null;
      this.properties = null;
      return this;
    }

    /**
     * How long one wait for notifications may block: the listener reads the change log after each
     * wait, so this is how long a change may wait to be read (a {@code NOTIFY} on the channel ends
     * the wait early); it also bounds how long {@link #close()} takes. Default 25 ms: 40 small reads
     * a second on the listener's connection.
     *
      * @param timeout the longest wait, 1 ms to 1 minute
      * @return this builder
     * @throws IllegalArgumentException unless between 1 ms and 1 minute
      */
    public Builder pollTimeout(Duration timeout) {
      this.pollTimeout = between(timeout, "pollTimeout", Duration.ofMillis(1), Duration.ofMinutes(1));
      return this;
    }

    /**
     * How often to check the connection with {@code isValid}, which notices a network that died
     * silently. Default 5 s.
     *
      * @param interval the time between checks, 1 ms to 1 hour
      * @return this builder
     * @throws IllegalArgumentException unless between 1 ms and 1 hour
      */
    public Builder validationInterval(Duration interval) {
      this.validationInterval = between(interval, "validationInterval", Duration.ofMillis(1), Duration.ofHours(1));
      return this;
    }

    /**
     * The first and the longest wait between reconnection attempts; each failed attempt doubles
     * the step up to {@code max}, and each wait is drawn from the upper half of its step (jitter,
     * so that instances do not reconnect in lockstep). Default 100 ms to 1 s. The longest wait is
     * bounded at 1 minute: while the listener is down, caches hold entries only briefly, so a long
     * wait costs cache hits, and other writers' changes are unseen for that long.
     *
      * @param min the first wait, at least 1 ms
      * @param max the longest wait, from {@code min} to 1 minute
      * @return this builder
     * @throws IllegalArgumentException unless {@code 1 ms <= min <= max <= 1 minute}
      */
    public Builder backoff(Duration min, Duration max) {
      between(min, "min backoff", Duration.ofMillis(1), Duration.ofMinutes(1));
      between(max, "max backoff", min, Duration.ofMinutes(1));
      this.minBackoff = min;
      this.maxBackoff = max;
      return this;
    }

    /**
     * Starts the listener's thread, which connects in the background: this returns at once, even
     * when the database cannot be reached yet.
     *
      * @return the running listener; {@link InvalidationListener#close()} stops it
     * @throws IllegalStateException when neither a URL nor a data source was given
      */
    public InvalidationListener start() {
      if (jdbcUrl == null && dataSource == null) {
        throw new IllegalStateException("give the listener a connection: jdbcUrl(...) (preferred) or dataSource(...)");
      }
      PgInvalidationListener.Settings settings = new PgInvalidationListener.Settings(
          pollTimeout, validationInterval, minBackoff, maxBackoff);
      PgInvalidationListener listener = jdbcUrl != null
          ? PgInvalidationListener.overUrl(jdbcUrl, properties, handler, settings)
          : PgInvalidationListener.overDataSource(dataSource, handler, settings);
      listener.start();
      return listener;
    }

    private static Duration between(Duration value, String name, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
      }
      return value;
    }
  }
}
