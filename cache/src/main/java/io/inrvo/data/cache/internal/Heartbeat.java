package io.inrvo.data.cache.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One connection's registration as a cache listener in {@code inrvo_private.cache_listeners}:
 * writers log changes only while some listener's heartbeat is younger than {@link
 * #SERVER_BOUND_SECONDS} seconds. {@link #register} registers under a fresh id and returns only
 * once every transaction that may have missed the registration has ended, so that from then on
 * every change is logged; {@link #keepAlive} renews the heartbeat about every {@code interval}
 * and throws once the heartbeat may have expired: when its last successful renewal began {@link
 * #LAPSE_SECONDS} seconds ago or more (a long pause, a slow server), or when the row was found
 * expired. The caller then treats the listener as disconnected. Not thread-safe: the listener's
 * thread only.
 */
final class Heartbeat {

  /** The age at which writers stop counting a heartbeat (the migration's bound). */
  static final int SERVER_BOUND_SECONDS = 30;
  /** The age of its last successful renewal at which a listener counts itself expired. */
  static final int LAPSE_SECONDS = 20;
  private static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

  /** Names the heartbeat's statements in {@code pg_stat_statements} and traces. */
  private static final String NAMED = "/* inrvo cache.heartbeat */ ";
  private static final String BEAT = NAMED + "select inrvo_private.cache_listener_beat(?)";
  private static final String BOUNDARY = NAMED + "select inrvo_private.cache_listener_boundary()";
  private static final String SETTLED = NAMED + "select inrvo_private.cache_listener_settled(?)";
  private static final String LEAVE = NAMED + "select inrvo_private.cache_listener_leave(?)";
  private static final String DEPARTED = NAMED + "select inrvo_private.cache_listener_departed()";

  private final Connection connection;
  private final UUID id = UUID.randomUUID();
  private final long intervalNanos;
  private long lastBeat;

  /** A heartbeat on {@code connection} (autocommit), renewed about every {@code interval} (at most 5 s). */
  Heartbeat(Connection connection, Duration interval) {
    this.connection = connection;
    this.intervalNanos = (interval.compareTo(MAX_INTERVAL) < 0 ? interval : MAX_INTERVAL).toNanos();
  }

  /**
   * Registers, then waits (renewing the heartbeat, checking {@code closing} every {@code poll})
   * until every transaction that could have missed the registration has ended.
   *
   * @return false when closed while waiting
   */
  boolean register(CountDownLatch closing, Duration poll) throws SQLException {
    beat();
    String boundary;
    try (PreparedStatement ps = connection.prepareStatement(BOUNDARY); ResultSet rs = ps.executeQuery()) {
      rs.next();
      boundary = rs.getString(1);
    }
    try (PreparedStatement settled = connection.prepareStatement(SETTLED)) {
      settled.setString(1, boundary);
      while (true) {
        try (ResultSet rs = settled.executeQuery()) {
          rs.next();
          if (rs.getBoolean(1)) {
            return true;
          }
        }
        keepAlive();
        try {
          if (closing.await(poll.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
  }

  /** Renews the heartbeat when due; throws when it may have expired. */
  void keepAlive() throws SQLException {
    long age = System.nanoTime() - lastBeat;
    if (age >= TimeUnit.SECONDS.toNanos(LAPSE_SECONDS)) {
      throw new SQLException("the cache listener's heartbeat may have expired (last renewed "
          + TimeUnit.NANOSECONDS.toMillis(age) + " ms ago): writers may have stopped logging changes", "08006");
    }
    if (age >= intervalNanos && beat()) {
      throw new SQLException("the cache listener's heartbeat had expired: writers may have stopped logging changes",
          "08006");
    }
  }

  /**
   * Deletes the registration (a clean stop); writers stop logging when no other listener is alive,
   * once told by {@link #departed}.
   */
  void leave() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(LEAVE)) {
      ps.setObject(1, id);
      ps.execute();
    }
  }

  /**
   * Tells writers that a listener left, after {@link #leave} committed (autocommit: a transaction of
   * its own): a writer's connection remembers a live listener until its heartbeat expires unless
   * one leaves, and when it looks again it must find the deletion committed.
   */
  void departed() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(DEPARTED)) {
      ps.execute();
    }
  }

  /** Upserts the heartbeat; true when the row was not alive before (a registration). */
  private boolean beat() throws SQLException {
    long started = System.nanoTime();
    boolean registered;
    try (PreparedStatement ps = connection.prepareStatement(BEAT)) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        registered = rs.getBoolean(1);
      }
    }
    lastBeat = started;
    return registered;
  }
}
