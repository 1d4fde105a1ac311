package io.inrvo.data.benchmarks;

import io.inrvo.data.cache.FlushReason;
import io.inrvo.data.cache.InvalidationHandler;
import io.inrvo.data.cache.InvalidationListener;
import io.inrvo.data.cache.TableChange;
import io.inrvo.data.schema.DatabaseServer;
import io.inrvo.data.schema.InrvoSchema;
import io.inrvo.data.testing.TestUsers;
import io.inrvo.data.testing.server.PostgresCluster;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
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
 * afterwards and the triggers are enabled again, whatever happens. Then the {@link Floors}: the
 * same writers on a throwaway server, against an empty trigger and a logical slot, to show what
 * any other capture would cost them.
 *
 * <p>Its own measurement, not a JMH benchmark: throughput of several threads over seconds, not the
 * latency of one call.
 */
final class WriterCost {

  /** The capture's triggers on the measured table (migration V16). */
  static final List<String> TRIGGERS =
      List.of("inrvo_cache_log_insert", "inrvo_cache_log_update", "inrvo_cache_log_delete");
  /** Concurrent writers measured. */
  static final int[] WRITERS = {1, 8};
  /** The target: capture costs writers at most this fraction of their throughput. */
  static final double MAX_COST = 0.10;

  private static final String PROMPT = "inrvo writer-cost benchmark";
  private static final String FLOORS_DATABASE = "inrvo_bench_writer_cost";
  private static final int FLOORS_USERS = 50;

  /** One writer count's rounds: commits per second with and without the capture, per round. */
  record Series(int writers, List<Double> with, List<Double> without) {

    List<Double> ratios() {
      List<Double> r = new ArrayList<>();
      for (int i = 0; i < with.size(); i++) {
        r.add(with.get(i) / without.get(i));
      }
      return r;
    }

    double medianRatio() {
      return Workers.median(ratios());
    }

    boolean passes() {
      return medianRatio() >= 1 - MAX_COST;
    }
  }

  /** The whole measurement: one series per writer count, how long each run lasted, and the capture's floors. */
  record Result(List<Series> series, Duration perRun, int rounds, Floors floors) {}

  /**
   * What writers pay on a throwaway server of their own ({@code wal_level = logical}, durable
   * commits) for each way to capture changes, against no capture at all, in interleaved rounds: the
   * cheapest trigger there is (an empty statement-level one), the library's capture, and a logical
   * replication slot read every 25 ms with no trigger (what capture that reads the WAL costs).
   */
  record Floors(List<FloorSeries> series, Duration perRun, int rounds) {}

  /** One writer count's commits per second in each mode, per round. */
  record FloorSeries(int writers, Map<Mode, List<Double>> tps) {

    /** The rounds' ratios of {@code mode} to {@link Mode#NONE}. */
    List<Double> ratios(Mode mode) {
      List<Double> r = new ArrayList<>();
      for (int i = 0; i < tps.get(mode).size(); i++) {
        r.add(tps.get(mode).get(i) / tps.get(Mode.NONE).get(i));
      }
      return r;
    }
  }

  /** How a floors run captures changes. */
  enum Mode {
    NONE("no capture"),
    EMPTY_TRIGGER("an empty statement trigger"),
    CAPTURE("the library's capture"),
    LOGICAL_SLOT("a logical slot read every 25 ms");

    final String label;

    Mode(String label) {
      this.label = label;
    }
  }

  private WriterCost() {}

  /** Measures on {@code environment}'s database; {@code smoke} makes it a short run. */
  static Result measure(BenchEnvironment environment, boolean smoke, PrintStream out) {
    int rounds = smoke ? 1 : 5;
    Duration perRun = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(8);
    out.printf(Locale.ROOT, "%nchange capture's cost to writers: %d round(s) of %d s per run, writers %s%n", rounds,
        perRun.toSeconds(), java.util.Arrays.toString(WRITERS));
    InvalidationListener listener = InvalidationListener.builder(new Ignoring())
        .jdbcUrl(environment.jdbcUrl(), environment.user(), environment.password()).start();
    try (var pool = environment.pool(WRITERS[WRITERS.length - 1] + 1)) {
      List<UUID> users = BenchEnvironment.uuids(pool, "select id from public.users order by md5(id::text) limit 2000");
      List<Series> series = new ArrayList<>();
      for (int writers : WRITERS) {
        series.add(new Series(writers, new ArrayList<>(), new ArrayList<>()));
      }
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
      listener.close();
      return new Result(series, perRun, rounds, floors(smoke, out));
    } finally {
      listener.close();
    }
  }

  /** {@link Floors}, on a throwaway server started for them and removed after. */
  private static Floors floors(boolean smoke, PrintStream out) {
    int rounds = smoke ? 1 : 3;
    Duration perRun = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(8);
    out.printf(Locale.ROOT, "%nthe capture's floors on a throwaway server (wal_level = logical): %d round(s) of %d s"
        + " per run%n", rounds, perRun.toSeconds());
    try (PostgresCluster server = PostgresCluster.builder().name("bench-writer-cost").setting("fsync", "on")
        .setting("wal_level", "logical").setting("max_replication_slots", "4").start()) {
      DatabaseServer database = server.server();
      database.createDatabase(FLOORS_DATABASE);
      DataSource admin = database.dataSource(FLOORS_DATABASE);
      InrvoSchema.migrate(admin);
      List<UUID> users = new ArrayList<>();
      for (int i = 0; i < FLOORS_USERS; i++) {
        users.add(TestUsers.create(admin, "writer-" + i + "@inrvo.test"));
      }
      BenchEnvironment.execute(admin, "create function public.inrvo_bench_noop() returns trigger language plpgsql"
          + " as $$ begin return null; end $$");
      BenchEnvironment.execute(admin, "create trigger inrvo_bench_noop after insert on public.meditation_history"
          + " for each statement execute function public.inrvo_bench_noop()");
      String url = database.jdbcUrl(FLOORS_DATABASE);
      InvalidationListener listener = InvalidationListener.builder(new Ignoring())
          .jdbcUrl(url, database.user(), database.password()).start();
      try (var pool = BenchEnvironment.pool(url, database.user(), database.password(),
          WRITERS[WRITERS.length - 1] + 1)) {
        List<FloorSeries> series = new ArrayList<>();
        for (int writers : WRITERS) {
          Map<Mode, List<Double>> tps = new EnumMap<>(Mode.class);
          for (Mode mode : Mode.values()) {
            tps.put(mode, new ArrayList<>());
          }
          series.add(new FloorSeries(writers, tps));
        }
        List<Mode> modes = new ArrayList<>(List.of(Mode.values()));
        for (int round = 1; round <= rounds; round++) {
          for (FloorSeries s : series) {
            for (Mode mode : modes) {
              double tps = floorRun(pool, url, database, users, s.writers(), perRun, mode);
              s.tps().get(mode).add(tps);
              out.printf(Locale.ROOT, "  round %d, %d writer(s), %s: %,.0f commits/s%n", round, s.writers(),
                  mode.label, tps);
            }
          }
          java.util.Collections.rotate(modes, 1); // no mode always runs first or after the same one
        }
        return new Floors(series, perRun, rounds);
      } finally {
        listener.close();
      }
    }
  }

  private static double floorRun(DataSource pool, String url, DatabaseServer database, List<UUID> users,
      int writers, Duration time, Mode mode) {
    capture(pool, mode == Mode.CAPTURE);
    BenchEnvironment.execute(pool, "alter table public.meditation_history " + (mode == Mode.EMPTY_TRIGGER ? "enable"
        : "disable") + " trigger inrvo_bench_noop");
    if (mode != Mode.LOGICAL_SLOT) {
      return run(pool, users, writers, time);
    }
    SlotReader reader = new SlotReader(url, database);
    try {
      return run(pool, users, writers, time);
    } finally {
      reader.close();
    }
  }

  private static void capture(DataSource pool, boolean on) {
    for (String trigger : TRIGGERS) {
      BenchEnvironment.execute(pool, "alter table public.meditation_history " + (on ? "enable" : "disable")
          + " trigger " + trigger);
    }
  }

  /** Commits per second of {@code writers} threads inserting one row per transaction for {@code time}. */
  private static double run(DataSource pool, List<UUID> users, int writers, Duration time) {
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
      List<Double> ratios = s.ratios();
      md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2fx | %.2f-%.2f | **%s** |%n", s.writers(),
          Workers.median(s.with()), Workers.median(s.without()), s.medianRatio(),
          ratios.stream().min(Comparator.naturalOrder()).orElseThrow(),
          ratios.stream().max(Comparator.naturalOrder()).orElseThrow(), s.passes() ? "PASS" : "FAIL"));
    }
    md.append("\nThe capture (migration V16): one statement-level trigger per statement kind, which adds one row per"
        + " changed user to the unlogged `inrvo_private.cache_changes`; the listener reads it by snapshot every"
        + " 25 ms. Writers take no lock beyond their rows', so their commits still group. The design it"
        + " replaced (V10: a row trigger sending `pg_notify`, whose commit holds the cluster's notification"
        + " lock through the WAL flush) measured 0.72-0.80x at 1 writer and 0.33-0.66x at 8.\n");
    md.append(floorsSection(r.floors()));
    return md.toString();
  }

  private static String floorsSection(Floors f) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%nWhat other ways to capture changes would cost the same writers,"
        + " measured on a throwaway server of their own (`wal_level = logical`, durable commits, the library's"
        + " schema, %d users), %d round(s) of %d s per mode, the modes in rotating order: commits/s without any"
        + " capture, then each mode's ratio to it (median of rounds, min-max). The empty trigger is a statement-level"
        + " PL/pgSQL trigger that returns at once: the least any trigger costs a writer. The logical slot"
        + " (`test_decoding`, temporary) is read to its end every 25 ms with `pg_logical_slot_get_changes`, no"
        + " trigger: what capture that reads the WAL instead costs writers when the server decodes their"
        + " changes on the same cores.%n%n", FLOORS_USERS, f.rounds(), f.perRun().toSeconds()));
    md.append("| writers | no capture (commits/s) |");
    for (Mode mode : Mode.values()) {
      if (mode != Mode.NONE) {
        md.append(' ').append(mode.label).append(" |");
      }
    }
    md.append("\n|---:|---:|---:|---:|---:|\n");
    for (FloorSeries s : f.series()) {
      md.append(String.format(Locale.ROOT, "| %d | %,.0f |", s.writers(), Workers.median(s.tps().get(Mode.NONE))));
      for (Mode mode : Mode.values()) {
        if (mode != Mode.NONE) {
          List<Double> ratios = s.ratios(mode);
          md.append(String.format(Locale.ROOT, " %.2fx (%.2f-%.2f) |", Workers.median(ratios),
              ratios.stream().min(Comparator.naturalOrder()).orElseThrow(),
              ratios.stream().max(Comparator.naturalOrder()).orElseThrow()));
        }
      }
      md.append('\n');
    }
    return md.toString();
  }

  /**
   * A temporary logical replication slot ({@code test_decoding}) on its own connection, read to
   * its end every 25 ms with {@code pg_logical_slot_get_changes} while open: the server decodes
   * every write, as a listener reading the WAL would make it. Closing it drops the slot.
   */
  private static final class SlotReader implements AutoCloseable {
    private final Connection connection;
    private final Thread reader;
    private volatile boolean open = true;
    private volatile Exception failure;

    SlotReader(String url, DatabaseServer database) {
      try {
        connection = java.sql.DriverManager.getConnection(url, database.user(), database.password());
        try (var st = connection.createStatement()) {
          st.execute("select pg_create_logical_replication_slot('inrvo_bench_writer_cost', 'test_decoding', true)");
        }
      } catch (SQLException e) {
        throw new IllegalStateException("cannot create the logical slot: " + e.getMessage(), e);
      }
      reader = new Thread(this::read, "writer-cost-slot-reader");
      reader.start();
    }

    private void read() {
      try (PreparedStatement ps = connection.prepareStatement(
          "select count(*) from pg_logical_slot_get_changes('inrvo_bench_writer_cost', null, null)")) {
        while (open) {
          ps.executeQuery().close();
          java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(25).toNanos());
        }
      } catch (SQLException e) {
        failure = e;
      }
    }

    @Override
    public void close() {
      open = false;
      try {
        reader.join();
        connection.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (SQLException ignored) {
        // the temporary slot goes with the connection either way
      }
      if (failure != null) {
        throw new IllegalStateException("the slot reader failed: " + failure.getMessage(), failure);
      }
    }
  }

  /** A handler that drops nothing: the benchmark has no caches, it only keeps the listener reading. */
  private static final class Ignoring implements InvalidationHandler {
    @Override
    public void changed(TableChange change) {}

    @Override
    public void flushAll(FlushReason reason) {}
  }
}
