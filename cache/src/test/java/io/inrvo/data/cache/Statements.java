package io.inrvo.data.cache;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.StatementListener;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * The statements the library sent, as its {@link StatementListener}; the per-transaction context
 * statement ({@code set_config(...)}) is left out, so each count is of queries and writes. Can
 * park one statement after it ran, on the thread that ran it, until the test releases it: the
 * read has happened, its value is not yet back in the cache.
 */
public final class Statements implements StatementListener {

  private final List<ExecutedStatement> sent = new CopyOnWriteArrayList<>();
  private final AtomicReference<Parking> parking = new AtomicReference<>();
  private final LongAdder transactions = new LongAdder();

  @Override
  public void executed(ExecutedStatement statement) {
    if (statement.sql().startsWith("select set_config('role'")) {
      transactions.increment();
      return;
    }
    sent.add(statement);
    Parking next = parking.get();
    if (next != null && next.which.test(statement) && parking.compareAndSet(next, null)) {
      next.thread = Thread.currentThread();
      next.parked.countDown();
      Await.await(next.release, "the test to release the parked statement");
    }
  }

  /** Statements sent so far. */
  public long count() {
    return sent.size();
  }

  /** Transactions begun so far: one context statement starts each. */
  public long transactions() {
    return transactions.sum();
  }

  /** Statements sent so far that match. */
  public long count(Predicate<ExecutedStatement> which) {
    return sent.stream().filter(which).count();
  }

  /** Statements sent for sessions of this user (any kind of caller with that user id). */
  public long countFor(UUID user) {
    return count(by(user));
  }

  /** The statements sent so far. */
  public List<ExecutedStatement> all() {
    return List.copyOf(sent);
  }

  /** Parks the next statement that matches (once). */
  public Parking parkNext(Predicate<ExecutedStatement> which) {
    Parking next = new Parking(which);
    if (!parking.compareAndSet(null, next)) {
      throw new IllegalStateException("a statement is already to be parked");
    }
    return next;
  }

  /** Sent for a session of {@code user}. */
  public static Predicate<ExecutedStatement> by(UUID user) {
    return s -> s.caller().userId().map(user::equals).orElse(false);
  }

  /** A query reading {@code table} (its SQL starts with select and names the table, no function call). */
  public static Predicate<ExecutedStatement> reads(String table) {
    return s -> {
      String sql = s.sql().toLowerCase(Locale.ROOT);
      return sql.startsWith("select") && sql.contains("\"public\".\"" + table + "\"") && !sql.contains("returning");
    };
  }

  /** One statement to park. */
  public static final class Parking {
    private final Predicate<ExecutedStatement> which;
    private final CountDownLatch parked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile Thread thread;

    private Parking(Predicate<ExecutedStatement> which) {
      this.which = which;
    }

    /** Waits until the statement ran and is parked. */
    public void awaitParked() {
      Await.await(parked, "the statement to be parked");
    }

    /** The thread the parked statement runs on. */
    public Thread thread() {
      return thread;
    }

    /** Lets the parked statement's thread go on. */
    public void release() {
      release.countDown();
    }
  }
}
