package io.inrvo.data.benchmarks;

import io.inrvo.data.benchmarks.BenchmarkReport.Audit;
import io.inrvo.data.benchmarks.BenchmarkReport.DataSet;
import io.inrvo.data.benchmarks.BenchmarkReport.Environment;
import io.inrvo.data.benchmarks.BenchmarkReport.Measurement;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.MultisetStatistics;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs the benchmarks on a seeded database and writes the report: the bytes of the admin-list row
 * and a round-trip audit first (in this JVM), then JMH in-process through its {@link Runner} (each
 * benchmark in a forked JVM), then {@code BENCHMARKS.md} and the chart.
 *
 * <p>It is long because a run is one procedure whose steps share what they measured: the audit and
 * the bytes feed the report, the JMH rounds are interleaved and read back in order, and the data
 * set and server settings are recorded beside the results they qualify.
 */
public final class BenchRunner {

  /** Every benchmark class, in the report's order (JMH runs each round's benchmarks alphabetically). */
  static final List<Class<? extends BenchState>> CLASSES = List.of(
      ServiceSessionVoiceLookup.class, ContextStatementParts.class, UserSessionVoiceLookup.class, HistoryFirstPageWithTotal.class,
      KeysetVersusOffset.class, SaveWithAudioUrl.class, AdminUsersExplicitColumns.class, AdminUsersPages.class,
      AdminMeditationsPages.class, AdminVoiceProfilesPages.class,
      WarmCacheHit.class, DeduplicatedColdCalls.class, BatchedVoiceLookups.class, GinContainmentSearch.class, ReplicaRead.class,
      ReplicaWrite.class);

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private BenchRunner() {}

  /**
   * How to run and where to write.
   *
   * @param smoke one short iteration per benchmark instead of the full run
   * @param only a pattern of report row ids or benchmark class names (e.g. {@code voice-lookup})
   *     restricting the run; empty for all
   * @param markdown where {@code BENCHMARKS.md} goes
   * @param chart where the chart goes
   * @param rawResults where JMH's JSON output goes
   * @param command the command line to print under "how to reproduce"
   */
  public record Settings(boolean smoke, Optional<String> only, Path markdown, Path chart, Path rawResults,
      String command) {}

  /** Runs everything and writes the report; returns the number of targets missed. */
  public static int run(BenchEnvironment environment, Settings settings, PrintStream out) {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    List<Class<? extends BenchState>> classes = selected(settings.only());

    DataSet data;
    Optional<AdminUsersExplicitColumns.Bytes> bytes;
    try (Connection c = connect(environment)) {
      data = dataSet(c, environment.depth());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the data set: " + e.getMessage(), e);
    }
    out.printf(Locale.ROOT, "data set: %,d users, %,d meditations, %,d conversations (%s)%n",
        data.users(), data.meditations(), data.conversations(), data.databaseSize());

    Map<String, Audit> audits = new LinkedHashMap<>();
    out.println("round-trip audit (one call each, counted through a counting data source):");
    for (Class<? extends BenchState> type : classes) {
      audit(type, environment, audits, out);
    }
    try (var pool = environment.pool(1)) {
      bytes = classes.contains(AdminUsersExplicitColumns.class)
          ? Optional.of(AdminUsersExplicitColumns.measureBytes(pool)) : Optional.empty();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot measure the admin users list's bytes: " + e.getMessage(), e);
    }

    Map<String, Measurement> results = classes.isEmpty() ? new LinkedHashMap<>()
        : measure(environment, settings, classes, audits, out);
    Optional<WriterCost.Result> writerCost = writerCostSelected(settings.only())
        ? Optional.of(WriterCost.measure(environment, settings.smoke(), out)) : Optional.empty();
    Optional<Startup.Result> startup = startupSelected(settings.only())
        ? Optional.of(Startup.measure(environment, settings.smoke(), out)) : Optional.empty();
    Optional<Throughput.Result> throughput = selectedById(settings.only(), Throughput.ID)
        ? Optional.of(Throughput.measure(environment, settings.smoke(), out)) : Optional.empty();
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Duration took = Duration.between(started, Instant.now().truncatedTo(ChronoUnit.SECONDS));

    Environment env;
    try (Connection c = connect(environment)) {
      env = new Environment(settings.smoke(), cpu(), Runtime.getRuntime().availableProcessors(), memory(),
          System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
          single(c, "select version()"), serverSettings(c), loadBefore, loadAfter,
          started.toString(), took.toMinutes() + " min " + took.toSecondsPart() + " s",
          jmhSettings(settings.smoke()), settings.command());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot describe the server: " + e.getMessage(), e);
    }
    Path base = settings.markdown().toAbsolutePath().getParent();
    String chartLink = base.relativize(settings.chart().toAbsolutePath()).toString().replace('\\', '/');
    String report = BenchmarkReport.markdown(env, data, results, audits, bytes, chartLink);
    if (writerCost.isPresent()) { // its own section, before the machine's
      int machine = report.indexOf("\n## Machine and data set");
      String section = WriterCost.section(writerCost.get());
      report = machine < 0 ? report + section : report.substring(0, machine) + section + report.substring(machine);
    }
    if (startup.isPresent()) { // its own section too, before the machine's
      int machine = report.indexOf("\n## Machine and data set");
      String section = Startup.section(startup.get());
      report = machine < 0 ? report + section : report.substring(0, machine) + section + report.substring(machine);
    }
    if (throughput.isPresent()) { // likewise
      int machine = report.indexOf("\n## Machine and data set");
      String section = Throughput.section(throughput.get());
      report = machine < 0 ? report + section : report.substring(0, machine) + section + report.substring(machine);
    }
    write(settings.markdown(), report);
    RatioChart.write(BenchmarkReport.chartRows(results, audits, bytes), settings.chart());
    List<BenchmarkReport.Result> verdicts = BenchmarkReport.evaluate(BenchmarkReport.ROWS, results, audits, bytes);
    out.println();
    for (BenchmarkReport.Result r : verdicts) {
      out.printf(Locale.ROOT, "%-30s %-12s %s%n", r.row().id(), r.verdict(), r.why());
    }
    int writerCostMisses = 0;
    for (WriterCost.Series s : writerCost.map(WriterCost.Result::series).orElse(List.of())) {
      out.printf(Locale.ROOT, "%-30s %-12s %s with / without capture, %d writer(s)%n", "changes.writer-cost",
          s.passes() ? "PASS" : "FAIL", Ratios.beside(s.medianRatio(), 1 - WriterCost.MAX_COST), s.writers());
      writerCostMisses += s.passes() ? 0 : 1;
    }
    int startupMisses = 0;
    if (startup.isPresent()) {
      Startup.Result s = startup.get();
      out.printf(Locale.ROOT, "%-30s %-12s %s library / raw JDBC, JVM start to the first result (%.0f / %.0f ms;"
              + " with AppCDS archives %.2fx)%n",
          STARTUP, s.passes() ? "PASS" : "FAIL", Ratios.beside(s.ratio(), Startup.MAX_RATIO), Startup.median(s.library(), Startup.Run::first),
          Startup.median(s.jdbc(), Startup.Run::first), s.cdsRatio());
      startupMisses = s.passes() ? 0 : 1;
    }
    int throughputMisses = throughput.map(r -> Throughput.verdicts(r, out)).orElse(0);
    out.println("wrote " + settings.markdown() + " and " + settings.chart());
    return writerCostMisses + startupMisses + throughputMisses
        + (int) verdicts.stream().filter(r -> r.verdict() == BenchmarkReport.Verdict.FAIL).count();
  }

  /**
   * The benchmark classes to run: all, or those whose simple name or one of whose report rows' ids
   * matches {@code only} (a regular expression found anywhere in the name, e.g. {@code
   * voice-lookup} or {@code WarmCacheHit}).
   *
   * @throws IllegalArgumentException when {@code only} is not a valid pattern or selects nothing
   */
  static List<Class<? extends BenchState>> selected(Optional<String> only) {
    if (only.isEmpty()) {
      return CLASSES;
    }
    Pattern pattern;
    try {
      pattern = Pattern.compile(only.get());
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("--only " + only.get() + " is not a regular expression: "
          + e.getDescription(), e);
    }
    List<Class<? extends BenchState>> classes = CLASSES.stream()
        .filter(type -> pattern.matcher(type.getSimpleName()).find()
            || BenchmarkReport.rowsOf(type).stream().anyMatch(row -> pattern.matcher(row.id()).find()))
        .toList();
    if (classes.isEmpty() && !writerCostSelected(only) && !startupSelected(only)
        && !selectedById(only, Throughput.ID)) {
      throw new IllegalArgumentException("--only " + only.get() + " matches no benchmark; rows: "
          + String.join(", ", BenchmarkReport.ids()) + ", " + WRITER_COST + ", " + STARTUP + ", " + Throughput.ID
          + "; classes: "
          + String.join(", ", CLASSES.stream().map(Class::getSimpleName).toList()));
    }
    return classes;
  }

  /** The id of {@link WriterCost}'s report section, which {@code --only} matches like a row's. */
  static final String WRITER_COST = "changes.writer-cost";

  /** Whether the run measures {@link WriterCost}: always, or when {@code only} matches its id. */
  static boolean writerCostSelected(Optional<String> only) {
    return selectedById(only, WRITER_COST);
  }

  /** Whether the run measures the report section of id {@code id}: always, or when {@code only} matches it. */
  static boolean selectedById(Optional<String> only, String id) {
    return only.isEmpty() || Pattern.compile(only.get()).matcher(id).find();
  }

  /** The id of {@link Startup}'s report section, which {@code --only} matches like a row's. */
  static final String STARTUP = "startup.first-result";

  /** Whether the run measures {@link Startup}: always, or when {@code only} matches its id. */
  static boolean startupSelected(Optional<String> only) {
    return selectedById(only, STARTUP);
  }

  /** Rounds of the full run; the smoke run has one. */
  static final int ROUNDS = 3;
  /**
   * Untimed cycles of an interleaved class's members in each fork of the full run, before JMH's
   * warmup: enough for HotSpot to compile every member's path at its final tier
   * (see {@code Interleaved#prewarm}); the smoke run has none.
   */
  static final int PREWARM_CYCLES = 20_000;
  /** The most seconds those cycles may take per fork (a slow member reaches fewer). */
  static final int PREWARM_SECONDS = 30;

  /**
   * Runs every benchmark once per round (one fork each) and pools each benchmark's samples over
   * the rounds: JMH's samples for a plain benchmark, each member's timed calls for an {@link
   * Interleaved} class (written by the fork to a {@code .samples} directory beside the round's JMH
   * JSON). The members of a pair share one thread, and so the machine's noise; the rounds add
   * fresh forks (JIT, pool, plan caches) and the per-round ratios show how stable each verdict is.
   */
  private static Map<String, Measurement> measure(BenchEnvironment environment, Settings settings,
      List<Class<? extends BenchState>> classes, Map<String, Audit> audits, PrintStream out) {
    int rounds = settings.smoke() ? 1 : ROUNDS;
    Map<String, MultisetStatistics> pooled = new LinkedHashMap<>();
    Map<String, List<Double>> roundMedians = new LinkedHashMap<>();
    for (int round = 1; round <= rounds; round++) {
      out.printf(Locale.ROOT, "%n=== round %d of %d%n", round, rounds);
      Path raw = rawResults(settings, round, rounds);
      Path samples = raw.resolveSibling(raw.getFileName() + ".samples");
      deleteDirectory(samples);
      Map<String, Statistics> measured = new LinkedHashMap<>();
      for (RunResult run : runRound(environment, settings, classes, raw, samples)) {
        // an interleaved class's own figure (a whole cycle) is not a result: its members' samples are
        if (!isInterleaved(run)) {
          measured.put(key(run), run.getPrimaryResult().getStatistics());
        }
      }
      Interleaved.readSamples(samples).forEach((key, micros) -> {
        MultisetStatistics s = new MultisetStatistics();
        micros.forEach(v -> s.addValue(v, 1));
        measured.put(key, s);
      });
      measured.forEach((key, s) -> {
        MultisetStatistics all = pooled.computeIfAbsent(key, k -> new MultisetStatistics());
        for (var it = s.getRawData(); it.hasNext(); ) {
          Map.Entry<Double, Long> e = it.next();
          all.addValue(e.getKey(), e.getValue());
        }
        roundMedians.computeIfAbsent(key, k -> new ArrayList<>()).add(s.getPercentile(50));
      });
    }
    Map<String, Measurement> results = new LinkedHashMap<>();
    pooled.forEach((key, s) -> results.put(key, new Measurement(key, s.getPercentile(50), s.getPercentile(90),
        s.getN(), audits.containsKey(key) ? audits.get(key).allocatedBytes() : Double.NaN, roundMedians.get(key))));
    return results;
  }

  /** The key of a plain benchmark's result: {@code Class.method}. */
  private static String key(RunResult run) {
    String full = run.getParams().getBenchmark();
    return full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
  }

  private static boolean isInterleaved(RunResult run) {
    String full = run.getParams().getBenchmark();
    try {
      return Interleaved.class.isAssignableFrom(Class.forName(full.substring(0, full.lastIndexOf('.'))));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("JMH ran a benchmark of an unknown class: " + full, e);
    }
  }

  private static Path rawResults(Settings settings, int round, int rounds) {
    if (rounds == 1) {
      return settings.rawResults();
    }
    String name = settings.rawResults().getFileName().toString().replace(".json", "-round" + round + ".json");
    return settings.rawResults().resolveSibling(name);
  }

  private static Collection<RunResult> runRound(BenchEnvironment environment, Settings settings,
      List<Class<? extends BenchState>> classes, Path raw, Path samples) {
    List<String> jvmArgs = new ArrayList<>(List.of(jvmArgs(environment)));
    jvmArgs.add("-D" + Interleaved.SAMPLES + "=" + samples.toAbsolutePath());
    if (!settings.smoke()) {
      jvmArgs.add("-D" + Interleaved.PREWARM_CYCLES + "=" + PREWARM_CYCLES);
      jvmArgs.add("-D" + Interleaved.PREWARM_SECONDS + "=" + PREWARM_SECONDS);
    }
    ChainedOptionsBuilder options = new OptionsBuilder()
        .forks(1)
        .shouldFailOnError(true)
        .result(raw.toString())
        .resultFormat(ResultFormatType.JSON)
        .jvmArgsAppend(jvmArgs.toArray(new String[0]));
    for (Class<? extends BenchState> type : classes) {
      options.include(Pattern.quote(type.getName()) + "\\.");
    }
    if (settings.smoke()) {
      options.warmupIterations(1).warmupTime(TimeValue.seconds(1))
          .measurementIterations(1).measurementTime(TimeValue.seconds(1));
    } else {
      options.warmupIterations(2).warmupTime(TimeValue.seconds(2))
          .measurementIterations(3).measurementTime(TimeValue.seconds(3));
    }
    try {
      Files.createDirectories(raw.toAbsolutePath().getParent());
      return new Runner(options.build()).run();
    } catch (RunnerException e) {
      throw new IllegalStateException("JMH failed: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    try (var files = Files.walk(directory)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String jmhSettings(boolean smoke) {
    return (smoke ? "smoke: 1 round; per benchmark 1 x 1 s warmup, 1 x 1 s measurement"
        : ROUNDS + " rounds; per round and benchmark a fresh fork, " + String.format(Locale.ROOT, "%,d", PREWARM_CYCLES) + " untimed cycles"
            + " of the interleaved members (at most " + PREWARM_SECONDS + " s) before 2 x 2 s warmup,"
            + " 3 x 3 s measurement; samples pooled over the rounds")
        + "; pair members interleaved call by call on one thread, every call timed (voice-lookup, history and"
        + " admin rows), Mode.SampleTime (cache and search rows); JMH 1.37";
  }

  private static String[] jvmArgs(BenchEnvironment environment) {
    List<String> args = new ArrayList<>(environment.asSystemProperties());
    args.addAll(List.of("-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-Dorg.jooq.no-logo=true", "-Dorg.jooq.no-tips=true"));
    return args.toArray(new String[0]);
  }

  /**
   * Calls each member of an {@link Interleaved} class, or each benchmark method of a plain one,
   * three times, then {@link BenchState#auditedCalls} more times while counting its round trips and
   * the bytes it allocates (this thread's allocation counter): the median call, and the range of
   * executions.
   */
  private static void audit(Class<? extends BenchState> type, BenchEnvironment environment,
      Map<String, Audit> audits, PrintStream out) {
    CountingDataSource counter = new CountingDataSource();
    BenchState state;
    try {
      state = type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
    state.open(environment.wrappedBy(counter::wrap));
    try {
      Map<String, Interleaved.Call> calls = new java.util.TreeMap<>();
      if (state instanceof Interleaved pair) {
        pair.members().forEach(m -> calls.put(m.name(), m.call()));
      } else {
        Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(Benchmark.class))
            .forEach(m -> calls.put(m.getName(), () -> invoke(state, m)));
      }
      for (Map.Entry<String, Interleaved.Call> call : calls.entrySet()) {
        for (int i = 0; i < 3; i++) {
          run(call);
        }
        int counted = state.auditedCalls();
        int[] executions = new int[counted];
        int[] commits = new int[counted];
        long[] allocated = new long[counted];
        for (int i = 0; i < counted; i++) {
          counter.reset();
          long before = THREADS.getCurrentThreadAllocatedBytes();
          run(call);
          allocated[i] = THREADS.getCurrentThreadAllocatedBytes() - before;
          executions[i] = counter.executions.get();
          commits[i] = counter.commits.get() + counter.rollbacks.get();
        }
        Arrays.sort(executions);
        Arrays.sort(commits);
        Arrays.sort(allocated);
        int median = counted / 2;
        Audit audit = new Audit(executions[median], commits[median], allocated[median], counted, executions[0],
            executions[counted - 1]);
        String key = Interleaved.key(type, call.getKey());
        audits.put(key, audit);
        out.printf(Locale.ROOT, "  %-42s %s statement execution(s) + %d commit(s) = %d round trip(s), %,d bytes allocated%n",
            key, audit.executionsWithRange(), audit.commits(), audit.roundTrips(), audit.allocatedBytes());
      }
    } finally {
      state.close();
    }
  }

  private static void run(Map.Entry<String, Interleaved.Call> call) {
    try {
      call.getValue().run();
    } catch (Exception e) {
      throw new IllegalStateException(call.getKey() + " failed: " + e, e);
    }
  }

  private static Object invoke(BenchState state, Method method) {
    try {
      perInvocation(state, Setup.class);
      Object result = method.invoke(state, new Object[method.getParameterCount()]);
      perInvocation(state, TearDown.class);
      return result;
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(method.getName() + " failed: " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void perInvocation(BenchState state, Class<? extends java.lang.annotation.Annotation> kind)
      throws InvocationTargetException, IllegalAccessException {
    for (Method m : state.getClass().getMethods()) {
      Level level = kind == Setup.class
          ? (m.isAnnotationPresent(Setup.class) ? m.getAnnotation(Setup.class).value() : null)
          : (m.isAnnotationPresent(TearDown.class) ? m.getAnnotation(TearDown.class).value() : null);
      if (level == Level.Invocation) {
        m.invoke(state);
      }
    }
  }

  private static DataSet dataSet(Connection c, int depth) throws SQLException {
    return new DataSet(
        count(c, "select count(*) from public.users"),
        count(c, "select count(*) from public.meditation_history"),
        count(c, "select count(*) from public.agent_conversations"),
        count(c, "select count(*) from public.voice_profiles"),
        count(c, "select min(n) from (select count(*) as n from public.meditation_history group by user_id"
            + " order by count(*) desc limit " + Fixtures.HEAVY + ") heavy"),
        single(c, "select pg_size_pretty(pg_database_size(current_database()))"),
        depth);
  }

  private static String serverSettings(Connection c) throws SQLException {
    List<String> parts = new ArrayList<>();
    for (String name : List.of("shared_buffers", "work_mem", "synchronous_commit", "fsync", "jit")) {
      parts.add(name + " " + single(c, "show " + name));
    }
    return String.join(", ", parts);
  }

  private static long count(Connection c, String sql) throws SQLException {
    return Long.parseLong(single(c, sql));
  }

  private static String single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Connection connect(BenchEnvironment environment) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", environment.user());
    if (!environment.password().isEmpty()) {
      props.setProperty("password", environment.password());
    }
    return DriverManager.getConnection(environment.jdbcUrl(), props);
  }

  private static String cpu() {
    String model;
    try {
      model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse(System.getProperty("os.arch"));
    } catch (IOException | RuntimeException e) {
      model = System.getProperty("os.arch");
    }
    return model + idle();
  }

  /**
   * How an idle core waits, where Linux says: in a virtual machine whose cores halt at once when
   * idle (guest halt polling off), every round trip on a quiet machine also pays for waking a core,
   * which sets the absolute latencies at one caller thread (not the ratios: both sides pay it).
   */
  private static String idle() {
    try {
      String driver = Files.readString(Path.of("/sys/devices/system/cpu/cpuidle/current_driver")).trim();
      Path poll = Path.of("/sys/module/haltpoll/parameters/guest_halt_poll_ns");
      return " (idle: " + driver + (Files.isReadable(poll)
          ? ", guest halt polling " + Files.readString(poll).trim() + " ns" : "") + ")";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  private static long memory() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return Runtime.getRuntime().maxMemory();
  }

  private static void write(Path file, String text) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + file, e);
    }
  }
}
