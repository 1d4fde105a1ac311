package io.inrvo.data.benchmarks;

import io.inrvo.data.cache.InvalidationListener;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What writers pay on a throwaway server of their own ({@code wal_level = logical}, durable
 * commits, the library's schema) for each way to capture changes, against no capture at all, in
 * rounds whose mode order rotates: the cheapest trigger there is (an empty statement-level one),
 * the least a trigger that logs anything costs (one constant row into an unlogged table), the
 * least a log that listeners can read costs (each new row's owner into an unlogged table indexed by
 * transaction id), that log with the fixed {@code search_path} Supabase's linter asks of every
 * function, the library's capture (with a live {@link InvalidationListener}, as in {@link
 * WriterCost}), and a logical replication slot read every 25 ms with no trigger (what capture that
 * reads the WAL costs). The floors of {@link WriterCost}'s target, shown beside it.
 */
final class CaptureFloors {

  private static final String DATABASE = "inrvo_bench_writer_cost";
  private static final int USERS = 50;
  /**
   * The least a log that listeners can read costs: each new row's owner, keyed by its transaction
   * so that a reader's range scan finds what committed since its last read (no definer rights, no
   * listener check, no identity column, no time to trim by).
   */
  private static final String READABLE_LOG_BODY = "insert into public.inrvo_bench_changes (t, u, op)"
      + " select TG_TABLE_NAME, n.user_id, 'I' from new_rows n; return null;";

  /** One series per writer count, and how long each run lasted. */
  record Result(List<FloorSeries> series, Duration perRun, int rounds) {}

  /** One writer count's commits per second in each mode, per round. */
  record FloorSeries(int writers, Map<Mode, List<Double>> tps) {

    /** The rounds' ratios of {@code mode} to {@link Mode#NONE}. */
    List<Double> ratios(Mode mode) {
      return Workers.ratios(tps.get(mode), tps.get(Mode.NONE));
    }
  }

  /** How a floors run captures changes. */
  enum Mode {
    NONE("no capture", null),
    EMPTY_TRIGGER("an empty statement trigger", "return null;"),
    LEAST_LOG("a statement trigger adding one row to an unlogged table",
        "insert into public.inrvo_bench_log values (1); return null;"),
    READABLE_LOG("a statement trigger logging each new row's owner to an unlogged table indexed by transaction",
        READABLE_LOG_BODY, true, ""),
    LINT_CLEAN_LOG("the same with `search_path = ''`", READABLE_LOG_BODY, true, "set search_path = ''"),
    CAPTURE("the library's capture", null),
    LOGICAL_SLOT("a logical slot read every 25 ms", null);

    final String label;
    /** The PL/pgSQL body of this mode's own statement trigger on inserts, or null when it has none. */
    final String triggerBody;
    /** Whether that trigger gets the statement's new rows as the transition table {@code new_rows}. */
    final boolean transitionTable;
    /** Options of the trigger's function, such as a fixed {@code search_path}. */
    final String functionOptions;

    Mode(String label, String triggerBody) {
      this(label, triggerBody, false, "");
    }

    Mode(String label, String triggerBody, boolean transitionTable, String functionOptions) {
      this.label = label;
      this.triggerBody = triggerBody;
      this.transitionTable = transitionTable;
      this.functionOptions = functionOptions;
    }

    /** The name of this mode's trigger and of its function. */
    String trigger() {
      return "inrvo_bench_" + name().toLowerCase(Locale.ROOT);
    }
  }

  private CaptureFloors() {}

  /** Measures on a throwaway server started for it and removed after; {@code smoke} makes it a short run. */
  static Result measure(boolean smoke, PrintStream out) {
    int rounds = smoke ? 1 : 3;
    Duration perRun = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(8);
    out.printf(Locale.ROOT, "%nthe capture's floors on a throwaway server (wal_level = logical): %d round(s) of %d s"
        + " per run%n", rounds, perRun.toSeconds());
    try (PostgresCluster server = PostgresCluster.builder().name("bench-writer-cost").setting("fsync", "on")
        .setting("wal_level", "logical").setting("max_replication_slots", "4").start()) {
      DatabaseServer database = server.server();
      database.createDatabase(DATABASE);
      DataSource admin = database.dataSource(DATABASE);
      InrvoSchema.migrate(admin);
      List<UUID> users = new ArrayList<>();
      for (int i = 0; i < USERS; i++) {
        users.add(TestUsers.create(admin, "writer-" + i + "@inrvo.test"));
      }
      BenchEnvironment.execute(admin, "create unlogged table public.inrvo_bench_log (x int)");
      BenchEnvironment.execute(admin, "create unlogged table public.inrvo_bench_changes (xid xid8 not null default"
          + " pg_catalog.pg_current_xact_id(), t text not null, op \"char\" not null, u uuid not null)");
      BenchEnvironment.execute(admin, "create index on public.inrvo_bench_changes (xid)");
      for (Mode mode : Mode.values()) {
        if (mode.triggerBody != null) {
          BenchEnvironment.execute(admin, "create function public." + mode.trigger() + "() returns trigger"
              + " language plpgsql " + mode.functionOptions + " as $$ begin " + mode.triggerBody + " end $$");
          BenchEnvironment.execute(admin, "create trigger " + mode.trigger() + " after insert on"
              + " public.meditation_history" + (mode.transitionTable ? " referencing new table as new_rows" : "")
              + " for each statement execute function public." + mode.trigger() + "()");
        }
      }
      String url = database.jdbcUrl(DATABASE);
      InvalidationListener listener = InvalidationListener.builder(new WriterCost.Ignoring())
          .jdbcUrl(url, database.user(), database.password()).start();
      try (var pool = BenchEnvironment.pool(url, database.user(), database.password(),
          WriterCost.WRITERS[WriterCost.WRITERS.length - 1] + 1)) {
        List<FloorSeries> series = new ArrayList<>();
        for (int writers : WriterCost.WRITERS) {
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
              double tps = floorRun(pool, admin, users, s.writers(), perRun, mode);
              s.tps().get(mode).add(tps);
              out.printf(Locale.ROOT, "  round %d, %d writer(s), %s: %,.0f commits/s%n", round, s.writers(),
                  mode.label, tps);
            }
          }
          java.util.Collections.rotate(modes, 1); // no mode always runs first, on the freshest server
        }
        return new Result(series, perRun, rounds);
      } finally {
        listener.close();
      }
    }
  }

  private static double floorRun(DataSource pool, DataSource admin, List<UUID> users, int writers, Duration time,
      Mode mode) {
    WriterCost.capture(pool, mode == Mode.CAPTURE);
    for (Mode other : Mode.values()) {
      if (other.triggerBody != null) {
        BenchEnvironment.execute(pool, "alter table public.meditation_history " + (other == mode ? "enable" : "disable")
            + " trigger " + other.trigger());
      }
    }
    if (mode != Mode.LOGICAL_SLOT) {
      return WriterCost.run(pool, users, writers, time);
    }
    SlotReader reader = new SlotReader(admin);
    try {
      return WriterCost.run(pool, users, writers, time);
    } finally {
      reader.close();
    }
  }

  /** The report's table, below the capture's own. */
  static String section(Result f) {
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "%nWhat other ways to capture changes would cost the same writers,"
        + " measured on a throwaway server of their own (`wal_level = logical`, durable commits, the library's"
        + " schema, %d users), %d round(s) of %d s per mode, the modes in rotating order: commits/s without any"
        + " capture, then each mode's ratio to it (median of rounds, min-max). The empty trigger is a statement-level"
        + " PL/pgSQL trigger that returns at once: the least any trigger costs a writer. The one-row trigger is"
        + " the least a trigger that logs anything costs: a plain statement-level PL/pgSQL trigger (no definer"
        + " rights, no transition table, no check) inserting one constant row into an unlogged table without"
        + " index. The indexed log is the least a log that listeners can read costs: the same trigger given the"
        + " statement's new rows (a transition table) and adding each one's owner, with the transaction's id, to"
        + " an unlogged table whose B-tree on that id lets a reader find what committed since its last read (no"
        + " definer rights, no listener check, no identity column, no time to trim by; nobody reads it here). The"
        + " same with `search_path = ''` is that log as Supabase's linter accepts a function"
        + " (`function_search_path_mutable` warns about any other), as the library's capture is. The logical slot"
        + " (`test_decoding`, temporary) is read to its end every 25 ms with `pg_logical_slot_get_changes`, no"
        + " trigger: what capture that reads the WAL instead costs writers when the server decodes their"
        + " changes on the same cores.%n%n", USERS, f.rounds(), f.perRun().toSeconds()));
    md.append("| writers | no capture (commits/s) |");
    for (Mode mode : Mode.values()) {
      if (mode != Mode.NONE) {
        md.append(' ').append(mode.label).append(" |");
      }
    }
    md.append("\n|---:|---:|").append("---:|".repeat(Mode.values().length - 1)).append('\n');
    for (FloorSeries s : f.series()) {
      md.append(String.format(Locale.ROOT, "| %d | %,.0f |", s.writers(), Workers.median(s.tps().get(Mode.NONE))));
      for (Mode mode : Mode.values()) {
        if (mode != Mode.NONE) {
          List<Double> ratios = s.ratios(mode);
          md.append(String.format(Locale.ROOT, " %.2fx (%s) |", Workers.median(ratios), Workers.spread(ratios)));
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

    SlotReader(DataSource database) {
      try {
        connection = database.getConnection();
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
}
