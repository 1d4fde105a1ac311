package io.inrvo.data.benchmarks;

import io.inrvo.data.cache.FlushReason;
import io.inrvo.data.cache.InvalidationHandler;
import io.inrvo.data.cache.InvalidationListener;
import io.inrvo.data.cache.TableChange;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * What cache change capture costs writers (report section "What writers pay for change capture",
 * row id {@code changes.writer-cost}): pgbench-style writers, each committing one-row INSERTs into
 * {@code meditation_history} in autocommit as fast as it can for a fixed time, with the change
 * capture's triggers enabled and then disabled ({@code ALTER TABLE ... DISABLE TRIGGER}), at 1 and 8
 * concurrent writers, on the same database in the same run, in interleaved rounds (the order of
 * the two alternates from round to round). A real {@link InvalidationListener} reads the change log
 * throughout, as an application instance would. Result per writer count: the median of the rounds'
 * ratios (commits per second with capture / without) and their spread. Inserted rows are deleted
 * afterwards and the triggers are enabled again, whatever happens. Then {@link CaptureFloors}: the
 * same writers on a throwaway server, against an empty trigger and a logical slot, to show what
 * any other capture would cost them.
 *
 * <p>Its own measurement, not a JMH benchmark: throughput of several threads over seconds, not the
 * latency of one call.
 */
final class WriterCost {

  /** The change capture's triggers on the measured table. */
  static final List<String> TRIGGERS =
      List.of("inrvo_cache_log_insert", "inrvo_cache_log_update", "inrvo_cache_log_delete");
  /** Concurrent writers measured. */
  static final int[] WRITERS = {1, 8};
  /** The target: capture costs writers at most this fraction of their throughput. */
  static final double MAX_COST = 0.10;

  private static final String PROMPT = "inrvo writer-cost benchmark";

  /** One writer count's rounds: commits per second with and without the capture, per round. */
  record Series(int writers, List<Double> with, List<Double> without) {

    List<Double> ratios() {
      return Workers.ratios(with, without);
    }

    double medianRatio() {
      return Workers.median(ratios());
    }

    boolean passes() {
      return medianRatio() >= 1 - MAX_COST;
    }
  }

  /** The whole measurement: one series per writer count, how long each run lasted, and the capture's floors. */
  record Result(List<Series> series, Duration perRun, int rounds, CaptureFloors.Result floors) {}

  private WriterCost() {}

  /** Measures on {@code environment}'s database; {@code smoke} makes it a short run. */
  static Result measure(BenchEnvironment environment, boolean smoke, PrintStream out) {
    int rounds = smoke ? 1 : 5;
    Duration perRun = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(8);
    out.printf(Locale.ROOT, "%nchange capture's cost to writers: %d round(s) of %d s per run, writers %s%n", rounds,
        perRun.toSeconds(), java.util.Arrays.toString(WRITERS));
    List<Series> series = new ArrayList<>();
    for (int writers : WRITERS) {
      series.add(new Series(writers, new ArrayList<>(), new ArrayList<>()));
    }
    InvalidationListener listener = InvalidationListener.builder(new Ignoring())
        .jdbcUrl(environment.jdbcUrl(), environment.user(), environment.password()).start();
    try (var pool = environment.pool(WRITERS[WRITERS.length - 1] + 1)) {
      List<UUID> users = BenchEnvironment.uuids(pool, "select id from public.users order by md5(id::text) limit 2000");
      try {
        for (int round = 1; round <= rounds; round++) {
          for (Series s : series) {
            boolean withFirst = round % 2 == 1;
            for (boolean with : new boolean[] {withFirst, !withFirst}) {
              capture(pool, with);
              double tps = run(pool, users, s.writers(), perRun);
              (with ? s.with() : s.without()).add(tps);
              out.printf(Locale.ROOT, "  round %d, %d writer(s), capture %s: %,.0f commits/s%n", round, s.writers(),
                  with ? "on " : "off", tps);
            }
          }
        }
      } finally {
        capture(pool, true);
        BenchEnvironment.execute(pool, "delete from public.meditation_history where prompt = '" + PROMPT + "'");
      }
    } finally {
      listener.close();
    }
    return new Result(series, perRun, rounds, CaptureFloors.measure(smoke, out));
  }

  /** Enables or disables the capture's triggers on {@code meditation_history}. */
  static void capture(DataSource pool, boolean on) {
    for (String trigger : TRIGGERS) {
      BenchEnvironment.execute(pool, "alter table public.meditation_history " + (on ? "enable" : "disable")
          + " trigger " + trigger);
    }
  }

  /** Commits per second of {@code writers} threads inserting one row per transaction for {@code time}. */
  static double run(DataSource pool, List<UUID> users, int writers, Duration time) {
    LongAdder commits = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    long[] window = new long[2];
    for (int w = 0; w < writers; w++) {
      int offset = w * 7919;
      Thread t = new Thread(() -> {
        try (Connection c = pool.getConnection();
            PreparedStatement ps = c.prepareStatement(
                "insert into public.meditation_history (user_id, prompt) values (?, '" + PROMPT + "')")) {
          c.setAutoCommit(true);
          start.await();
          long end = window[1];
          for (int i = offset; System.nanoTime() - end < 0; i++) {
            ps.setObject(1, users.get(Math.floorMod(i, users.size())));
            ps.executeUpdate();
            commits.increment();
          }
        } catch (SQLException | RuntimeException | InterruptedException e) {
          failures.add(e);
        }
      }, "writer-cost-" + w);
      threads.add(t);
      t.start();
    }
    Workers.run(threads, start, window, time, "writers");
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a writer failed: " + failures.get(0), failures.get(0));
    }
    return commits.sum() / ((System.nanoTime() - window[0]) / 1e9);
  }

  /** The report's section. */
  static String section(Result r) {
    StringBuilder md = new StringBuilder();
    md.append("\n## What writers pay for change capture (`changes.writer-cost`)\n\n");
    md.append(String.format(Locale.ROOT, "Writers commit one-row INSERTs into `meditation_history` in autocommit"
        + " (pgbench-style), %d round(s) of %d s per run, the change capture's triggers enabled and disabled in"
        + " alternating order on the same database, a real `InvalidationListener` reading the change log"
        + " throughout. Target: capture costs writers at most %.0f%% of their throughput (ratio >= %.2f).%n%n",
        r.rounds(), r.perRun().toSeconds(), MAX_COST * 100, 1 - MAX_COST));
    md.append("| writers | commits/s with capture (median) | without (median) | ratio (median of rounds) |"
        + " ratio per round (min-max) | verdict |\n");
    md.append("|---:|---:|---:|---:|---:|---|\n");
    for (Series s : r.series()) {
      md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %s | %s | **%s** |%n", s.writers(),
          Workers.median(s.with()), Workers.median(s.without()), Ratios.beside(s.medianRatio(), 1 - MAX_COST),
          Workers.spread(s.ratios()),
          s.passes() ? "PASS" : "FAIL"));
    }
    md.append("\nThe capture: one statement-level trigger per statement kind, which adds one row per"
        + " changed row (its owner) to the unlogged `inrvo_private.cache_changes` (keyed by transaction id and an"
        + " identity number, so nothing to check) with one `INSERT ... SELECT`, while a listener is alive:"
        + " a writer's connection reads `inrvo_private.cache_listeners` until it finds one, then only"
        + " once that heartbeat's 30 seconds have passed or a listener has left. The listener reads the"
        + " log by snapshot every 25 ms and reports each change once."
        + " Writers take no lock beyond their rows', so their commits still group. The design it"
        + " replaced (a row trigger sending `pg_notify`, whose commit holds the cluster's notification"
        + " lock through the WAL flush) measured 0.72-0.80x at 1 writer and 0.33-0.66x at 8.\n");
    md.append(CaptureFloors.section(r.floors()));
    return md.toString();
  }

  /** A handler that drops nothing: the benchmark has no caches, it only keeps the listener reading. */
  static final class Ignoring implements InvalidationHandler {
    @Override
    public void changed(TableChange change) {}

    @Override
    public void flushAll(FlushReason reason) {}
  }
}
