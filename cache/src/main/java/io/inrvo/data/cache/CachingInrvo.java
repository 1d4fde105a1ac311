package io.inrvo.data.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.inrvo.data.Inrvo;
import io.inrvo.data.Readiness;
import io.inrvo.data.cache.internal.DefaultCachingInrvo;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * An {@link Inrvo} whose sessions read through TTL caches and an in-flight deduplicator, and keep
 * them coherent with the database.
 *
 * <pre>{@code
 * CachingInrvo inrvo = CachingInrvo.builder(Inrvo.create(pool)).settings(CacheSettings.defaults()).build();
 * inrvo.startListener(directJdbcUrl, user, password); // other instances' and plain SQL writes
 * Page<MeditationSummary> page = inrvo.asUser(aliceId).history().page(PageRequest.first(20));
 * // ... on shutdown
 * inrvo.close();
 * }</pre>
 *
 * <h2>What is cached</h2>
 *
 * <table>
 *   <caption>Cached reads, by cache ({@link CacheSettings})</caption>
 *   <tr><th>Cache</th><th>Reads</th></tr>
 *   <tr><td>{@code meditationHistory}</td><td>history {@code page}, {@code favorites}, {@code
 *       withAudio}: the key holds the whole {@code PageRequest} (size, count policy, cursor or
 *       offset)</td></tr>
 *   <tr><td>{@code voiceProfiles}</td><td>voice profiles {@code list}, and {@code lookup(profile,
 *       owner)} keyed by the caller and the owner, so that the TTS worker's service-role lookups
 *       are dropped when that owner's profiles change</td></tr>
 *   <tr><td>{@code userProfile}</td><td>profile {@code find} and {@code get} (one entry)</td></tr>
 *   <tr><td>{@code audioTags}</td><td>audio tag {@code presets} and {@code preferences}</td></tr>
 *   <tr><td>{@code conversations}</td><td>conversations {@code latest} and {@code find}</td></tr>
 *   <tr><td>{@code adminLists}</td><td>admin {@code users}, {@code meditations}, {@code
 *       voiceProfiles}, for admin sessions only</td></tr>
 * </table>
 *
 * <p>Every key carries the session's {@link io.inrvo.data.Caller} (kind, user id, e-mail), so a
 * result is only ever returned to the caller it was loaded for: two users never share an entry,
 * and neither do a user and the same user's admin session. Presets are the same for every user
 * but are still cached per caller, for that reason. Concurrent identical reads share one database
 * query. {@code Optional} results are cached as they are (a known absence is an answer);
 * exceptions are never cached: every caller sharing a failed load gets the exception, and the next
 * call goes to the database again. Everything else (history {@code find}, voice clones,
 * conversation {@code search} and {@code transcript}, analytics) goes straight to the database.
 *
 * <h2>Consistency</h2>
 *
 * <ul>
 *   <li><b>Read your own writes in this instance:</b> a write through this instance's
 *       repositories drops the writer's affected entries once the write returns (or throws), so
 *       the next read of any session of this instance sees it. Writes that change what admin
 *       lists show (users, meditations, voice profiles) also drop every admin list.
 *   <li><b>No stale value outlives an invalidation:</b> a read that began before a write and
 *       finishes after it never leaves its older value behind ({@link QueryCache}'s
 *       fence).
 *   <li><b>Transactions:</b> inside {@link io.inrvo.data.Session#inTransaction}, reads go to the
 *       database (they must see the transaction's own writes) and writes invalidate at once and
 *       again after the transaction ends, since a concurrent reader may have cached the
 *       committed-before value in between.
 *   <li><b>Other instances and other writers:</b> with a listener started ({@link
 *       #startListener}), a change committed by anyone (another instance, another application,
 *       plain SQL) reaches this instance's caches through the schema's change-notification triggers, usually
 *       within milliseconds.
 *   <li><b>Read-your-writes with a consistency token, on any instance:</b> a session given a
 *       token ({@link io.inrvo.data.Session#withConsistency}; tokens come from an {@code Inrvo}
 *       with read replicas) reads around the caches until this instance's listener has caught up
 *       past the token ({@link ListenerStats#caughtUpTo()}), and through them again from then on;
 *       it never shares another caller's load, which may have read a replica behind the token.
 *       Catching up takes one or two polls of the listener on a primary that is writing, up to its
 *       heartbeat's 5 s on an idle one. Without a connected listener, such a session always reads
 *       around the caches: nothing tells this instance what others wrote.
 *   <li><b>While the listener is down</b> (lost connection, or started and not connected yet),
 *       changes are not heard, so the caches change how they serve: nothing cached before the
 *       listener went down is served (every cache is flushed when it notices the loss), and what
 *       is loaded meanwhile is served for at most {@link Builder#disconnectedTimeToLive} (default 5
 *       s), which is then the longest another writer's change stays unseen. The listener retries
 *       at least once a second and flushes every cache when it connects again, after which the
 *       caches' own time to live applies again. {@link #invalidationStatus()} tells which state
 *       holds.
 *   <li><b>Time to live, the last bound:</b> when no listener runs (or notifications cannot
 *       arrive, as through a transaction-mode pooler), a change by another writer stays unseen
 *       for at most the cache's {@link CacheSpec#timeToLive()}.
 * </ul>
 *
 * <p>A cached admin list is served without asking {@code is_admin()} again; the admin's demotion
 * changes a {@code users} row, which drops every admin list through the listener, else after the
 * {@code adminLists} time to live.
 *
 * <p>Thread-safe, like the {@link Inrvo} it wraps; create one per application instance and share
 * it.
 */
public interface CachingInrvo extends Inrvo, AutoCloseable {

  /**
   * {@code inrvo} reading through Caffeine caches with {@link CacheSettings#defaults()}: {@code
   * builder(inrvo).build()}.
   *
   * @param inrvo the instance to cache
   * @return the caching instance; no listener runs until {@link #startListener} is called
   * @throws IllegalArgumentException when {@code inrvo} already caches
   */
  static CachingInrvo wrap(Inrvo inrvo) {
    return builder(inrvo).build();
  }

  /**
   * A builder for a caching instance over {@code inrvo}: Caffeine caches with {@link
   * CacheSettings#defaults()} unless configured otherwise.
   *
   * @param inrvo the instance to cache
   * @return a builder
   */
  static Builder builder(Inrvo inrvo) {
    return new Builder(Objects.requireNonNull(inrvo, "inrvo"));
  }

  /**
   * The wrapped instance: its sessions read from the database and invalidate nothing.
   *
   * @return the wrapped instance
   */
  Inrvo uncached();

  /**
   * The settings the caches were made with.
   *
   * @return the settings
   */
  CacheSettings settings();

  /**
   * Starts this instance's {@link InvalidationListener} on a connection of its own to {@code
   * jdbcUrl}, with the listener's default timing. Give a direct or session-mode URL: through a
   * transaction-mode pooler (Supabase port 6543) notifications never arrive.
   *
    * @param jdbcUrl a direct or session-mode PostgreSQL JDBC URL
    * @param user the login user
    * @param password the password; empty for none
   * @return the running listener; {@link #close()} stops it
   * @throws IllegalStateException when a listener was already started, or this instance is closed
    */
  default InvalidationListener startListener(String jdbcUrl, String user, String password) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    return startListener(builder -> builder.jdbcUrl(jdbcUrl, user, password));
  }

  /**
   * Starts this instance's {@link InvalidationListener} on a connection borrowed from {@code
   * dataSource} for the listener's whole life (see {@link InvalidationListener.Builder#dataSource}).
   *
    * @param dataSource where to borrow the listener's connection from
    * @return the running listener; {@link #close()} stops it
   * @throws IllegalStateException when a listener was already started, or this instance is closed
    */
  default InvalidationListener startListener(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    return startListener(builder -> builder.dataSource(dataSource));
  }

  /**
   * Starts this instance's {@link InvalidationListener}, configured by {@code configuration}: it
   * receives a builder already routed to this instance's caches and must give it a connection
   * ({@code jdbcUrl} or {@code dataSource}); it may also tune the poll timeout, validation
   * interval and backoff.
   *
   * <pre>{@code
   * inrvo.startListener(b -> b.jdbcUrl(url, props).pollTimeout(Duration.ofMillis(250)));
   * }</pre>
   *
    * @param configuration gives the builder a connection and, optionally, timing
    * @return the running listener; {@link #close()} stops it
   * @throws IllegalStateException when a listener was already started, this instance is closed,
   *     or the builder has no connection
    */
  InvalidationListener startListener(UnaryOperator<InvalidationListener.Builder> configuration);

  /**
   * The listener started with {@link #startListener}, while it runs.
   *
   * @return the listener; empty before {@link #startListener} and after {@link #close()}
   */
  Optional<InvalidationListener> listener();

  /**
   * Whether other writers' changes reach the caches now: no listener, connecting, listening, or
   * disconnected and since when. Cheap and without side effects: for a readiness check (degraded
   * while a listener runs without a connection), a metric or a log line.
   *
   * @return the status now
   */
  InvalidationStatus invalidationStatus();

  /**
   * {@link Inrvo#ready()} and one more check, {@value Readiness#INVALIDATION_LISTENER}: ok when the
   * listener is connected, or when none runs (by choice: the caches' time to live bounds staleness);
   * not ok while a listener runs without a connection ({@link InvalidationStatus#isDegraded()}).
   *
   * @return the checks, ready when all are ok
   */
  @Override
  default Readiness ready() {
    return Inrvo.super.ready().with(listenerCheck(invalidationStatus()));
  }

  private static Readiness.Check listenerCheck(InvalidationStatus status) {
    String detail = switch (status.state()) {
      case NO_LISTENER -> "no listener runs: other writers' changes are seen within each cache's time to live";
      case LISTENING -> "listening";
      case CONNECTING, DISCONNECTED -> status.state().name().toLowerCase(java.util.Locale.ROOT) + " for "
          + status.disconnectedFor().orElse(java.time.Duration.ZERO).toMillis() + " ms: nothing cached before is served,"
          + " what is loaded meanwhile lives at most " + status.disconnectedTimeToLive().toMillis() + " ms";
    };
    return new Readiness.Check(Readiness.INVALIDATION_LISTENER, !status.isDegraded(), detail);
  }

  /**
   * Drops every entry owned by {@code userId} from every cache, and every admin list: for writes
   * the library cannot see when no listener runs.
    *
    * @param userId the user whose entries to drop
    */
  void invalidateUser(UUID userId);

  /** Drops every entry of every cache. */
  void invalidateAll();

  /**
   * The caches', deduplicators' and listener's counters now.
   *
   * @return the counters now
   */
  CachingStats stats();

  /**
   * Stops the listener, if one runs (see {@link InvalidationListener#close()}). Sessions keep
   * working, with the time to live as the only bound on other writers' changes. Idempotent; never
   * throws.
   */
  @Override
  void close();

  /** Configures a {@link CachingInrvo}. Not thread-safe. */
  final class Builder {

    private static final Duration MAX_DISCONNECTED_TIME_TO_LIVE = Duration.ofHours(1);

    private final Inrvo inrvo;
    private CacheBackend backend;
    private CacheSettings settings = CacheSettings.defaults();
    private Duration disconnectedTimeToLive = Duration.ofSeconds(5);
    private Ticker ticker = Ticker.systemTicker();

    private Builder(Inrvo inrvo) {
      this.inrvo = inrvo;
    }

    /**
     * Where the cached values live. Default: a new {@link CacheBackend#caffeine()}.
     *
     * @param backend the backend; it makes one cache per entry of the settings
     * @return this builder
     */
    public Builder backend(CacheBackend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * The time to live and size of each cache. Default: {@link CacheSettings#defaults()}.
     *
     * @param settings the settings
     * @return this builder
     */
    public Builder settings(CacheSettings settings) {
      this.settings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * How long an entry loaded while the listener is down (lost, or not connected yet) may be
     * served: the longest another writer's change stays unseen then. Default 5 s: hot keys still
     * spare the database most reads while the listener reconnects (it retries at least once a
     * second), and a change is never unseen for longer. {@link Duration#ZERO} caches nothing while
     * the listener is down (concurrent identical reads still share one query). Entries cached
     * before the listener went down are never served while it is down, whatever this says.
     *
     * @param timeToLive from zero to 1 hour
     * @return this builder
     * @throws IllegalArgumentException when negative or longer than 1 hour
     */
    public Builder disconnectedTimeToLive(Duration timeToLive) {
      Objects.requireNonNull(timeToLive, "timeToLive");
      if (timeToLive.isNegative() || timeToLive.compareTo(MAX_DISCONNECTED_TIME_TO_LIVE) > 0) {
        throw new IllegalArgumentException("disconnectedTimeToLive must be between 0 and "
            + MAX_DISCONNECTED_TIME_TO_LIVE + ", got " + timeToLive);
      }
      this.disconnectedTimeToLive = timeToLive;
      return this;
    }

    /**
     * The time source, in nanoseconds, of {@link #disconnectedTimeToLive} and of {@link
     * InvalidationStatus#disconnectedFor()}. Default {@link Ticker#systemTicker()}; tests pass a
     * fake one (the same they give {@link CacheBackend#caffeine(Ticker)}) and advance it.
     *
     * @param ticker the time source
     * @return this builder
     */
    public Builder ticker(Ticker ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * The caching instance, its caches made by the backend. No listener runs until {@link
     * CachingInrvo#startListener} is called.
     *
     * @return the caching instance
     * @throws IllegalArgumentException when the wrapped instance already caches
     * @throws IllegalStateException when the backend already made a cache of one of the names
     *     (give each {@code CachingInrvo} a backend of its own, or distinct names)
     */
    public CachingInrvo build() {
      return DefaultCachingInrvo.wrap(
          inrvo, backend == null ? CacheBackend.caffeine() : backend, settings, ticker, disconnectedTimeToLive);
    }
  }
}
