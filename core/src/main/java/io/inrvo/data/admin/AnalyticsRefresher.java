package io.inrvo.data.admin;

import io.inrvo.data.InvalidInputException;
import io.inrvo.data.PlainTransactions;
import io.inrvo.data.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes {@code public.admin_analytics_cache} on a schedule, at most one refresh at a time
 * across every instance of the application.
 *
 * <pre>{@code
 * try (AnalyticsRefresher refresher = AnalyticsRefresher.builder(serviceDataSource).build().start()) {
 *   ... // runs every 5 minutes on a daemon thread until closed
 * }
 * }</pre>
 *
 * <p>Each attempt is one transaction on the data source:
 *
 * <ol>
 *   <li>check that the view exists and has a valid unique index on plain columns without a {@code
 *       WHERE} clause, which {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} requires (without it the
 *       attempt fails with that reason instead of an opaque error);
 *   <li>{@code pg_try_advisory_xact_lock} on a key every instance derives from the same text
 *       ({@code hashtextextended} on the server): if another session holds it, that session is
 *       refreshing right now, and this attempt is {@link RefreshOutcome.Status#SKIPPED_LOCKED};
 *   <li>with transaction-local claims {@code {"role":"service_role"}} (and a transaction-local
 *       {@code statement_timeout}), call {@code public.refresh_admin_analytics()}: the schema's own
 *       SECURITY DEFINER entry point, which runs {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} as
 *       the view's owner. Going through it rather than issuing the REFRESH directly means the login
 *       needs only EXECUTE on that function (the owner and {@code service_role} have it), not
 *       ownership of the view;
 *   <li>commit, which also releases the lock (transaction-scoped, so it cannot leak on a pooled
 *       or transaction-pooler connection).
 * </ol>
 *
 * <p>{@code CONCURRENTLY} keeps readers on the previous contents throughout, so a refresh never
 * blocks or breaks them. A failed attempt is logged at WARN, counted, reported to the outcome
 * listener, and never thrown out of the scheduler: the next tick tries again. {@link
 * #refreshNow()} runs an attempt on the calling thread, for tests and for refreshing after a bulk
 * job. Thread-safe.
 */
public final class AnalyticsRefresher implements AutoCloseable {

  /** The default time between attempts. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

  /** Hashed on the server into the advisory lock key all instances share. */
  static final String LOCK_NAME = "io.inrvo.data.health.AnalyticsRefresher:public.admin_analytics_cache";

  private static final Logger LOG = LoggerFactory.getLogger(AnalyticsRefresher.class);

  /** Names the refresher's statements after its operation, as every statement of the library is named. */
  private static final String MARKER = "/* inrvo analytics.refresh */ ";

  // The unique index REFRESH ... CONCURRENTLY accepts: valid, on columns only, without a predicate.
  private static final String PRECONDITION = MARKER + """
      select to_regclass('public.admin_analytics_cache') is not null as view_exists,
             exists (select 1 from pg_catalog.pg_index x
                     where x.indrelid = to_regclass('public.admin_analytics_cache') and x.indisunique
                       and x.indisvalid and x.indpred is null and x.indexprs is null) as has_unique_index""";

  private static final String TRY_LOCK = MARKER + "select pg_try_advisory_xact_lock(hashtextextended(?, 0))";

  private static final String SERVICE_CONTEXT = MARKER
      + "select set_config('request.jwt.claims', ?, true), set_config('statement_timeout', ?, true)";

  private static final String REFRESH = MARKER + "select public.refresh_admin_analytics()";

  private final DataSource dataSource;
  private final Duration interval;
  private final Duration initialDelay;
  private final Duration statementTimeout;
  private final Clock clock;
  private final Consumer<RefreshOutcome> listener;
  private final Runnable afterLock;

  private final AtomicLong refreshed = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicReference<RefreshOutcome> last = new AtomicReference<>();

  private ScheduledExecutorService executor; // guarded by this
  private boolean closed; // guarded by this

  private AnalyticsRefresher(Builder builder) {
    this.dataSource = builder.dataSource;
    this.interval = builder.interval;
    this.initialDelay = builder.initialDelay;
    this.statementTimeout = builder.statementTimeout == null ? builder.interval : builder.statementTimeout;
    this.clock = builder.clock;
    this.listener = builder.listener;
    this.afterLock = builder.afterLock;
  }

  /**
   * A builder for a refresher on {@code dataSource} (a service or owner connection, see the class comment).
   *
   * @param dataSource where to refresh: a service or owner connection
   * @return a builder with the defaults described on its methods
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Checks.present(dataSource, "dataSource"));
  }

  /**
   * Starts refreshing on a daemon thread: the first attempt after the initial delay, then one
   * interval after each attempt ends. Calling it again does nothing.
   *
   * @return this refresher
   * @throws IllegalStateException when the refresher was closed
   */
  public synchronized AnalyticsRefresher start() {
    if (closed) {
      throw new IllegalStateException("the refresher was closed");
    }
    if (executor == null) {
      executor = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "inrvo-analytics-refresh");
        thread.setDaemon(true);
        return thread;
      });
      executor.scheduleWithFixedDelay(this::tick, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * Runs one attempt on the calling thread and returns its outcome. Never throws for a database
   * failure: that is a {@link RefreshOutcome.Status#FAILED} outcome, logged and counted.
    *
    * @return what the attempt did: refreshed, skipped because another instance held the lock, or failed and why
    */
  public RefreshOutcome refreshNow() {
    Instant started = clock.instant();
    RefreshOutcome outcome;
    try {
      outcome = PlainTransactions.commit(dataSource, dsl -> {
        Record pre = dsl.resultQuery(PRECONDITION).fetchSingle();
        if (!pre.get("view_exists", Boolean.class)) {
          return failure(started, "public.admin_analytics_cache does not exist");
        }
        if (!pre.get("has_unique_index", Boolean.class)) {
          return failure(started, "public.admin_analytics_cache has no valid unique index on plain columns "
              + "without WHERE, which REFRESH MATERIALIZED VIEW CONCURRENTLY requires");
        }
        if (!dsl.resultQuery(TRY_LOCK, LOCK_NAME).fetchSingle(0, Boolean.class)) {
          return new RefreshOutcome(RefreshOutcome.Status.SKIPPED_LOCKED, started, since(started),
              Optional.empty(), Optional.empty());
        }
        afterLock.run();
        dsl.resultQuery(SERVICE_CONTEXT, "{\"role\":\"service_role\"}", Long.toString(statementTimeout.toMillis()))
            .fetch();
        OffsetDateTime at = dsl.resultQuery(REFRESH).fetchSingle(0, OffsetDateTime.class);
        return new RefreshOutcome(RefreshOutcome.Status.REFRESHED, started, since(started),
            Optional.ofNullable(at).map(OffsetDateTime::toInstant), Optional.empty());
      });
    } catch (RuntimeException e) {
      LOG.warn("refresh of public.admin_analytics_cache failed; the next tick retries", e);
      outcome = failure(started, e.getMessage() == null ? e.toString() : e.getMessage());
    }
    record(outcome);
    return outcome;
  }

  /**
   * The counts of attempts so far.
   *
   * @return the counters of every attempt so far, scheduled or not
   */
  public RefreshCounters counters() {
    return new RefreshCounters(refreshed.get(), skipped.get(), failed.get());
  }

  /**
   * The outcome of the latest attempt, if there was one.
   *
   * @return the latest outcome; empty before the first attempt
   */
  public Optional<RefreshOutcome> lastOutcome() {
    return Optional.ofNullable(last.get());
  }

  /**
   * The time between attempts.
   *
   * @return the time from the end of one attempt to the start of the next
   */
  public Duration interval() {
    return interval;
  }

  /**
   * Stops the schedule: no attempt starts afterwards; one in progress may finish (waited for up to
   * 30 seconds, then interrupted). {@link #refreshNow()} keeps working. Idempotent.
   */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      closed = true;
      running = executor;
      executor = null;
    }
    if (running == null) {
      return;
    }
    running.shutdown();
    try {
      if (!running.awaitTermination(30, TimeUnit.SECONDS)) {
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void tick() {
    try {
      refreshNow();
    } catch (Throwable t) { // anything escaping would silently cancel every later run
      LOG.error("unexpected failure in the admin_analytics_cache refresher; it keeps its schedule", t);
    }
  }

  private RefreshOutcome failure(Instant started, String reason) {
    return new RefreshOutcome(RefreshOutcome.Status.FAILED, started, since(started), Optional.empty(),
        Optional.of(reason));
  }

  private Duration since(Instant started) {
    return Duration.between(started, clock.instant());
  }

  private void record(RefreshOutcome outcome) {
    switch (outcome.status()) {
      case REFRESHED -> refreshed.incrementAndGet();
      case SKIPPED_LOCKED -> skipped.incrementAndGet();
      case FAILED -> {
        failed.incrementAndGet();
        outcome.failure().ifPresent(reason -> LOG.warn("admin_analytics_cache not refreshed: {}", reason));
      }
    }
    last.set(outcome);
    try {
      listener.accept(outcome);
    } catch (RuntimeException e) {
      LOG.warn("refresh outcome listener failed", e);
    }
  }

  /** Configures an {@link AnalyticsRefresher}. */
  public static final class Builder {

    private final DataSource dataSource;
    private Duration interval = DEFAULT_INTERVAL;
    private Duration initialDelay = Duration.ZERO;
    private Duration statementTimeout;
    private Clock clock = Clock.systemUTC();
    private Consumer<RefreshOutcome> listener = outcome -> { };
    private Runnable afterLock = () -> { };

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The time from the end of one attempt to the start of the next; default {@link
     * #DEFAULT_INTERVAL}.
     *
      * @param interval the time between attempts; positive
      * @return this builder
     * @throws InvalidInputException unless positive
      */
    public Builder interval(Duration interval) {
      Checks.present(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new InvalidInputException("interval", "must be positive, got " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * The time from {@link #start()} to the first attempt; default zero, so a restarted
     * application brings a stale view up to date at once (the lock keeps simultaneous starts to
     * one refresh).
     *
      * @param initialDelay the time before the first attempt; zero or positive
      * @return this builder
     * @throws InvalidInputException when negative
      */
    public Builder initialDelay(Duration initialDelay) {
      Checks.present(initialDelay, "initialDelay");
      if (initialDelay.isNegative()) {
        throw new InvalidInputException("initialDelay", "must not be negative, got " + initialDelay);
      }
      this.initialDelay = initialDelay;
      return this;
    }

    /**
     * The transaction-local {@code statement_timeout} of the refresh; default the interval (a
     * refresh longer than that would overlap the next). Zero means no limit.
     *
      * @param statementTimeout the refresh's timeout; zero for none
      * @return this builder
     * @throws InvalidInputException when negative
      */
    public Builder statementTimeout(Duration statementTimeout) {
      Checks.present(statementTimeout, "statementTimeout");
      if (statementTimeout.isNegative()) {
        throw new InvalidInputException("statementTimeout", "must not be negative, got " + statementTimeout);
      }
      this.statementTimeout = statementTimeout;
      return this;
    }

    /**
     * The clock that stamps outcomes; default the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.present(clock, "clock");
      return this;
    }

    /**
     * Called with every outcome, on the thread that ran the attempt (the scheduler's daemon thread,
     * or the caller of {@link AnalyticsRefresher#refreshNow()}); for metrics. Its exceptions are
     * logged and ignored.
      *
      * @param listener receives every outcome
      * @return this builder
      */
    public Builder onOutcome(Consumer<RefreshOutcome> listener) {
      this.listener = Checks.present(listener, "listener");
      return this;
    }

    /** Test hook: runs inside the attempt's transaction right after the lock was taken. */
    Builder afterLock(Runnable hook) {
      this.afterLock = Checks.present(hook, "hook");
      return this;
    }

    /**
     * The refresher, not yet started.
     *
     * @return a refresher; call {@link AnalyticsRefresher#start()} to schedule it, or {@link
     *     AnalyticsRefresher#refreshNow()} to refresh once
     */
    public AnalyticsRefresher build() {
      return new AnalyticsRefresher(this);
    }
  }
}
