package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.Session;
import io.inrvo.data.benchmarks.Fixtures.VoiceProfile;
import java.io.PrintStream;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.JSONB;
import org.postgresql.PGConnection;

/**
 * Throughput of a mixed workload under concurrency, and what each call allocates (report section
 * "Throughput under concurrency", id {@code throughput.mixed}): the library against a raw-JDBC
 * floor that sends the library's own statements.
 *
 * <p>The workload: of every ten calls, six are a user's first history page with its exact total
 * ({@code asUser(u).history().page(PageRequest.first(20))}, RLS on), two a voice-profile lookup on
 * a service session, one a save with an audio URL (a 12.8 KB script, as {@link SaveWithAudioUrl}),
 * one an append of one message to a conversation of the user's; over up to 2,000 ordinary users of
 * the data set (and as many voice profiles). 1, 8 and 32 caller threads share one HikariCP pool of
 * 8 connections, and call as fast as they can for a fixed time. Both sides make the same calls in
 * the same order (each thread its own offset into the fixtures).
 *
 * <p>The floor is hand-written JDBC sending what the library sends for each call, captured at
 * setup through a {@code StatementListener} ({@link LibrarySql}): the same SQL text, the library's
 * context statement and the call's statement as one string in autocommit (one round trip), the same
 * binds, rows read column by column; and, as the library does on every connection it borrows,
 * unnamed statements (prepare threshold 0 while borrowed). So the server does the same work on
 * both sides and the ratio measures what the library's Java adds: on this machine the callers and
 * the server share two cores, so every microsecond of client CPU is one the server does not get.
 *
 * <p>Runs are interleaved in rounds, library then floor and floor then library in alternate
 * rounds, so both share the machine's noise; warmup passes of both sides come first, until the
 * JIT has compiled what they run ({@link #warmUp}), and each run records the JIT's time. Per thread
 * count: calls per second of each side (median of the rounds), their ratio (median of the rounds'
 * ratios, with the spread), p50 and p99 of every call's latency (pooled over the rounds), and the
 * bytes each call allocates: the sum over the worker threads of their allocation counters'
 * deltas ({@code com.sun.management.ThreadMXBean}), divided by the calls; the harness allocates
 * nothing inside the loop. And where each call's CPU went ({@link CpuAccounts}): the caller
 * threads, the whole JVM, the local server's processes, the rest of the machine's busy time, and
 * from these the ratio the CPU allows (per round, the floor's JVM and server CPU per call over the
 * library's): where the cores are saturated, calls per second follow it. Targets: library calls
 * per second at least 1.0x the floor's at each thread count; at 32 threads no fewer than at 8 (no
 * collapse under contention); at most 1.3x the floor's bytes per call. Saved rows are deleted after
 * every run, the conversations at the end.
 *
 * <p>Its own measurement, not a JMH benchmark: the throughput of many threads over seconds.
 *
 * <p>Long because it carries both sides of four calls (the library's and the hand-written
 * floor's), the rounds, a latency histogram that allocates nothing while recording, and its report
 * section with its two tables.
 */
final class Throughput {

  /** The id {@code --only} matches and the verdict lines carry. */
  static final String ID = "throughput.mixed";
  /** Caller threads measured. */
  static final int[] THREADS = {1, 8, 32};
  /** Connections in the shared pool. */
  static final int POOL = 8;
  /** Users (and voice profiles) the calls rotate through. */
  static final int USERS = 2_000;
  /** Target: the library's calls per second at least this fraction of the floor's. */
  static final double MIN_RATIO = 1.0;
  /** Warmup passes (both sides, 5 s each) at most, before the rounds. */
  static final int MAX_WARMUPS = 12;
  /** A warmup pass (both sides) in which the JIT compiled for at most this many milliseconds ends the warmup. */
  static final long SETTLED_JIT_MILLIS = 200;
  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();
  /** Target: the library allocates at most this multiple of the floor's bytes per call. */
  static final double MAX_ALLOCATION = 1.3;

  /** The kinds of call, and their mix: six history pages, two lookups, a save and an append in ten. */
  enum Kind { HISTORY, VOICE, SAVE, APPEND }

  private static final Kind[] MIX = {Kind.HISTORY, Kind.VOICE, Kind.HISTORY, Kind.SAVE, Kind.HISTORY,
      Kind.APPEND, Kind.HISTORY, Kind.VOICE, Kind.HISTORY, Kind.HISTORY};

  private static final String MARKER = "bench-throughput: ";
  private static final String PROMPT = MARKER + "A slow body scan before sleep, with long pauses and soft rain";
  private static final String AUDIO_URL = "https://storage.example/audio/bench-throughput.mp3";
  private static final String CONVERSATION = "bench-throughput-";
  private static final String MESSAGE =
      "[{\"role\":\"user\",\"content\":\"One more slow breath before sleep, please\",\"topic\":\"sleep\"}]";
  private static final JSONB MESSAGES = JSONB.valueOf(MESSAGE);
  private static final int PAGE = 20;

  private static final com.sun.management.ThreadMXBean THREAD_BEAN =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * One run of one side: calls made, how long, bytes the workers allocated, the workers' CPU time
   * (user and system), every call's latency, how long the JIT compiled meanwhile (for either side:
   * the process's total), and the CPU the whole JVM and the local server used meanwhile.
   */
  record Run(long calls, double seconds, long allocatedBytes, long cpuNanos, Latencies latencies, long jitMillis,
      CpuAccounts.Snapshot used) {

    double perSecond() {
      return calls / seconds;
    }
  }

  /** One thread count's rounds, each side's runs in round order. */
  record Series(int threads, List<Run> library, List<Run> floor) {

    List<Double> ratios() {
      return Workers.ratios(library.stream().map(Run::perSecond).toList(), floor.stream().map(Run::perSecond).toList());
    }

    double medianRatio() {
      return Workers.median(ratios());
    }

    double libraryPerSecond() {
      return Workers.median(library.stream().map(Run::perSecond).toList());
    }

    double floorPerSecond() {
      return Workers.median(floor.stream().map(Run::perSecond).toList());
    }

    static double bytesPerCall(List<Run> runs) {
      return (double) runs.stream().mapToLong(Run::allocatedBytes).sum() / runs.stream().mapToLong(Run::calls).sum();
    }

    double allocationRatio() {
      return bytesPerCall(library) / bytesPerCall(floor);
    }

    /**
     * What {@code nanos} reads off each run, per call over {@code runs}, in microseconds; empty
     * when it could not be read for every run.
     */
    static OptionalDouble microsPerCall(List<Run> runs, Function<Run, OptionalLong> nanos) {
      long sum = 0;
      for (Run r : runs) {
        OptionalLong n = nanos.apply(r);
        if (n.isEmpty()) {
          return OptionalDouble.empty();
        }
        sum += n.getAsLong();
      }
      return OptionalDouble.of(sum / 1e3 / runs.stream().mapToLong(Run::calls).sum());
    }

    /** The caller threads' CPU. */
    static OptionalLong callers(Run r) {
      return OptionalLong.of(r.cpuNanos());
    }

    /** The whole JVM's CPU. */
    static OptionalLong jvm(Run r) {
      return OptionalLong.of(r.used().jvmNanos());
    }

    /** The local server's CPU. */
    static OptionalLong server(Run r) {
      return r.used().serverNanos();
    }

    /** The CPU of the JVM and the server together: what the two sides' code and statements take. */
    static OptionalLong attributable(Run r) {
      return server(r).isPresent() ? OptionalLong.of(r.used().jvmNanos() + server(r).getAsLong()) : OptionalLong.empty();
    }

    /** The machine's busy time charged to neither: the kernel's soft interrupts (loopback), other processes. */
    static OptionalLong other(Run r) {
      OptionalLong busy = r.used().machineBusyNanos();
      OptionalLong mine = attributable(r);
      return busy.isPresent() && mine.isPresent() ? OptionalLong.of(busy.getAsLong() - mine.getAsLong())
          : OptionalLong.empty();
    }

    /** The share of the machine's CPU time that was idle over {@code runs}; empty when it could not be read. */
    static OptionalDouble idleShare(List<Run> runs) {
      long busy = 0;
      long idle = 0;
      for (Run r : runs) {
        if (r.used().machineBusyNanos().isEmpty() || r.used().machineIdleNanos().isEmpty()) {
          return OptionalDouble.empty();
        }
        busy += r.used().machineBusyNanos().getAsLong();
        idle += r.used().machineIdleNanos().getAsLong();
      }
      return busy + idle == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) idle / (busy + idle));
    }

    /**
     * The ratio that the CPU each call takes allows, median of the rounds: in each round, the
     * floor's JVM and server CPU per call over the library's. Where the calls keep the cores busy,
     * calls per second go as the inverse of the CPU each call takes, so no ratio of calls per
     * second above this one is to be expected. Empty when the server's CPU could not be read.
     */
    OptionalDouble cpuBoundRatio() {
      List<Double> rounds = new ArrayList<>();
      for (int i = 0; i < library.size(); i++) {
        OptionalDouble lib = microsPerCall(List.of(library.get(i)), Series::attributable);
        OptionalDouble flo = microsPerCall(List.of(floor.get(i)), Series::attributable);
        if (lib.isEmpty() || flo.isEmpty()) {
          return OptionalDouble.empty();
        }
        rounds.add(flo.getAsDouble() / lib.getAsDouble());
      }
      return rounds.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(Workers.median(rounds));
    }

    static Latencies pooled(List<Run> runs) {
      Latencies all = new Latencies();
      runs.forEach(r -> all.add(r.latencies()));
      return all;
    }

    boolean fastEnough() {
      return medianRatio() >= MIN_RATIO;
    }

    boolean lean() {
      return allocationRatio() <= MAX_ALLOCATION;
    }

    boolean passes() {
      return fastEnough() && lean();
    }
  }

  /**
   * How the warmup ended: after {@code passes} passes (of at most {@code maxPasses}) of {@code each}
   * per side, the last of which compiled for {@code lastJitMillis} (both sides).
   */
  record Warmup(int passes, int maxPasses, Duration each, long lastJitMillis) {}

  /** The whole measurement, with the load average around it. */
  record Result(List<Series> series, Duration perRun, int rounds, int users, double loadBefore, double loadAfter,
      Warmup warmup) {

    /**
     * Calls per second at the most threads against the thread count of the pool's size: the
     * library's at the pool's size, at the most threads, the most threads, then the floor's at the
     * two; empty when either thread count is missing.
     */
    Optional<double[]> contention() {
      Optional<Series> atPool = series.stream().filter(s -> s.threads() == POOL).findFirst();
      Optional<Series> most = series.stream().max(Comparator.comparingInt(Series::threads));
      if (atPool.isEmpty() || most.isEmpty() || most.get().threads() <= POOL) {
        return Optional.empty();
      }
      return Optional.of(new double[] {atPool.get().libraryPerSecond(), most.get().libraryPerSecond(),
          most.get().threads(), atPool.get().floorPerSecond(), most.get().floorPerSecond()});
    }

    /** No collapse under contention: the library's calls per second at the most threads at least those at the pool's size. */
    boolean noCollapse() {
      return contention().map(c -> c[1] >= c[0]).orElse(true);
    }
  }

  /** A side of the comparison: makes the {@code index}-th call of its thread, of {@code kind}. */
  @FunctionalInterface
  private interface Side {
    Object call(Kind kind, int index) throws Exception;
  }

  private Throughput() {}

  /** Measures on {@code environment}'s database; {@code smoke} makes it a short run. */
  static Result measure(BenchEnvironment environment, boolean smoke, PrintStream out) {
    int rounds = smoke ? 1 : 5;
    Duration perRun = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
    Duration warmup = smoke ? Duration.ofSeconds(1) : Duration.ofSeconds(5);
    int maxWarmups = smoke ? 1 : MAX_WARMUPS;
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    out.printf(Locale.ROOT, "%nthroughput of the mixed workload: %d round(s) of %d s per run, threads %s over a pool"
        + " of %d, load average %.2f%n", rounds, perRun.toSeconds(), Arrays.toString(THREADS), POOL, loadBefore);
    try (var pool = environment.pool(POOL)) {
      Workload w = new Workload(pool);
      try {
        Warmup warmedUp = warmUp(pool, w, warmup, maxWarmups, out);
        List<Series> series = new ArrayList<>();
        for (int threads : THREADS) {
          series.add(new Series(threads, new ArrayList<>(), new ArrayList<>()));
        }
        for (int round = 1; round <= rounds; round++) {
          for (Series s : series) {
            boolean libraryFirst = round % 2 == 1;
            for (boolean library : new boolean[] {libraryFirst, !libraryFirst}) {
              Run r = run(pool, library ? w::library : w::floor, s.threads(), perRun);
              w.deleteSaved();
              (library ? s.library() : s.floor()).add(r);
              out.printf(Locale.ROOT, "  round %d, %2d thread(s), %-7s: %,8.0f calls/s, p50 %.2f ms, p99 %.2f ms,"
                  + " %,.0f bytes/call, CPU per call %.1f us (JVM %s, PostgreSQL %s, neither %s), cores idle %s,"
                  + " JIT %d ms%n", round, s.threads(), library ? "library" : "floor", r.perSecond(),
                  r.latencies().percentile(0.50) / 1000.0, r.latencies().percentile(0.99) / 1000.0,
                  (double) r.allocatedBytes() / r.calls(), r.cpuNanos() / 1e3 / r.calls(),
                  micros(Series.microsPerCall(List.of(r), Series::jvm)),
                  micros(Series.microsPerCall(List.of(r), Series::server)),
                  micros(Series.microsPerCall(List.of(r), Series::other)),
                  format(Series.idleShare(List.of(r)), "%.0f%%", 100), r.jitMillis());
            }
          }
        }
        return new Result(series, perRun, rounds, w.users.size(), loadBefore,
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), warmedUp);
      } finally {
        w.cleanUp();
      }
    }
  }

  /** The fixtures, the library's session objects and the statements the floor sends. */
  static final class Workload {
    private final DataSource pool;
    private final Rotation<UUID> users;
    private final Rotation<VoiceProfile> profiles;
    private final Inrvo inrvo;
    private final Session service;
    private final String history;
    private final String lookup;
    private final String save;
    private final String append;

    Workload(DataSource pool) {
      this.pool = pool;
      cleanUp(); // what an interrupted run left
      this.users = new Rotation<>(Fixtures.ordinaryUsers(pool, USERS));
      this.profiles = new Rotation<>(Fixtures.voiceProfiles(pool, USERS));
      BenchEnvironment.execute(pool, "insert into public.agent_conversations (id, user_id) select '" + CONVERSATION
          + "' || u.id, u.id from public.users u where u.id in (" + userList() + ")");
      try {
        this.inrvo = Inrvo.create(pool);
      } catch (RuntimeException e) {
        cleanUp(); // the conversations just made
        throw e;
      }
      this.service = inrvo.asService();
      UUID user = users.at(0);
      VoiceProfile profile = profiles.at(0);
      history = pipelined(LibrarySql.capture(pool, i -> i.asUser(user).history().page(PageRequest.first(PAGE))), 3);
      lookup = pipelined(LibrarySql.capture(pool, i -> i.asService().voiceProfiles().lookup(profile.id(),
          profile.owner())), 2);
      save = pipelined(LibrarySql.capture(pool, i -> i.asUser(user).history().save(meditation())), 9);
      append = pipelined(LibrarySql.capture(pool, i -> i.asUser(user).conversations().append(CONVERSATION + user,
          MESSAGES)), 3);
      if (!append.contains("||")) {
        throw new IllegalStateException("the library's append changed shape: " + append);
      }
      deleteSaved();
    }

    private String userList() {
      StringBuilder list = new StringBuilder();
      for (int i = 0; i < users.size(); i++) {
        list.append(i == 0 ? "'" : ",'").append(users.at(i)).append('\'');
      }
      return list.toString();
    }

    /**
     * The library's context statement and its statement as one string; {@code binds} is how many
     * values the statement itself takes, checked so a change of shape fails here, not in a run.
     */
    private static String pipelined(List<ExecutedStatement> sent, int binds) {
      String statement = sent.get(1).sql();
      if (statement.chars().filter(ch -> ch == '?').count() != binds) {
        throw new IllegalStateException("expected " + binds + " binds in the library's statement: " + statement);
      }
      return sent.get(0).sql() + ";\n" + statement;
    }

    private static io.inrvo.data.history.NewMeditation meditation() {
      return SaveWithAudioUrl.meditation(PROMPT, AUDIO_URL);
    }

    /** The {@code index}-th call's user (the fixture shifts by one every ten calls, so each user sees every kind). */
    private static int fixture(int index) {
      return index + index / MIX.length;
    }

    Object library(Kind kind, int index) {
      int f = fixture(index);
      return switch (kind) {
        case HISTORY -> inrvo.asUser(users.at(f)).history().page(PageRequest.first(PAGE));
        case VOICE -> {
          VoiceProfile p = profiles.at(f);
          yield service.voiceProfiles().lookup(p.id(), p.owner());
        }
        case SAVE -> inrvo.asUser(users.at(f)).history().save(meditation());
        case APPEND -> {
          UUID user = users.at(f);
          yield inrvo.asUser(user).conversations().append(CONVERSATION + user, MESSAGES);
        }
      };
    }

    Object floor(Kind kind, int index) throws SQLException {
      int f = fixture(index);
      try (Connection c = pool.getConnection()) {
        // unnamed statements while borrowed, as the library sends its own
        PGConnection driver = c.unwrap(PGConnection.class);
        int threshold = driver.getPrepareThreshold();
        driver.setPrepareThreshold(0);
        try {
          return switch (kind) {
            case HISTORY -> HistoryFirstPageWithTotal.byHand(c, history, users.at(f));
            case VOICE -> ServiceSessionVoiceLookup.byHand(c, lookup, profiles.at(f));
            case SAVE -> saveByHand(c, users.at(f));
            case APPEND -> appendByHand(c, users.at(f));
          };
        } finally {
          driver.setPrepareThreshold(threshold);
        }
      }
    }

    /** The library's save by hand: every argument of {@code save_meditation_with_audio} bound, absent ones NULL. */
    private UUID saveByHand(Connection c, UUID user) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(save)) {
        LibrarySql.bindUserContext(ps, user);
        ps.setString(4, PROMPT);
        ps.setString(5, SaveWithAudioUrl.SCRIPT);
        ps.setNull(6, Types.OTHER);
        ps.setNull(7, Types.VARCHAR);
        ps.setNull(8, Types.VARCHAR);
        ps.setNull(9, Types.VARCHAR);
        ps.setInt(10, 600);
        ps.setArray(11, c.createArrayOf("text", SaveWithAudioUrl.TAGS.toArray()));
        ps.setString(12, AUDIO_URL);
        LibrarySql.skipContext(ps);
        try (ResultSet rs = ps.getResultSet()) {
          rs.next();
          return rs.getObject(1, UUID.class);
        }
      }
    }

    /** The library's append by hand: the messages, the conversation's id, its owner. */
    private int appendByHand(Connection c, UUID user) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(append)) {
        LibrarySql.bindUserContext(ps, user);
        ps.setString(4, MESSAGE);
        ps.setString(5, CONVERSATION + user);
        ps.setObject(6, user);
        LibrarySql.skipContext(ps);
        try (ResultSet rs = ps.getResultSet()) {
          if (!rs.next()) {
            throw new IllegalStateException("no conversation " + CONVERSATION + user);
          }
          return rs.getInt(1);
        }
      }
    }

    void deleteSaved() {
      BenchEnvironment.execute(pool, "delete from public.meditation_history where prompt like '" + MARKER + "%'");
    }

    void cleanUp() {
      deleteSaved();
      BenchEnvironment.execute(pool, "delete from public.agent_conversations where id like '" + CONVERSATION + "%'");
    }
  }

  /** {@code threads} callers of {@code side} for {@code time}, each from its own offset into the mix and the fixtures. */
  private static Run run(DataSource pool, Side side, int threads, Duration time) {
    AtomicLong calls = new AtomicLong();
    AtomicLong allocated = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Latencies[] latencies = new Latencies[threads];
    List<Thread> workers = new ArrayList<>();
    long[] window = new long[2];
    for (int t = 0; t < threads; t++) {
      Latencies mine = latencies[t] = new Latencies(); // allocated before the counters start
      int offset = t * 7919;
      Thread worker = new Thread(() -> {
        try {
          start.await();
          long end = window[1];
          long before = THREAD_BEAN.getCurrentThreadAllocatedBytes();
          long cpuBefore = THREAD_BEAN.getCurrentThreadCpuTime();
          int i = offset;
          while (System.nanoTime() - end < 0) {
            long began = System.nanoTime();
            side.call(MIX[i % MIX.length], i);
            mine.record(System.nanoTime() - began);
            i++;
          }
          cpu.addAndGet(THREAD_BEAN.getCurrentThreadCpuTime() - cpuBefore);
          allocated.addAndGet(THREAD_BEAN.getCurrentThreadAllocatedBytes() - before);
          calls.addAndGet(i - offset);
        } catch (Exception e) {
          failures.add(e);
        }
      }, "throughput-" + t);
      workers.add(worker);
      worker.start();
    }
    long jitBefore = JIT.getTotalCompilationTime();
    CpuAccounts.Snapshot before = CpuAccounts.now();
    Workers.run(workers, start, window, time, "throughput");
    double seconds = (System.nanoTime() - window[0]) / 1e9;
    CpuAccounts.Snapshot used = CpuAccounts.now().since(before);
    long jitMillis = JIT.getTotalCompilationTime() - jitBefore;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a caller failed: " + failures.get(0), failures.get(0));
    }
    Latencies all = new Latencies();
    for (Latencies l : latencies) {
      all.add(l);
    }
    return new Run(calls.get(), seconds, allocated.get(), cpu.get(), all, jitMillis, used);
  }

  /**
   * Warms both sides up until the JIT has compiled what they run: passes of {@code each} per side
   * at the pool's size, until one in which the JIT compiled for at most {@link
   * #SETTLED_JIT_MILLIS} (both sides together) or {@code maxPasses} ran. The compiler threads share
   * the 2 cores with the callers and the server; while they still compile the side with more code
   * (the library's), they take its time.
   */
  private static Warmup warmUp(DataSource pool, Workload w, Duration each, int maxPasses, PrintStream out) {
    long jit;
    int pass = 0;
    do {
      pass++;
      jit = 0;
      for (Side side : new Side[] {w::library, w::floor}) {
        jit += run(pool, side, POOL, each).jitMillis();
        w.deleteSaved();
      }
      out.printf(Locale.ROOT, "  warmup pass %d: JIT %d ms%n", pass, jit);
    } while (pass < maxPasses && jit > SETTLED_JIT_MILLIS);
    return new Warmup(pass, maxPasses, each, jit);
  }

  /** The report's section. */
  static String section(Result r) {
    StringBuilder md = new StringBuilder();
    md.append("\n## Throughput under concurrency (`" + ID + "`)\n\n");
    md.append(String.format(Locale.ROOT, "A mixed workload (of every ten calls: six first history pages with their"
        + " exact total on the user's session, two voice-profile lookups on a service session, one save with an audio"
        + " URL and a 12.8 KB script, one conversation append) over %,d users, called as fast as possible by 1, 8 and"
        + " 32 threads sharing one HikariCP pool of %d connections. The floor is hand-written JDBC sending the"
        + " library's own statements (captured from it: the same text, its context statement in the same round trip,"
        + " unnamed statements as the library sends), so the ratio is what the library's Java adds. %d round(s) of"
        + " %d s per side and thread count, library and floor in alternating order, after %d warmup pass(es) of"
        + " %d s per side at %d threads: passes repeat (at most %d) until one in which the JIT compiled for at most"
        + " %d ms, both sides together (this run's last: %d ms), because the compiler threads share the cores with the"
        + " callers and the server, and while they still compile the side with more code, the library's, they take"
        + " its time; a service that has run for minutes has compiled both. Each round's JIT time is in the run's"
        + " log. Load average %.2f before, %.2f after. Targets: library calls/s at least %.1fx the floor's at every thread"
        + " count; at 32 threads no fewer than at 8; allocation per call at most %.1fx the floor's.%n%n",
        r.users(), POOL, r.rounds(), r.perRun().toSeconds(), r.warmup().passes(), r.warmup().each().toSeconds(), POOL,
        r.warmup().maxPasses(), SETTLED_JIT_MILLIS, r.warmup().lastJitMillis(), r.loadBefore(), r.loadAfter(), MIN_RATIO,
        MAX_ALLOCATION));
    if (r.rounds() == 1) {
      md.append("A smoke run: one round of seconds after a warmup of one, too short for the JIT to compile the"
          + " library's calls as it does in the full run; its ratios say that the measurement runs, not where the"
          + " library stands.\n\n");
    }
    md.append("| threads | library calls/s (median) | floor calls/s (median) | ratio (median of rounds) |"
        + " ratio per round (min-max) | library p50 / p99 | floor p50 / p99 | library bytes/call | floor bytes/call |"
        + " allocation ratio | verdict |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Series s : r.series()) {
      Latencies library = Series.pooled(s.library());
      Latencies floor = Series.pooled(s.floor());
      md.append(String.format(Locale.ROOT, "| %d | %,.0f | %,.0f | %s | %s | %.2f / %.2f ms |"
          + " %.2f / %.2f ms | %,.0f | %,.0f | %s | **%s** |%n", s.threads(), s.libraryPerSecond(),
          s.floorPerSecond(), Ratios.beside(s.medianRatio(), MIN_RATIO), Workers.spread(s.ratios()),
          library.percentile(0.50) / 1000.0, library.percentile(0.99) / 1000.0, floor.percentile(0.50) / 1000.0,
          floor.percentile(0.99) / 1000.0, Series.bytesPerCall(s.library()), Series.bytesPerCall(s.floor()),
          Ratios.beside(s.allocationRatio(), MAX_ALLOCATION),
          s.passes() ? "PASS" : "FAIL"));
    }
    r.contention().ifPresent(c -> md.append(String.format(Locale.ROOT, "%nUnder contention: the library makes"
        + " %,.0f calls/s at %.0f threads against %,.0f at %d (%s): **%s**. The floor, in the same rounds: %,.0f"
        + " against %,.0f (%.2fx).%n", c[1], c[2], c[0], POOL, Ratios.beside(c[1] / c[0], 1), r.noCollapse() ? "PASS" : "FAIL", c[4],
        c[3], c[4] / c[3])));
    md.append("\nLatency is each call's, from the caller's thread (waiting for a connection included), pooled over"
        + " the rounds. Bytes per call: the sum over the caller threads of their allocation counters' deltas, divided"
        + " by the calls (pgjdbc's and HikariCP's allocations count on both sides).\n");
    md.append("\nWhere each call's CPU went, per call, library / floor, in microseconds, over all rounds; then the"
        + " ratio that CPU allows beside the one measured (medians of the rounds):\n\n");
    md.append("| threads | caller threads | whole JVM | PostgreSQL | neither (soft interrupts, other processes) |"
        + " cores idle, library / floor | ratio the CPU allows | ratio measured |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Series s : r.series()) {
      md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s / %s | %s | %.3fx |%n", s.threads(),
          perCall(s, Series::callers), perCall(s, Series::jvm), perCall(s, Series::server), perCall(s, Series::other),
          format(Series.idleShare(s.library()), "%.0f%%", 100), format(Series.idleShare(s.floor()), "%.0f%%", 100),
          format(s.cpuBoundRatio(), "%.3fx", 1), s.medianRatio()));
    }
    md.append("\nCaller threads: their CPU time, user and system: the Java each side runs per call, pgjdbc's and"
        + " HikariCP's included, and the system calls of its sockets. Whole JVM: the process's CPU time (callers,"
        + " garbage collector, JIT compiler, the pool's housekeeping). PostgreSQL: user and system time of the local"
        + " server's processes (backends, WAL writer, checkpointer, and any that ended), n/a when the server is not on"
        + " this machine. Neither: the machine's busy time (`/proc/stat`) charged to neither process, mostly the"
        + " kernel's soft interrupts that carry loopback packets, which Linux accounts apart from any process. The"
        + " ratio the CPU allows: in each round, the floor's JVM and PostgreSQL CPU per call over the library's. The"
        + " floor sends the library's statements, so the server's work per call is the same on both sides and its"
        + " CPU per call differs only by the machine's noise; where the calls keep the cores busy (no core idle),"
        + " calls per second go as the inverse of the CPU per call, so a library that adds any CPU to the statements"
        + " the floor sends cannot expect a ratio above the one its CPU allows.\n");
    return md.toString();
  }

  /** {@code nanos} per call of both sides, as the CPU table prints it: {@code library / floor}. */
  private static String perCall(Series s, Function<Run, OptionalLong> nanos) {
    return micros(Series.microsPerCall(s.library(), nanos)) + " / " + micros(Series.microsPerCall(s.floor(), nanos));
  }

  private static String micros(OptionalDouble perCall) {
    return format(perCall, "%.1f", 1);
  }

  /** {@code value} times {@code scale}, as {@code pattern} formats it, or n/a. */
  private static String format(OptionalDouble value, String pattern, double scale) {
    return value.isPresent() ? String.format(Locale.ROOT, pattern, value.getAsDouble() * scale) : "n/a";
  }

  /** The verdict lines the run prints; returns how many targets missed. */
  static int verdicts(Result r, PrintStream out) {
    int missed = 0;
    for (Series s : r.series()) {
      out.printf(Locale.ROOT, "%-30s %-12s %s library / floor calls/s, %s bytes/call, %d thread(s), the CPU"
          + " allows %s%n", ID, s.passes() ? "PASS" : "FAIL", Ratios.beside(s.medianRatio(), MIN_RATIO),
          Ratios.beside(s.allocationRatio(), MAX_ALLOCATION), s.threads(),
          format(s.cpuBoundRatio(), "%.3fx", 1));
      missed += s.passes() ? 0 : 1;
    }
    Optional<double[]> c = r.contention();
    if (c.isPresent()) {
      out.printf(Locale.ROOT, "%-30s %-12s %s library calls/s at %.0f threads / at %d (the floor's: %.2fx)%n", ID,
          r.noCollapse() ? "PASS" : "FAIL", Ratios.beside(c.get()[1] / c.get()[0], 1), c.get()[2], POOL, c.get()[4] / c.get()[3]);
      missed += r.noCollapse() ? 0 : 1;
    }
    return missed;
  }

  /**
   * Call latencies in microseconds, counted in log-linear buckets (exact below 2,048 µs, then 1,024
   * buckets per power of two: within 0.1%), allocated up front so that recording allocates nothing.
   * One writer at a time.
   */
  static final class Latencies {
    private static final int EXACT = 2048;
    private static final int SUB = 1024;
    private static final int MAX_EXPONENT = 40;
    private final int[] counts = new int[EXACT + (MAX_EXPONENT - 10) * SUB];
    private long total;

    void record(long nanos) {
      counts[bucket(Math.max(0, nanos / 1000))]++;
      total++;
    }

    void add(Latencies other) {
      for (int i = 0; i < counts.length; i++) {
        counts[i] += other.counts[i];
      }
      total += other.total;
    }

    long count() {
      return total;
    }

    /** The {@code q}-quantile in microseconds (the lower bound of its bucket); 0 when empty. */
    double percentile(double q) {
      long rank = Math.max(1, (long) Math.ceil(q * total));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return lower(i);
        }
      }
      return 0;
    }

    static int bucket(long micros) {
      if (micros < EXACT) {
        return (int) micros;
      }
      long v = Math.min(micros, (1L << (MAX_EXPONENT + 1)) - 1);
      int exponent = 63 - Long.numberOfLeadingZeros(v); // 11 to MAX_EXPONENT
      int sub = (int) ((v >>> (exponent - 10)) & (SUB - 1));
      return EXACT + (exponent - 11) * SUB + sub;
    }

    static long lower(int bucket) {
      if (bucket < EXACT) {
        return bucket;
      }
      int exponent = (bucket - EXACT) / SUB + 11;
      int sub = (bucket - EXACT) % SUB;
      return (long) (SUB + sub) << (exponent - 10);
    }
  }
}
