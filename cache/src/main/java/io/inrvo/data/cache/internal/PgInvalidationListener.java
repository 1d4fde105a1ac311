package io.inrvo.data.cache.internal;

import io.inrvo.data.DatabaseErrors;
import io.inrvo.data.cache.FlushReason;
import io.inrvo.data.cache.InvalidationHandler;
import io.inrvo.data.cache.InvalidationListener;
import io.inrvo.data.cache.ListenerStats;
import io.inrvo.data.cache.TableChange;
import io.inrvo.data.cache.WalPosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InvalidationListener} on pgjdbc: one daemon thread that connects, LISTENs, registers its
 * {@link Heartbeat} (so that writers log changes) and waits until no transaction that may have
 * missed the registration runs, takes a snapshot of the change log ({@link ChangeLog}), flushes, then alternates a wait of one poll
 * timeout for notifications ({@code getNotifications(timeout)}) with a read of the change log, with
 * periodic {@code isValid} checks and heartbeat renewals; when the connection is lost, or the
 * heartbeat may have expired, it tells the handler at once ({@link
 * FlushReason#DISCONNECTED}) and reconnects with a jittered exponential {@link Backoff}.
 *
 * <p>It is long because the connection's whole life (connect, LISTEN, flush, poll, validate,
 * reconnect with backoff, release, close) is one loop on one thread, and its state (the connection,
 * the backoff, the counters) is read in one place; split across classes, that state would be
 * shared between them.
 */
public final class PgInvalidationListener implements InvalidationListener {

  private static final Logger LOG = LoggerFactory.getLogger(PgInvalidationListener.class);
  private static final int VALIDATION_TIMEOUT_SECONDS = 5;

  /** Timing of the listener; validated by the builder. */
  public record Settings(Duration pollTimeout, Duration validationInterval, Duration minBackoff, Duration maxBackoff) {}

  /** Opens the listener's connection. */
  private interface ConnectionSource {
    Connection open() throws SQLException;

    /** Whether the connection goes back to a pool on close, so session state must be undone. */
    boolean pooled();
  }

  private final ConnectionSource source;
  private final InvalidationHandler handler;
  private final Settings settings;
  private final Thread thread;
  private final CountDownLatch closing = new CountDownLatch(1);

  private final LongAdder notifications = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder flushes = new LongAdder();
  private final LongAdder unreadable = new LongAdder();
  private final LongAdder handlerFailures = new LongAdder();
  private final LongAdder lostConnections = new LongAdder();
  private final LongAdder failedAttemptCount = new LongAdder();
  private final LongAdder lagCount = new LongAdder();
  private final LongAdder lagTotalNanos = new LongAdder();
  private final AtomicLong lagMaxNanos = new AtomicLong();
  /** {@link ListenerStats#caughtUpTo()}: -1 until a read of the change log was handled on this connection. */
  private volatile long caughtUpTo = -1;
  /** A flush the handler failed: changes may not have reached it, so it is told of no progress until one succeeds. */
  private volatile boolean handlerBehind;
  private volatile int backendPid;

  private PgInvalidationListener(ConnectionSource source, InvalidationHandler handler, Settings settings) {
    this.source = source;
    this.handler = handler;
    this.settings = settings;
    this.thread = new Thread(this::run, "inrvo-cache-listener");
    this.thread.setDaemon(true);
  }

  /** A listener connecting with pgjdbc directly to {@code url}. */
  public static PgInvalidationListener overUrl(
      String url, Properties properties, InvalidationHandler handler, Settings settings) {
    Properties props = new Properties();
    props.setProperty("ApplicationName", "inrvo-cache-listener");
    props.setProperty("tcpKeepAlive", "true");
    props.setProperty("connectTimeout", "10");
    props.setProperty("socketTimeout", "60");
    props.putAll(properties);
    org.postgresql.Driver driver = new org.postgresql.Driver();
    ConnectionSource source = new ConnectionSource() {
      @Override
      public Connection open() throws SQLException {
        Connection connection = driver.connect(url, props);
        if (connection == null) {
          throw new SQLException("not a PostgreSQL JDBC URL (jdbc:postgresql://...)", "08001");
        }
        return connection;
      }

      @Override
      public boolean pooled() {
        return false;
      }
    };
    return new PgInvalidationListener(source, Objects.requireNonNull(handler, "handler"), settings);
  }

  /** A listener holding a connection from {@code dataSource}. */
  public static PgInvalidationListener overDataSource(
      DataSource dataSource, InvalidationHandler handler, Settings settings) {
    Objects.requireNonNull(dataSource, "dataSource");
    ConnectionSource source = new ConnectionSource() {
      @Override
      public Connection open() throws SQLException {
        return dataSource.getConnection();
      }

      @Override
      public boolean pooled() {
        return true;
      }
    };
    return new PgInvalidationListener(source, Objects.requireNonNull(handler, "handler"), settings);
  }

  /** Starts the thread; called once by the builder. */
  public void start() {
    thread.start();
  }

  @Override
  public ListenerStats stats() {
    return new ListenerStats(
        notifications.sum(), reconnects.sum(), flushes.sum(), unreadable.sum(), handlerFailures.sum(),
        lostConnections.sum(), failedAttemptCount.sum(), backendPid != 0,
        lagCount.sum(), Duration.ofNanos(lagTotalNanos.sum()), Duration.ofNanos(lagMaxNanos.get()),
        caughtUpTo < 0 ? Optional.empty() : Optional.of(new WalPosition(caughtUpTo)));
  }

  @Override
  public OptionalInt backendPid() {
    int pid = backendPid;
    return pid == 0 ? OptionalInt.empty() : OptionalInt.of(pid);
  }

  @Override
  public void close() {
    closing.countDown();
    if (Thread.currentThread() == thread) {
      return; // closed from the handler: the loop ends when the handler returns
    }
    try {
      // The thread notices within one poll timeout, or at once when it is waiting to reconnect.
      thread.join(settings.pollTimeout().toMillis() + TimeUnit.SECONDS.toMillis(VALIDATION_TIMEOUT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warn("cache listener thread did not stop in time (blocked connecting?); it stops when that returns");
    }
  }

  @Override
  public String toString() {
    return "InvalidationListener[" + stats() + "]";
  }

  private boolean closed() {
    return closing.getCount() == 0;
  }

  private void run() {
    boolean everConnected = false;
    Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff(),
        bound -> ThreadLocalRandom.current().nextLong(bound + 1));
    int failedAttempts = 0;
    long downSince = System.nanoTime();
    long lastWarned = downSince;
    while (!closed()) {
      Connection connection = null;
      Heartbeat heartbeat = null;
      boolean listening = false;
      try {
        connection = source.open();
        connection.setAutoCommit(true); // notifications arrive only between transactions
        PGConnection pg = connection.unwrap(PGConnection.class);
        try (Statement statement = connection.createStatement()) {
          statement.execute("/* inrvo cache.listen */ LISTEN " + CHANNEL);
        }
        // Writers log changes only while a listener is registered: register, and wait until every
        // transaction that may have missed the registration has ended (still degraded meanwhile).
        heartbeat = new Heartbeat(connection, settings.validationInterval());
        if (!heartbeat.register(closing, settings.pollTimeout())) {
          break; // closed while waiting (the finally block releases the connection)
        }
        ChangeLog log = new ChangeLog(connection);
        listening = true;
        backendPid = pg.getBackendPID();
        if (everConnected) {
          reconnects.increment();
          LOG.info("cache listener connected again (backend {}) after {} failed attempt(s) in {} ms; flushing caches",
              backendPid, failedAttempts, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince));
        }
        // LISTEN is active, so from here nothing is missed: flush what may have been.
        FlushReason reason = everConnected ? FlushReason.RECONNECTED : FlushReason.CONNECTED;
        // fenced at the primary's position now: a replica behind a change missed meanwhile fills no cache
        ReplicaFence.at(position(connection), () -> flush(reason));
        everConnected = true;
        failedAttempts = 0;
        backoff.reset();
        poll(connection, pg, log, heartbeat);
      } catch (SQLException | RuntimeException e) {
        if (!closed()) {
          if (listening) {
            // Changes are not heard from now on: the handler drops what it holds at once.
            backendPid = 0;
            caughtUpTo = -1; // the primary it reconnects to may be another, at lower positions
            lostConnections.increment();
            downSince = System.nanoTime();
            lastWarned = downSince;
            LOG.warn("cache listener lost its connection: {}; caches are flushed now and again on reconnecting,"
                + " retrying at most {} ms apart", DatabaseErrors.translate(e).getMessage(),
                settings.maxBackoff().toMillis());
            flush(FlushReason.DISCONNECTED);
          } else {
            failedAttempts++;
            failedAttemptCount.increment();
            lastWarned = warnWhileDown(e, failedAttempts, downSince, lastWarned, everConnected);
          }
        }
      } finally {
        backendPid = 0;
        if (closed()) {
          leave(heartbeat);
        }
        release(connection, listening);
      }
      if (!closed()) {
        try {
          if (closing.await(backoff.nextMillis(), TimeUnit.MILLISECONDS)) {
            break;
          }
        } catch (InterruptedException e) {
          break; // someone interrupted this daemon thread: stop, like close()
        }
      }
    }
  }

  /** Logs a failed attempt: the first at WARN, then one WARN a minute while it lasts; returns when it last warned. */
  private long warnWhileDown(Exception e, int failedAttempts, long downSince, long lastWarned, boolean everConnected) {
    long now = System.nanoTime();
    if (failedAttempts == 1) {
      LOG.warn("cache listener cannot connect: {}; retrying at most {} ms apart{}",
          DatabaseErrors.translate(e).getMessage(), settings.maxBackoff().toMillis(),
          everConnected ? "" : "; until it connects, caches keep entries only briefly");
      return now;
    }
    if (now - lastWarned >= TimeUnit.MINUTES.toNanos(1)) {
      LOG.warn("cache listener still cannot connect after {} attempts in {} s: {}", failedAttempts,
          TimeUnit.NANOSECONDS.toSeconds(now - downSince), DatabaseErrors.translate(e).getMessage());
      return now;
    }
    LOG.debug("cache listener attempt {} failed: {}", failedAttempts, DatabaseErrors.translate(e).getMessage());
    return lastWarned;
  }

  /** Reads notifications and the change log until closed; throws when the connection fails. */
  private void poll(Connection connection, PGConnection pg, ChangeLog log, Heartbeat heartbeat) throws SQLException {
    int pollMillis = (int) settings.pollTimeout().toMillis();
    long validationNanos = settings.validationInterval().toNanos();
    long lastValidated = System.nanoTime();
    while (!closed()) {
      PGNotification[] batch = pg.getNotifications(pollMillis); // never 0: that would wait forever
      if (batch != null && batch.length > 0) {
        long committedBy = position(connection); // after the batch's commits: fences replica reads
        for (PGNotification notification : batch) {
          ReplicaFence.at(committedBy, () -> dispatch(notification)); // what it drops (or flushes) is fenced
        }
      }
      if (closed()) {
        break;
      }
      heartbeat.keepAlive(); // throws when writers may have stopped logging: treated as a lost connection
      for (ChangeLog.Change change : log.read()) {
        dispatch(change);
      }
      caughtUp(log.caughtUpTo());
      log.trimIfDue();
      if (System.nanoTime() - lastValidated >= validationNanos) {
        if (!connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
          throw new SQLException("the listener's connection is no longer valid", "08006");
        }
        lastValidated = System.nanoTime();
      }
    }
  }

  /** The primary's log insert position now: at or past every commit whose notification has arrived. */
  private static long position(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet rs = statement.executeQuery("/* inrvo cache.position */ select pg_current_wal_insert_lsn() - '0/0'::pg_lsn")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void dispatch(PGNotification notification) {
    notifications.increment();
    Optional<TableChange> change = CHANNEL.equals(notification.getName())
        ? Payloads.parse(notification.getParameter())
        : Optional.empty();
    if (change.isEmpty()) {
      unreadable.increment();
      LOG.warn("cache listener cannot read notification on {} (payload of {} chars); flushing caches",
          notification.getName(), notification.getParameter() == null ? 0 : notification.getParameter().length());
      flush(FlushReason.UNREADABLE_NOTIFICATION);
      return;
    }
    try {
      handler.changed(change.get());
    } catch (RuntimeException e) {
      handlerFailures.increment();
      // the table and operation only: the user id is another user's value
      LOG.warn("cache invalidation handler failed on a {} of {}; flushing caches", change.get().operation(),
          change.get().table(), e);
      flush(FlushReason.HANDLER_FAILED);
    }
  }

  private void dispatch(ChangeLog.Change change) {
    notifications.increment();
    long lag = change.lag().toNanos();
    lagCount.increment();
    lagTotalNanos.add(lag);
    lagMaxNanos.accumulateAndGet(lag, Math::max);
    try {
      // fenced at the primary's position: a fill from a replica that had not replayed it is not kept
      ReplicaFence.at(change.seenAt().lsn(), () -> handler.changed(change.change(), change.seenAt()));
    } catch (RuntimeException e) {
      handlerFailures.increment();
      // the table and operation only: the user id is another user's value
      LOG.warn("cache invalidation handler failed on a {} of {}; flushing caches", change.change().operation(),
          change.change().table(), e);
      flush(FlushReason.HANDLER_FAILED);
    }
  }

  /** Every change before {@code position} went to the handler: tell it, then the stats. */
  private void caughtUp(WalPosition position) {
    if (handlerBehind || position.lsn() <= caughtUpTo) {
      return; // a change may be lost on the way, or nothing newer (a primary writing nothing)
    }
    try {
      handler.caughtUp(position);
    } catch (RuntimeException e) {
      handlerFailures.increment();
      LOG.warn("cache invalidation handler failed on reaching WAL position {}", position, e);
      return;
    }
    caughtUpTo = position.lsn(); // after the handler: the stats never claim more than it knows
  }

  private void flush(FlushReason reason) {
    flushes.increment();
    try {
      handler.flushAll(reason);
      handlerBehind = false;
    } catch (RuntimeException e) {
      handlerBehind = true;
      handlerFailures.increment();
      LOG.error("cache invalidation handler failed to flush ({}); caches may serve stale values until they expire",
          reason, e);
    }
  }

  /**
   * Deletes the listener's registration on a clean stop, then tells writers; when either fails,
   * its heartbeat expires by itself.
   */
  private static void leave(Heartbeat heartbeat) {
    if (heartbeat == null) {
      return;
    }
    try {
      heartbeat.leave();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("cache listener could not deregister (its heartbeat expires by itself): {}",
          DatabaseErrors.translate(e).getMessage());
      return;
    }
    try {
      heartbeat.departed();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("cache listener deregistered but could not tell writers (their connections may log until its"
          + " heartbeat expires): {}", DatabaseErrors.translate(e).getMessage());
    }
  }

  /** Closes the connection; a pooled one is first told to stop listening. */
  private void release(Connection connection, boolean listening) {
    if (connection == null) {
      return;
    }
    try {
      if (listening && source.pooled() && connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("/* inrvo cache.unlisten */ UNLISTEN *");
        }
      }
    } catch (SQLException | RuntimeException e) {
      LOG.debug("cache listener could not UNLISTEN before closing: {}", DatabaseErrors.translate(e).getMessage());
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      LOG.debug("cache listener could not close its connection: {}", DatabaseErrors.translate(e).getMessage());
    }
  }
}
