package io.inrvo.data.benchmarks;

import io.inrvo.data.examples.Seed;
import io.inrvo.data.examples.Target;
import io.inrvo.data.schema.InrvoSchema;
import org.flywaydb.core.api.FlywayException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar benchmarks/target/inrvo-benchmarks.jar [--smoke] [--only PATTERN]}: the JMH
 * benchmarks on a seeded database, written to {@code BENCHMARKS.md} and {@code
 * docs/benchmarks.png} (full run, from the repository root) or to {@code target/benchmarks-smoke/}
 * (smoke run, or a partial run with {@code --only}).
 */
public final class BenchCommand {

  static final String COMMAND = "java -jar benchmarks/target/inrvo-benchmarks.jar";

  private static final String USAGE = """
      usage: java -jar benchmarks/target/inrvo-benchmarks.jar [--smoke] [--only PATTERN]
        JMH benchmarks against the raw-JDBC floor -> BENCHMARKS.md and docs/benchmarks.png
        (database 'inrvo_bench', seeded when missing; run from the repository root, about 40 min)
        --smoke         tiny data set, one short iteration each, report under target/benchmarks-smoke/
        --only PATTERN  only the benchmarks whose report row or class matches PATTERN (a regular
                        expression, e.g. 'voice-lookup', 'cache', 'WarmCacheHit', 'throughput'),
                        report under target/benchmarks-smoke/
      Database: INRVO_DB_URL (+ INRVO_DB_USER, INRVO_DB_PASSWORD), else 127.0.0.1:5432, else Testcontainers.""";

  private static final Seed.Size SMOKE = new Seed.Size(200, 10_000, 200);

  private BenchCommand() {}

  /** Runs the benchmarks; exits non-zero when the harness fails (a missed target is not a failure). */
  public static void main(String[] args) {
    // The report is the output; libraries speak up only when something is wrong.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    System.setProperty("org.jooq.no-logo", "true");
    System.setProperty("org.jooq.no-tips", "true");
    int status;
    try {
      status = run(Arrays.asList(args), System.out);
    } catch (RuntimeException e) {
      System.err.println("inrvo-benchmarks: " + e.getMessage());
      status = 1;
    }
    System.exit(status);
  }

  static int run(List<String> args, PrintStream out) {
    boolean smoke = false;
    Optional<String> only = Optional.empty();
    for (int i = 0; i < args.size(); i++) {
      switch (args.get(i)) {
        case "--smoke" -> smoke = true;
        case "--only" -> {
          if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("--only needs a pattern of report rows or benchmark classes,"
                + " e.g. 'voice-lookup'");
          }
          only = Optional.of(args.get(++i));
        }
        case "--help", "-h" -> {
          out.println(USAGE);
          return 0;
        }
        default -> throw new IllegalArgumentException("unknown option " + args.get(i)
            + "; expected [--smoke] [--only PATTERN]");
      }
    }
    BenchRunner.selected(only); // a pattern that selects nothing fails before the database is touched
    Path root = Path.of("").toAbsolutePath();
    boolean partial = smoke || only.isPresent();
    if (!partial && !Files.isRegularFile(root.resolve("benchmarks/pom.xml"))) {
      throw new IllegalStateException("run the full benchmark from the repository root (it writes BENCHMARKS.md"
          + " there); " + root + " is not it");
    }
    Seed.Size size = smoke ? SMOKE : Seed.Size.DEFAULT;
    Target target = Target.resolve(smoke ? "inrvo_bench_smoke" : "inrvo_bench");
    out.println("benchmark database: " + target);
    migrateOwn(target, out);
    if (smallerThan(target, size)) {
      Seed.seed(target.dataSource(), size, out);
    }
    vacuum(target, out);
    BenchEnvironment environment = BenchEnvironment.of(target.jdbcUrl(), target.server().user(),
        target.server().password(), smoke ? 20 : 4_000, smoke ? 50 : 300);
    Path out1 = root.resolve(partial ? "target/benchmarks-smoke" : "");
    BenchRunner.Settings settings = new BenchRunner.Settings(smoke, only,
        out1.resolve("BENCHMARKS.md"),
        partial ? out1.resolve("benchmarks.png") : root.resolve("docs/benchmarks.png"),
        root.resolve(partial ? "target/benchmarks-smoke/jmh.json" : "target/benchmarks/jmh.json"),
        COMMAND + (smoke ? " --smoke" : ""));
    int missed = BenchRunner.run(environment, settings, out);
    out.println(missed == 0 ? "every measured target holds" : missed + " target(s) missed: see the report");
    // Missed targets are findings, not a broken harness: the command succeeds when it measured.
    return 0;
  }

  /**
   * Migrates the benchmark database. The harness's own database (not one {@code INRVO_DB_URL} names)
   * is a cache of seeded data: when another build of the library migrated it with different
   * migrations, it is dropped and made again rather than failing the run.
   */
  private static void migrateOwn(Target target, PrintStream out) {
    try {
      InrvoSchema.migrate(target.dataSource());
    } catch (FlywayException e) {
      if (target.explicit()) {
        throw e;
      }
      out.println("database '" + target.database() + "' holds another build's migrations (" + firstLine(e)
          + "); it is the harness's own, so it is made again");
      target.server().dropDatabase(target.database());
      target.server().createDatabase(target.database());
      InrvoSchema.migrate(target.dataSource());
    }
  }

  private static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage()).strip();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline).strip();
  }

  /**
   * Vacuums and analyzes the data set before measuring: the write benchmarks of an earlier run
   * insert and delete the newest history rows, and the dead index entries they leave at the head
   * of the newest-first indexes would slow every newest-first read of this run (an admin page of 50
   * took 7 ms instead of 0.3 ms on a database two runs had written to).
   */
  private static void vacuum(Target target, PrintStream out) {
    long started = System.nanoTime();
    try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement()) {
      c.setAutoCommit(true);
      s.execute("vacuum (analyze) public.meditation_history, public.agent_conversations, public.users,"
          + " public.voice_profiles");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot vacuum the benchmark data set: " + e.getMessage(), e);
    }
    out.printf(java.util.Locale.ROOT, "vacuum analyze: %.1f s%n", (System.nanoTime() - started) / 1e9);
  }

  /** Whether the database holds less than {@code size} (the seed is idempotent: it adds what is missing). */
  private static boolean smallerThan(Target target, Seed.Size size) {
    try (Connection c = target.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select (select count(*) from public.users),"
            + " (select count(*) from public.meditation_history), (select count(*) from public.agent_conversations)")) {
      rs.next();
      return rs.getLong(1) < size.users() || rs.getLong(2) < size.meditations() || rs.getLong(3) < size.conversations();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot count the benchmark data set: " + e.getMessage(), e);
    }
  }
}
