package io.inrvo.data.benchmarks;

import io.inrvo.data.benchmarks.Fixtures.VoiceProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Start-up time to the first result (report section "Start-up: JVM start to the first result",
 * id {@code startup.first-result}): fresh JVMs ({@link StartupProbe}, the same java binary and
 * class path as this one), alternating library and raw JDBC, each creating a HikariCP pool of
 * {@value StartupProbe#POOL_SIZE} and making one voice-profile lookup: {@code Inrvo.create(pool)}
 * with its defaults then {@code asService().voiceProfiles().lookup(id, owner)}, or the library's
 * query text as one prepared statement. Each JVM reports milliseconds since it started at each
 * step and the classes it had loaded. Result: the medians of each side and their ratio. A third
 * side, the library with its startup schema check off, separates what the check costs.
 *
 * <p>Its own measurement, not a JMH benchmark: what is measured is a JVM's first second, which a
 * JMH fork warms past.
 */
final class Startup {

  /** The target: a fresh JVM reaches its first library result in at most this multiple of raw JDBC's time. */
  static final double MAX_RATIO = 2.0;

  /** One fresh JVM's figures (milliseconds since the JVM started; classes loaded at that point). */
  record Run(String mode, long main, long pool, long built, long first, double second, int classesPool,
      int classesBuilt, int classesFirst) {

    static Run parse(String line) {
      Map<String, String> v = new HashMap<>();
      for (String pair : line.substring(StartupProbe.PREFIX.length()).trim().split(" ")) {
        int eq = pair.indexOf('=');
        v.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return new Run(v.get("mode"), Long.parseLong(v.get("main")), Long.parseLong(v.get("pool")),
          Long.parseLong(v.get("built")), Long.parseLong(v.get("first")), Double.parseDouble(v.get("second")),
          Integer.parseInt(v.get("classes.pool")), Integer.parseInt(v.get("classes.built")),
          Integer.parseInt(v.get("classes.first")));
    }
  }

  /** Every JVM's figures, library and raw JDBC, and the load average around them. */
  record Result(List<Run> library, List<Run> jdbc, List<Run> unchecked, List<Run> jooq, List<Run> cdsLibrary,
      List<Run> cdsJdbc, double loadBefore, double loadAfter) {

    /** Plain jOOQ's first result over raw JDBC's: what building SQL with jOOQ costs a fresh JVM by itself. */
    double jooqRatio() {
      return median(jooq, Run::first) / median(jdbc, Run::first);
    }

    /** The ratio when each side runs with a class-data-sharing archive of its own training run. */
    double cdsRatio() {
      return median(cdsLibrary, Run::first) / median(cdsJdbc, Run::first);
    }

    double ratio() {
      return median(library, Run::first) / median(jdbc, Run::first);
    }

    boolean passes() {
      return ratio() <= MAX_RATIO;
    }
  }

  private Startup() {}

  /** Measures on {@code environment}'s database; {@code smoke} starts 2 JVMs per side instead of 5. */
  static Result measure(BenchEnvironment environment, boolean smoke, PrintStream out) {
    int perSide = smoke ? 2 : 5;
    out.printf(Locale.ROOT, "%nstart-up to the first result: %d fresh JVM(s) per side, alternating%n", perSide);
    VoiceProfile profile;
    String query;
    try (var pool = environment.pool(1)) {
      profile = Fixtures.voiceProfiles(pool, 1).get(0);
      query = LibrarySql.capture(pool, inrvo -> inrvo.asService().voiceProfiles().lookup(profile.id(),
          profile.owner())).get(1).sql();
    }
    double loadBefore = load();
    List<Run> library = new ArrayList<>();
    List<Run> jdbc = new ArrayList<>();
    List<Run> unchecked = new ArrayList<>();
    List<Run> jooq = new ArrayList<>();
    Map<String, List<Run>> sides = Map.of("library", library, "jdbc", jdbc, StartupProbe.UNCHECKED, unchecked,
        StartupProbe.JOOQ, jooq);
    for (int i = 0; i < perSide; i++) {
      // library and raw JDBC alternate, the first of each pair alternating too: neither always follows
      // the other; the breakdown's rows (no startup check, plain jOOQ) close each round
      List<String> order = i % 2 == 0 ? List.of("library", "jdbc", StartupProbe.UNCHECKED, StartupProbe.JOOQ)
          : List.of("jdbc", "library", StartupProbe.UNCHECKED, StartupProbe.JOOQ);
      for (String mode : order) {
        Run run = probe(environment, mode, profile, query, List.of());
        sides.get(mode).add(run);
        print(run, out);
      }
    }
    // What a deployment can do about class loading: each side with an AppCDS archive of its own
    // training run (JDK 17: -XX:ArchiveClassesAtExit, then -XX:SharedArchiveFile)
    List<Run> cdsLibrary = new ArrayList<>();
    List<Run> cdsJdbc = new ArrayList<>();
    Path archives;
    try {
      archives = Files.createTempDirectory("inrvo-startup-cds");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      for (String mode : List.of("library", "jdbc")) {
        probe(environment, mode, profile, query, List.of("-XX:ArchiveClassesAtExit=" + archives.resolve(mode + ".jsa")));
      }
      for (int i = 0; i < perSide; i++) {
        for (String mode : i % 2 == 0 ? List.of("library", "jdbc") : List.of("jdbc", "library")) {
          Run run = probe(environment, mode, profile, query,
              List.of("-XX:SharedArchiveFile=" + archives.resolve(mode + ".jsa")));
          (mode.equals("jdbc") ? cdsJdbc : cdsLibrary).add(run);
          out.print("  AppCDS");
          print(run, out);
        }
      }
    } finally {
      for (String mode : List.of("library", "jdbc")) {
        archives.resolve(mode + ".jsa").toFile().delete();
      }
      archives.toFile().delete();
    }
    return new Result(library, jdbc, unchecked, jooq, cdsLibrary, cdsJdbc, loadBefore, load());
  }

  private static void print(Run run, PrintStream out) {
    out.printf(Locale.ROOT, "  %-9s pool %4d ms, built %4d ms, first result %4d ms after JVM start"
              + " (%,d classes; the second call %.1f ms)%n",
        run.mode(), run.pool(), run.built(), run.first(), run.classesFirst(), run.second());
  }

  private static Run probe(BenchEnvironment environment, String mode, VoiceProfile profile, String query,
      List<String> jvmArgs) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupProbe.class.getName(), mode,
        environment.jdbcUrl(), environment.user(), environment.password(), profile.id().toString(),
        profile.owner().toString(), query));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      List<String> output = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
          output.add(line);
        }
      }
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("the start-up probe (" + mode + ") failed: " + String.join("\n", output));
      }
      return output.stream().filter(l -> l.startsWith(StartupProbe.PREFIX)).findFirst().map(Run::parse)
          .orElseThrow(() -> new IllegalStateException("the start-up probe printed no figures: " + output));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the start-up probe: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the start-up probe", e);
    }
  }

  /** The report's section. */
  static String section(Result r) {
    StringBuilder md = new StringBuilder();
    md.append("\n## Start-up: JVM start to the first result (`startup.first-result`)\n\n");
    md.append(String.format(Locale.ROOT, "Fresh JVMs (same java and class path as the runner), %d per side,"
        + " library and raw JDBC alternating; each creates a HikariCP pool of %d and makes one service"
        + " voice-profile lookup: `Inrvo.create(pool)` with the default options, then"
        + " `asService().voiceProfiles().lookup(id, owner)`, or the library's query text as one prepared"
        + " statement. Milliseconds since the JVM started (its `RuntimeMXBean` start time), medians. Target: the"
        + " library's first result at most %.0fx raw JDBC's, pool creation included on both sides. Load average"
        + " %.2f before, %.2f after.%n%n",
        r.library().size(), StartupProbe.POOL_SIZE, MAX_RATIO, r.loadBefore(), r.loadAfter()));
    md.append("| side | pool ready | `Inrvo.create` | first call | first result | classes loaded | second call | verdict |\n");
    md.append("|---|---:|---:|---:|---:|---:|---:|---|\n");
    md.append(row("library", r.library(), String.format(Locale.ROOT, "**%s** (%s, runs %s)",
        r.passes() ? "PASS" : "FAIL", Ratios.beside(r.ratio(), MAX_RATIO), firsts(r.library()))));
    md.append(row("raw JDBC", r.jdbc(), "runs " + firsts(r.jdbc())));
    md.append(row("library, startup check off", r.unchecked(), "runs " + firsts(r.unchecked())));
    md.append(row("plain jOOQ, one typed query", r.jooq(), String.format(Locale.ROOT, "%.2fx, runs %s",
        r.jooqRatio(), firsts(r.jooq()))));
    md.append(row("library, AppCDS archive", r.cdsLibrary(), String.format(Locale.ROOT, "%.2fx, runs %s",
        r.cdsRatio(), firsts(r.cdsLibrary()))));
    md.append(row("raw JDBC, AppCDS archive", r.cdsJdbc(), "runs " + firsts(r.cdsJdbc())));
    md.append(String.format(Locale.ROOT, "%nThe pool and the first result are milliseconds since the JVM started;"
            + " `Inrvo.create` and the first call are each run's own steps (medians of the runs). What the"
            + " library's first result pays beyond its pool is nearly all loading and initialising jOOQ and the"
            + " generated model (%,.0f classes loaded by the first result against %,.0f): `create` builds the jOOQ"
            + " configuration and renderer every call uses, the startup check reads the model's tables and"
            + " routines, and the first call builds and renders the one statement it sends (each fixed statement"
            + " is built on first use). With the check off (third row) the model loads at the first call"
            + " instead, so what the check itself adds, its catalog query and the cursor keys' query on a"
            + " pooled connection, is the difference of the first results: %+.0f ms, against a spread of %.0f ms"
            + " between the library's own runs. The fourth row is jOOQ by itself: the same pool, `DSL.using(pool,"
            + " POSTGRES)` (its `Inrvo.create` column) and the lookup as one typed query, its table and columns"
            + " declared by name and data type (`select(name).from(voiceProfiles).where(...).fetchOptional`): %.2fx raw JDBC's"
            + " first result (%,.0f classes), what any application pays that builds its SQL with jOOQ, against the"
            + " target's %.0fx for the library's whole first result. The last two rows are what a deployment can do about class"
            + " loading: each side started with a class-data-sharing archive of one training run of its own"
            + " (`-XX:ArchiveClassesAtExit=app.jsa` once, then `-XX:SharedArchiveFile=app.jsa`); the verdict is"
            + " on the default JVM.%n",
        median(r.library(), run -> run.classesFirst()), median(r.jdbc(), run -> run.classesFirst()),
        median(r.library(), Run::first) - median(r.unchecked(), Run::first), spread(r.library()), r.jooqRatio(),
        median(r.jooq(), run -> run.classesFirst()), MAX_RATIO));
    return md.toString();
  }

  private static String row(String side, List<Run> runs, String verdict) {
    return String.format(Locale.ROOT, "| %s | %.0f ms | %s | %.0f ms | %.0f ms | %,.0f | %.1f ms | %s |%n", side,
        median(runs, Run::pool),
        !side.startsWith("raw JDBC") ? String.format(Locale.ROOT, "%.0f ms", median(runs, run -> run.built() - run.pool()))
            : "-",
        median(runs, run -> run.first() - run.built()), median(runs, Run::first),
        median(runs, run -> run.classesFirst()), median(runs, Run::second), verdict);
  }

  private static double spread(List<Run> runs) {
    return runs.stream().mapToLong(Run::first).max().orElse(0) - runs.stream().mapToLong(Run::first).min().orElse(0);
  }

  private static String firsts(List<Run> runs) {
    return String.join(", ", runs.stream().map(run -> Long.toString(run.first())).toList()) + " ms";
  }

  private static double load() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  static double median(List<Run> runs, ToDoubleFunction<Run> figure) {
    List<Double> sorted = runs.stream().map(figure::applyAsDouble).sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
