package io.inrvo.data.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns measured numbers into {@code BENCHMARKS.md}: the table of targets with medians, ratios and
 * verdicts, the machine, the data set and how to reproduce. Pure: it takes numbers and returns
 * text, so a test can feed it fixed numbers.
 *
 * <p>It is long because it holds the report's whole text, each row's target and the prose that
 * explains it, in the order the report prints them: a reader checks a verdict against its target in
 * one place.
 */
public final class BenchmarkReport {

  private BenchmarkReport() {}

  /**
   * One benchmark's result, in microseconds.
   *
   * @param benchmark {@code Class.method}, e.g. {@code ServiceSessionVoiceLookup.library}
   * @param p50 median of the sampled calls
   * @param p90 90th percentile
   * @param samples how many calls were sampled
   * @param allocatedBytes bytes the client allocates per call (counted by the audit); NaN when unknown
   * @param roundMedians the median of each round, in round order
   */
  public record Measurement(String benchmark, double p50, double p90, long samples, double allocatedBytes,
      List<Double> roundMedians) {

    /** Copies the round medians. */
    public Measurement {
      roundMedians = List.copyOf(roundMedians);
    }
  }

  /**
   * What one call sends, counted through a counting data source: of one call, or the median of
   * several for the concurrent rows, whose count depends on how the callers' threads are scheduled.
   *
   * @param executions statement executions (a multi-statement string counts once: one message
   *     sequence); for the concurrent calls of {@code cache.dedup} and {@code voice-lookup.batched},
   *     the database executions of one invocation (the median over {@code calls})
   * @param commits commits and rollbacks
   * @param allocatedBytes bytes the calling thread allocated during the call
   * @param calls how many calls were counted
   * @param fewestExecutions the fewest executions one of those calls took
   * @param mostExecutions the most executions one of those calls took
   */
  public record Audit(int executions, int commits, long allocatedBytes, int calls, int fewestExecutions,
      int mostExecutions) {

    /** What one counted call sent. */
    public Audit(int executions, int commits, long allocatedBytes) {
      this(executions, commits, allocatedBytes, 1, executions, executions);
    }

    /** The executions with, when the counted calls differed, their range: {@code 2 (1-3)}. */
    public String executionsWithRange() {
      return withRange(0);
    }

    /** Round trips, with their range when the counted calls differed. */
    String roundTripsWithRange() {
      return withRange(commits);
    }

    /** The median executions plus {@code more}, and the range of executions plus {@code more}. */
    private String withRange(int more) {
      return fewestExecutions == mostExecutions ? Integer.toString(executions + more)
          : (executions + more) + " (" + (fewestExecutions + more) + "-" + (mostExecutions + more) + ")";
    }

    /** Round trips: BEGIN rides on the first statement, so executions plus commits. */
    public int roundTrips() {
      return executions + commits;
    }
  }

  /** The machine, the server and the run ({@code smoke}: the tiny harness check, numbers meaningless). */
  public record Environment(boolean smoke, String cpu, int cores, long memoryBytes, String os, String jdk, String postgres,
      String postgresSettings, double loadBefore, double loadAfter, String started, String duration,
      String jmhSettings, String command) {}

  /** The data set the run measured. */
  public record DataSet(long users, long meditations, long conversations, long voiceProfiles,
      long heavyUserRows, String databaseSize, int depth) {}

  /** A verdict against a target. */
  public enum Verdict {
    /** The target holds. */
    PASS,
    /** The target does not hold. */
    FAIL,
    /** No target: the numbers are reported. */
    REPORT,
    /** Not measured in this run (its benchmark could not run). */
    NOT_MEASURED
  }

  /** How a row's verdict is decided from its ratio (library p50 / floor p50). */
  enum Rule {
    /** ratio <= limit. */
    AT_MOST,
    /** floor / library >= limit ("N times faster"). */
    FASTER_BY,
    /** bytes ratio <= limit and ratio < 1. */
    FEWER_BYTES_AND_FASTER,
    /** cache hit: FASTER_BY and library p50 < 5 us. */
    HIT,
    /** 64 calls with dedup: ratio <= limit and one execution. */
    DEDUP,
    /** 64 batched lookups: ratio <= limit and at most {@link #MAX_BATCHED_EXECUTIONS} executions. */
    BATCHED,
    /** no target. */
    NONE
  }

  /**
   * One row of the report and the benchmarks that measure it.
   *
   * @param id the row's stable name, {@code area.operation}, optionally followed by {@code .variant}
   *     (e.g. {@code voice-lookup.service}, {@code voice-lookup.service.by-hand}): the first column
   *     of the report and the chart's label; {@code --only} matches it
   * @param operation what the library does, in a sentence
   * @param label the operation in a few words, for the chart
   * @param floor what it is measured beside
   * @param target the target, as text
   * @param library the library's benchmark, {@code Class.member}
   * @param floorBenchmark the floor's benchmark, {@code Class.member}
   * @param rule how the verdict is decided
   * @param limit the rule's number
   */
  record Row(String id, String operation, String label, String floor, String target, String library,
      String floorBenchmark, Rule rule, double limit) {

    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");

    /** Checks the id's form. */
    Row {
      if (!ID.matcher(id).matches()) {
        throw new IllegalArgumentException("row id must be lower-case words joined by '.', like"
            + " 'voice-lookup.service': " + id);
      }
    }

    /** Whether {@code type}'s benchmarks measure this row (its library or its floor side). */
    boolean measuredBy(Class<?> type) {
      String prefix = type.getSimpleName() + ".";
      return library.startsWith(prefix) || floorBenchmark.startsWith(prefix);
    }
  }

  /** The report's key of a benchmark: {@code Class.member}. */
  private static String bench(Class<?> type, String member) {
    return Interleaved.key(type, member);
  }

  /** The most statement executions 64 batched voice lookups may take. */
  static final int MAX_BATCHED_EXECUTIONS = 4;

  /** The report's table, in its order. */
  static final List<Row> ROWS = List.of(
      new Row("voice-lookup.service", "voice-profile lookup, service session", "service-session voice lookup",
          "raw JDBC, same SQL, one prepared statement", "<= 1.15x floor",
          bench(ServiceSessionVoiceLookup.class, "library"), bench(ServiceSessionVoiceLookup.class, "floor"),
          Rule.AT_MOST, 1.15),
      new Row("voice-lookup.user", "voice-profile lookup, user session (RLS)", "user-session voice lookup (RLS)",
          "raw JDBC doing the same transaction + `set_config` + query", "<= 1.10x floor",
          bench(UserSessionVoiceLookup.class, "library"), bench(UserSessionVoiceLookup.class, "floor"),
          Rule.AT_MOST, 1.10),
      new Row("history.first-page", "history first page with exact total", "first page + exact total",
          "raw JDBC, same two statements in one transaction", "<= 1.10x floor",
          bench(HistoryFirstPageWithTotal.class, "library"), bench(HistoryFirstPageWithTotal.class, "floor"),
          Rule.AT_MOST, 1.10),
      new Row("history.deep-page.keyset", "history page at depth 4,000 of a heavy user, keyset",
          "deep page: keyset vs OFFSET", "OFFSET 4,000 through the library", ">= 10x faster",
          bench(KeysetVersusOffset.class, "keyset"), bench(KeysetVersusOffset.class, "offset"), Rule.FASTER_BY, 10),
      new Row("history.save", "save meditation with audio URL (one call)", "save with audio URL",
          "the original insert-then-update, raw JDBC", "<= 0.65x",
          bench(SaveWithAudioUrl.class, "library"), bench(SaveWithAudioUrl.class, "floor"), Rule.AT_MOST, 0.65),
      new Row("admin.users.explicit-columns", "admin users list, explicit columns", "admin users: explicit vs *",
          "`SELECT *` of the same rows", ">= 40% fewer bytes, and faster",
          bench(AdminUsersExplicitColumns.class, "explicitColumns"), bench(AdminUsersExplicitColumns.class, "selectStar"),
          Rule.FEWER_BYTES_AND_FASTER, 0.60),
      new Row("cache.warm-hit", "history first page from a warm cache", "first page, warm cache",
          "the same call uncached", ">= 100x faster; hit well under 5 us",
          bench(WarmCacheHit.class, "hit"), bench(WarmCacheHit.class, "uncached"), Rule.HIT, 100),
      new Row("cache.dedup", "64 concurrent identical cold calls, with the deduplicator", "64 cold calls, dedup",
          "the same 64 calls deduplicated by hand, one shared future (without it: `cache.dedup.without`)",
          "exactly 1 database execution; wall time <= 1.1x the shared future",
          bench(DeduplicatedColdCalls.class, "deduplicated"), bench(DeduplicatedColdCalls.class, "byHand"),
          Rule.DEDUP, 1.1),
      new Row("voice-lookup.batched", "64 concurrent distinct voice lookups (service session), batched",
          "64 voice lookups, batched", "the same 64 lookups unbatched, one statement each (16-connection pool)",
          "at most " + MAX_BATCHED_EXECUTIONS + " statements; wall time <= 0.5x unbatched",
          bench(BatchedVoiceLookups.class, "batched"), bench(BatchedVoiceLookups.class, "unbatched"),
          Rule.BATCHED, 0.5),
      new Row("search.gin-containment", "GIN containment search on messages", "GIN search vs no index",
          "the same query with the index dropped", "report",
          bench(GinContainmentSearch.class, "withIndex"), bench(GinContainmentSearch.class, "withoutIndex"),
          Rule.NONE, 0),
      adminPage("users", AdminUsersPages.class, AdminListPages.SMALL),
      adminPage("users", AdminUsersPages.class, AdminListPages.LARGE),
      adminPage("meditations", AdminMeditationsPages.class, AdminListPages.SMALL),
      adminPage("meditations", AdminMeditationsPages.class, AdminListPages.LARGE),
      adminPage("voice-profiles", AdminVoiceProfilesPages.class, AdminListPages.SMALL),
      adminPage("voice-profiles", AdminVoiceProfilesPages.class, AdminListPages.LARGE),
      new Row("replicas.read", "history first page through a replica-aware Inrvo, replica current (served by the standby)",
          "read via replica-aware Inrvo", "the same call through a plain Inrvo on the primary", "<= 1.05x",
          bench(ReplicaRead.class, "throughReplica"), bench(ReplicaRead.class, "onPrimary"),
          Rule.AT_MOST, 1.05),
      new Row("replicas.write-token", "save recording its commit position (consistency token), one round trip",
          "save with token capture", "the same save through a plain Inrvo", "<= 1.05x",
          bench(ReplicaWrite.class, "withToken"), bench(ReplicaWrite.class, "withoutToken"),
          Rule.AT_MOST, 1.05));

  /** An admin list's page through the library beside the raw explicit-column query of the same page. */
  private static Row adminPage(String list, Class<? extends AdminListPages> type, int size) {
    return new Row("admin." + list + ".page-" + size,
        "admin " + list.replace('-', ' ') + " page of " + size + ": the admin check and the page in one statement",
        "admin " + list.replace('-', ' ') + ", " + size + " rows",
        "the raw explicit-column query of the same page, raw JDBC", "<= 1.2x floor",
        bench(type, "library" + size), bench(type, "raw" + size), Rule.AT_MOST, 1.2);
  }

  /** An admin list's page sent by hand as the library sends it, beside the raw page. */
  private static Row adminByHand(String list, Class<? extends AdminListPages> type, int size) {
    return new Row("admin." + list + ".page-" + size + ".by-hand",
        "admin " + list.replace('-', ' ') + " page of " + size + ": the library's protocol by hand",
        "admin " + list.replace('-', ' ') + ", " + size + " rows, by hand",
        "the floor of `admin." + list + ".page-" + size + "`", "",
        bench(type, "byHand" + size), bench(type, "raw" + size), Rule.NONE, 0);
  }

  /**
   * A step of the security context's cost for an admin list's small page: {@code member} (the raw
   * page behind the context statement, with or without the admin's role) beside the raw page.
   */
  private static Row adminStep(String list, Class<? extends AdminListPages> type, String step, String member,
      String operation) {
    return new Row("admin." + list + ".page-50." + step, operation,
        "admin " + list.replace('-', ' ') + ", 50 rows, " + step,
        "the floor of `admin." + list + ".page-50`", "", bench(type, member), bench(type, "raw50"), Rule.NONE, 0);
  }

  /** An admin list's small page with its {@code ESTIMATED} total beside the raw page (no total). */
  private static Row adminEstimated(String list, Class<? extends AdminListPages> type) {
    return new Row("admin." + list + ".page-50.estimated",
        "admin " + list.replace('-', ' ') + " page of 50 with its `ESTIMATED` total, one statement",
        "admin " + list.replace('-', ' ') + ", 50 rows + estimate",
        "the raw explicit-column query of the same page (no total)", "",
        bench(type, "estimated50"), bench(type, "raw50"), Rule.NONE, 0);
  }

  /** Rows that are not in the report's table but explain it; no verdict. */
  static final List<Row> EXTRA = List.of(
      byHand("voice-lookup.service", ServiceSessionVoiceLookup.class,
          "voice lookup, service session: the library's protocol by hand", "service lookup, protocol by hand"),
      new Row("round-trip", "one bare round trip (`select 1`)", "select 1 vs service lookup's floor",
          "the floor of `voice-lookup.service`", "", bench(ServiceSessionVoiceLookup.class, "roundTrip"),
          bench(ServiceSessionVoiceLookup.class, "floor"), Rule.NONE, 0),
      contextPart("second-statement", "afterSelectOne", "`select 1`", "after select 1"),
      contextPart("role", "afterRole", "the role alone (`set_config('role', 'service_role', true)`)", "after the role"),
      contextPart("whole", "afterContext",
          "the library's whole context statement (role, claims, statement timeout, read-only)", "after the context"),
      byHand("voice-lookup.user", UserSessionVoiceLookup.class,
          "voice lookup, user session: the library's protocol by hand", "user lookup, protocol by hand"),
      byHand("history.first-page", HistoryFirstPageWithTotal.class,
          "first page with exact total: the library's protocol by hand", "first page, protocol by hand"),
      byHand("history.save", SaveWithAudioUrl.class,
          "save with audio URL: the library's protocol by hand", "save, protocol by hand"),
      new Row("replicas.write-token.protocols", "the token's protocol by hand around one save statement",
          "save with token, by hand", "the same save by hand without the token", "",
          bench(ReplicaWrite.class, "withTokenByHand"), bench(ReplicaWrite.class, "withoutTokenByHand"),
          Rule.NONE, 0),
      adminEstimated("users", AdminUsersPages.class),
      adminByHand("users", AdminUsersPages.class, AdminListPages.SMALL),
      adminStep("users", AdminUsersPages.class, "context", "context50",
          "the raw page of 50 behind the library's context statement, as the login's own role (no row-level security)"),
      adminStep("users", AdminUsersPages.class, "policies", "policies50",
          "the raw page of 50 as the admin (role `authenticated`, the admin's claims): row-level security, no admin check"),
      adminByHand("users", AdminUsersPages.class, AdminListPages.LARGE),
      adminEstimated("meditations", AdminMeditationsPages.class),
      adminByHand("meditations", AdminMeditationsPages.class, AdminListPages.SMALL),
      adminStep("meditations", AdminMeditationsPages.class, "context", "context50",
          "the raw page of 50 behind the library's context statement, as the login's own role (no row-level security)"),
      adminStep("meditations", AdminMeditationsPages.class, "policies", "policies50",
          "the raw page of 50 as the admin (role `authenticated`, the admin's claims): row-level security, no admin check"),
      adminByHand("meditations", AdminMeditationsPages.class, AdminListPages.LARGE),
      adminEstimated("voice-profiles", AdminVoiceProfilesPages.class),
      adminByHand("voice-profiles", AdminVoiceProfilesPages.class, AdminListPages.SMALL),
      adminStep("voice-profiles", AdminVoiceProfilesPages.class, "context", "context50",
          "the raw page of 50 behind the library's context statement, as the login's own role (no row-level security)"),
      adminStep("voice-profiles", AdminVoiceProfilesPages.class, "policies", "policies50",
          "the raw page of 50 as the admin (role `authenticated`, the admin's claims): row-level security, no admin check"),
      adminByHand("voice-profiles", AdminVoiceProfilesPages.class, AdminListPages.LARGE),
      new Row("voice-lookup.batched.release",
          "64 parked callers released at the gate, each returning at once (no lookup)",
          "64 callers released, no lookup", "the 64 unbatched lookups (the floor of `voice-lookup.batched`)", "",
          bench(BatchedVoiceLookups.class, "released"), bench(BatchedVoiceLookups.class, "unbatched"),
          Rule.NONE, 0),
      new Row("cache.dedup.without",
          "64 concurrent identical cold calls on the plain library (no cache, no deduplicator)",
          "64 cold calls, no cache", "one cold call through the cache", "",
          bench(DeduplicatedColdCalls.class, "withoutDeduplicator"), bench(DeduplicatedColdCalls.class, "oneCall"),
          Rule.NONE, 0),
      new Row("cache.dedup.one-call",
          "one cold call alone through the cache (the 64 callers stay parked)",
          "one cold call, alone", "the 64 calls deduplicated by hand (the floor of `cache.dedup`)", "",
          bench(DeduplicatedColdCalls.class, "oneCall"), bench(DeduplicatedColdCalls.class, "byHand"),
          Rule.NONE, 0));

  /**
   * A step of {@link ContextStatementParts}: the service lookup's query after {@code first} in the
   * same round trip, beside the query alone.
   */
  private static Row contextPart(String step, String member, String first, String label) {
    return new Row("voice-lookup.service.context." + step,
        "the service voice lookup's query after " + first + " in the same round trip",
        "service lookup query " + label, "the same query alone, interleaved with it", "",
        bench(ContextStatementParts.class, member), bench(ContextStatementParts.class, "query"), Rule.NONE, 0);
  }

  /** The {@code .by-hand} row of an interleaved pair: its protocol written by hand against its floor. */
  private static Row byHand(String pair, Class<? extends Interleaved> type, String operation, String label) {
    return new Row(pair + ".by-hand", operation, label, "the floor of `" + pair + "`", "",
        bench(type, "protocolByHand"), bench(type, "floor"), Rule.NONE, 0);
  }

  /** Every row's id, the table's first. */
  static List<String> ids() {
    return java.util.stream.Stream.concat(ROWS.stream(), EXTRA.stream()).map(Row::id).toList();
  }

  /** The rows {@code type}'s benchmarks measure, the table's first. */
  static List<Row> rowsOf(Class<?> type) {
    return java.util.stream.Stream.concat(ROWS.stream(), EXTRA.stream()).filter(row -> row.measuredBy(type)).toList();
  }

  /** A row with its numbers and verdict. */
  record Result(Row row, Optional<Measurement> library, Optional<Measurement> floor, double ratio,
      Verdict verdict, String why) {

    boolean measured() {
      return library.isPresent() && floor.isPresent();
    }
  }

  /** Decides every row's verdict from the measurements (keyed by {@code Class.method}). */
  static List<Result> evaluate(List<Row> rows, Map<String, Measurement> results, Map<String, Audit> audits,
      Optional<AdminUsersExplicitColumns.Bytes> bytes) {
    List<Result> out = new ArrayList<>();
    for (Row row : rows) {
      Optional<Measurement> lib = Optional.ofNullable(results.get(row.library()));
      Optional<Measurement> floor = Optional.ofNullable(results.get(row.floorBenchmark()));
      if (lib.isEmpty() || floor.isEmpty()) {
        out.add(new Result(row, lib, floor, Double.NaN, Verdict.NOT_MEASURED,
            "benchmark missing from this run"));
        continue;
      }
      double ratio = lib.get().p50() / floor.get().p50();
      out.add(judge(row, lib.get(), floor.get(), ratio, audits, bytes));
    }
    return out;
  }

  private static Result judge(Row row, Measurement lib, Measurement floor, double ratio,
      Map<String, Audit> audits, Optional<AdminUsersExplicitColumns.Bytes> bytes) {
    Optional<Measurement> l = Optional.of(lib);
    Optional<Measurement> f = Optional.of(floor);
    return switch (row.rule()) {
      case AT_MOST -> new Result(row, l, f, ratio, ratio <= row.limit() ? Verdict.PASS : Verdict.FAIL,
          fmt("%s %s %.2fx", Ratios.beside(ratio, row.limit()), ratio <= row.limit() ? "<=" : ">", row.limit()));
      case FASTER_BY -> new Result(row, l, f, ratio, 1 / ratio >= row.limit() ? Verdict.PASS : Verdict.FAIL,
          Ratios.number(1 / ratio, row.limit(), 0) + "x faster");
      case FEWER_BYTES_AND_FASTER -> {
        if (bytes.isEmpty()) {
          yield new Result(row, l, f, ratio, Verdict.NOT_MEASURED, "bytes not measured");
        }
        double byteRatio = (double) bytes.get().wireExplicit() / bytes.get().wireStar();
        boolean pass = byteRatio <= row.limit() && ratio < 1;
        yield new Result(row, l, f, ratio, pass ? Verdict.PASS : Verdict.FAIL,
            Ratios.number(100 * (1 - byteRatio), 100 * (1 - row.limit()), 0) + "% fewer bytes received, "
                + Ratios.beside(ratio, 1) + " the time");
      }
      case HIT -> {
        boolean pass = 1 / ratio >= row.limit() && lib.p50() < 5;
        yield new Result(row, l, f, ratio, pass ? Verdict.PASS : Verdict.FAIL,
            fmt("%sx faster, hit p50 %.2f us", Ratios.number(1 / ratio, row.limit(), 0), lib.p50()));
      }
      case DEDUP -> {
        Audit audit = audits.get(row.library());
        int executions = audit == null ? -1 : audit.executions();
        // the deduplicator's promise holds for every invocation, not typically: each counted call must take one
        boolean pass = ratio <= row.limit() && executions == 1 && audit.mostExecutions() == 1;
        yield new Result(row, l, f, ratio, pass ? Verdict.PASS : Verdict.FAIL,
            fmt("%s database execution(s)%s, %s the shared future", audit == null ? "-" : audit.executionsWithRange(),
                calls(audit), Ratios.beside(ratio, row.limit())));
      }
      case BATCHED -> {
        Audit audit = audits.get(row.library());
        int executions = audit == null ? -1 : audit.executions();
        boolean pass = ratio <= row.limit() && executions >= 1 && executions <= MAX_BATCHED_EXECUTIONS;
        yield new Result(row, l, f, ratio, pass ? Verdict.PASS : Verdict.FAIL,
            fmt("%s statement execution(s)%s, %s unbatched", audit == null ? "-" : audit.executionsWithRange(),
                calls(audit), Ratios.beside(ratio, row.limit())));
      }
      case NONE -> new Result(row, l, f, ratio, Verdict.REPORT,
          ratio < 1 ? fmt("%.0fx faster", 1 / ratio) : fmt("%.2fx", ratio));
    };
  }

  /** The whole {@code BENCHMARKS.md}. */
  public static String markdown(Environment env, DataSet data, Map<String, Measurement> results,
      Map<String, Audit> audits, Optional<AdminUsersExplicitColumns.Bytes> bytes, String chart) {
    List<Result> rows = evaluate(ROWS, results, audits, bytes);
    List<Result> extra = evaluate(EXTRA, results, audits, bytes);
    StringBuilder md = new StringBuilder(8192);
    md.append("# Benchmarks\n\n");
    if (env.smoke()) {
      md.append("> **Smoke run**: tiny data set, one 1-second iteration per benchmark. It proves the harness runs;"
          + " its numbers and verdicts mean nothing.\n\n");
    }
    md.append("The library against the floor a library can at best reach (hand-written JDBC doing the same work),"
        + " each pair measured in the same JMH run on the same pool. Figures are medians (p50)"
        + " of every sampled call in microseconds, pooled over the run's rounds; ratio = library p50 / floor p50."
        + " \"Ratio per round\" is the spread of the same ratio computed round by round: the machine is shared,"
        + " and a narrow spread is what makes a verdict trustworthy. A target says how close to hand-written JDBC"
        + " the library stays, so that its checks, sessions and mapping cost its users (almost) nothing, or how much"
        + " a design choice (keyset paging, one round trip, explicit columns, the cache) must gain to earn its place."
        + " Each row is named `area.operation` (`.by-hand`: the library's protocol written by hand). Generated by"
        + " the benchmark jar (see the end); do not edit by hand.\n\n");
    md.append("![Ratios of library to floor, log scale](").append(chart).append(")\n\n");
    md.append("## Results\n\n");
    md.append("| row | operation | library p50 (us) | floor measured beside it | floor p50 (us) | ratio | ratio per round"
        + " (min-max) | p90 library / floor (us) | round trips library / floor | target | verdict |\n");
    md.append("|---|---|---:|---|---:|---:|---:|---:|---:|---|---|\n");
    for (Result r : rows) {
      md.append(tableRow(r, audits, data.depth()));
    }
    md.append("\nVerdict details:\n\n");
    for (Result r : rows) {
      md.append("- `").append(r.row().id()).append("` ").append(r.verdict().name().replace('_', ' '))
          .append(": ").append(r.why()).append('\n');
    }
    md.append("\n### Beside the table\n\n");
    md.append("Rows ending in `.by-hand` run the library's own protocol written by hand in JDBC, interleaved with the library"
        + " and its floor: the library's context statement and its statement text as one statement string in"
        + " autocommit, which pgjdbc sends with a single Sync, so the server runs both in one implicit transaction (the"
        + " `set_config(..., true)` settings reach the statement and end with it) in one round trip. The gap between"
        + " a `.by-hand` row and the library is what the library itself adds (its checks, binding and mapping; its"
        + " fixed-shape statements are rendered by jOOQ once, not per call);"
        + " the gap between a `.by-hand` row and the floor is what the context statement costs. `round-trip` is one"
        + " bare round trip. `voice-lookup.service.context.*` split what the context statement costs, in a pair of"
        + " their own: the service lookup's query after a first statement in the same round trip (a bare `select 1`,"
        + " the role alone, then the whole context) beside the same query alone, so that what any second statement"
        + " costs (the server's work and the messages both ways) shows apart from what the settings add."
        + " `admin.*.page-50.context` and `.policies` split what an admin page's security costs"
        + " beside its raw page: the context statement alone (the login's own role, so no row-level security), then"
        + " the admin's role and claims, so that the tables' row-level security policies filter the page; the"
        + " `.by-hand` row adds the admin check. `replicas.write-token.protocols` is the token's protocol by hand"
        + " (explicit block, commit, then the log position) around one save statement, beside the plain protocol"
        + " around the same statement. `voice-lookup.batched.release` releases the 64 parked callers of"
        + " `voice-lookup.batched` without a lookup: the wake-up and join both of its sides pay."
        + " `admin.*.page-50.estimated` add the `ESTIMATED` total to the library's call, `cache.dedup.without` the 64"
        + " calls of `cache.dedup` without the cache, `cache.dedup.one-call` one of those calls alone,"
        + " beside the floor of `cache.dedup` (the 64 sharing one hand-written future): what waking 63 waiters costs on"
        + " this machine.\n\n");
    md.append("| row | operation | p50 (us) | compared with | its p50 (us) | ratio | ratio per round | p90 (us) |"
        + " round trips |\n");
    md.append("|---|---|---:|---|---:|---:|---:|---:|---:|\n");
    for (Result r : extra) {
      md.append(fmt("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.row().id(), r.row().operation(),
          r.library().map(m -> num(m.p50())).orElse("-"), r.row().floor(),
          r.floor().map(m -> num(m.p50())).orElse("-"), ratio(r), roundRange(r), p90(r), trips(r, audits)));
    }
    Optional.ofNullable(results.get(bench(ServiceSessionVoiceLookup.class, "roundTrip")))
        .ifPresent(m -> md.append(fmt("%nOne round trip (`select 1` through the same pool, interleaved with"
            + " `voice-lookup.service`): p50 %s us,"
            + " p90 %s us. On this machine most of a point query is round trips.%n",
            num(m.p50()), num(m.p90()))));
    bytes.ifPresent(b -> md.append(bytesSection(b, results)));
    md.append("\n## Machine and data set\n\n");
    md.append("| | |\n|---|---|\n");
    md.append(fmt("| CPU | %s, %d cores |%n", env.cpu(), env.cores()));
    md.append(fmt("| memory | %.1f GiB |%n", env.memoryBytes() / (1024.0 * 1024 * 1024)));
    md.append(fmt("| OS | %s |%n", env.os()));
    md.append(fmt("| JDK | %s |%n", env.jdk()));
    md.append(fmt("| PostgreSQL | %s |%n", env.postgres()));
    md.append(fmt("| server settings | %s |%n", env.postgresSettings()));
    md.append(fmt("| load average | %.2f before the run, %.2f after (1-minute; other processes share the cores) |%n",
        env.loadBefore(), env.loadAfter()));
    md.append(fmt("| data set | %,d users, %,d meditation rows (heavy users: %,d+ rows each), %,d conversations,"
        + " %,d voice profiles; database %s |%n", data.users(), data.meditations(), data.heavyUserRows(),
        data.conversations(), data.voiceProfiles(), data.databaseSize()));
    md.append(fmt("| deep page | depth %,d |%n", data.depth()));
    md.append(fmt("| run | %s, took %s |%n", env.started(), env.duration()));
    md.append(fmt("| JMH | %s |%n", env.jmhSettings()));
    md.append("\n## What each side sends\n\n");
    md.append(fmt("""
        - Both sides borrow connections from one HikariCP pool with pgjdbc's defaults (`prepareThreshold=5`: named \
        server-side statements after five executions, like pgbench `-M prepared`). The connection is direct, so \
        the library runs with `serverPreparedStatements(true)`, its statements named as the floors' are; its \
        default, every statement unnamed so that a transaction-mode pooler is safe, costs a point query about \
        twice the time on a direct connection (measured: `voice-lookup.service` 181 us against the floor's 86 us, \
        and 1.22x a floor that is unnamed too; the throughput section runs both sides unnamed). Ids rotate per \
        call through a fixed sample picked at setup (300 voice profiles or ordinary users; the 5 heavy users for \
        `history.deep-page.keyset`).
        - Before JMH's warmup, each fork of an interleaved class calls its members, untimed, for %,d \
        rounds or %d s, whichever ends first. JMH's warmup alone (4 s) is a few thousand calls of an operation \
        that takes a millisecond, and HotSpot compiles a method at its final tier after some 5,000-15,000 calls: \
        the library's longer path (checks, session, mapping) still ran partly in the interpreter and in \
        profiling code while the floors' plain JDBC did not (a wall-clock profile of `history.save` showed \
        interpreter and compiler frames under the library's calls only). A service that has been up for \
        minutes runs both compiled. Measured without these cycles (the runs before 0.5.2), the library's gap \
        to its protocol by hand was about twice as large for the save.
        - The members of each pair (the `voice-lookup`, `history` and `admin` rows, the `.by-hand` rows and \
        `round-trip`) run interleaved on one thread: each JMH invocation \
        calls every member once, in an order that rotates from one invocation to the next, and times each call; \
        the medians are over every call of the measurement iterations. So they share every second of the \
        machine's noise (a lone round trip here costs 20 us in one second and 70 us in the next, with the other \
        processes' load) and the same placement on the 2 vCPUs: members on threads of their own got placements \
        that lasted a whole fork, and a bias larger than the differences measured. One call runs at a time \
        (c = 1). The `cache` and `search` rows run as plain JMH benchmarks: a cache hit of a fraction of a \
        microsecond is better sampled by JMH than timed call by call, 64 concurrent callers are not one thread's \
        calls, and the search's gap is an order of magnitude.
        - Library calls that are one statement (lookups, history pages, saves) send the library's context statement \
        (`set_config` of role, claims, statement timeout, read-only for reads) and the statement as one \
        multi-statement string in autocommit: one round trip, one implicit transaction. Calls of several statements \
        (the `PLANNED` history total) run a transaction: BEGIN rides on the context statement, \
        then each statement, then COMMIT. Round trips and allocation were counted through a counting data source \
        and the thread's allocation counter, one call each, before the timed run, after three calls that warm it; \
        for the concurrent rows (`cache.dedup`, `voice-lookup.batched`) 21 calls each, whose median the table shows \
        with the range in parentheses, because how many statements 64 threads share depends on how they are \
        scheduled. `cache.dedup` passes only if every counted call took one execution.
        - `voice-lookup.service`: the floor sends the library's query text as one prepared statement in autocommit \
        (one round trip). `voice-lookup.user`: the floor sends the library's context statement and query text in \
        a transaction with COMMIT.
        - `history.first-page`: the floor sends page (21 rows) and `count(*)` in one transaction, no context statement; the library \
        sends its context statement and one statement carrying the exact total as a scalar subquery.
        - `history.deep-page.keyset`: both sides through the library, without a total (`CountPolicy.NONE`): the cursor of the page before \
        versus `PageRequest.atOffset(depth)`; setup checks both return the same rows.
        - `history.save`: the library's `history().save(NewMeditation...withAudioUrl(url))` (its context statement \
        and `select save_meditation_with_audio(...)` as one string: one round trip, one commit) versus the original \
        code's INSERT ... RETURNING id then UPDATE of `audio_url`, each in autocommit (two commits); 12.8 KB script, 150-character prompt. Saved rows are \
        deleted after the trial.
        - `admin.users.explicit-columns`: the app's original `getAllUsers()`, every user newest first, raw JDBC in \
        autocommit: the library's eight columns (checked against the SQL the library sends) versus `SELECT *`, every value read with `getObject`. \
        The library itself serves admin lists in pages of at most 500 rows, so it cannot be asked for all users \
        in one call; `admin.users.page-500` measures that real call.
        - `admin.*.page-50` and `admin.*.page-500`: the library's `admin().users|meditations|voiceProfiles(AdminListRequest.first(n) \
        .withCount(CountPolicy.NONE))` as an admin session (its context statement and one statement with the \
        database's admin check, `(select inrvo_private.require_admin())`, and the page of n + 1 rows, under the admin's \
        row-level security: one round trip) versus the same columns, join and order with `LIMIT n` as the database's \
        login, raw JDBC in autocommit, every value read with `getObject`; setup checks both read the same page.
        - `cache.warm-hit`: `CachingInrvo.wrap(inrvo)` (Caffeine, default settings), every user's first page loaded at setup, \
        so every timed call is a hit; versus the plain library's call.
        - `cache.dedup`: before each invocation the user's entries are dropped (`invalidateUser`) and 64 threads park at a \
        gate (setup returns once all 64 are parked); the timed part opens the gate, unparking each thread itself (a \
        `CountDownLatch` wakes its waiters one after another, one context switch apiece, and 64 callers trickled in \
        over about 2 ms), and waits for all 64 results. Database executions per invocation come \
        from the audit. `cache.dedup.without` sends the same 64 calls through the plain library and a 16-connection pool.
        - `voice-lookup.batched`: 64 threads park at the same kind of gate, each with a distinct voice profile and its \
        owner; the timed part opens the gate and waits for all 64 service-session lookups, through an `Inrvo` with \
        `voiceLookupBatching(0.25 ms)` versus a plain one (one statement per lookup), both on one 16-connection pool. \
        Statement executions per invocation come from the audit: the median of 21 invocations.
        - `search.gin-containment`: raw JDBC on both sides, the cross-user query `messages @> '[{"topic":"<rare>"}]' ORDER BY \
        updated_at DESC LIMIT 20`; "dropped" runs inside a transaction that dropped the index and is rolled back \
        after the trial.
        """, BenchRunner.PREWARM_CYCLES, BenchRunner.PREWARM_SECONDS));
    md.append("\n## How to reproduce\n\n");
    md.append("```\n./mvnw -q -DskipTests package\n").append(env.command()).append("\n```\n\n");
    md.append("The command creates, migrates and seeds database `inrvo_bench` on the local server when it is missing or"
        + " smaller than the default data set (about a minute), runs every benchmark (about 40 minutes on 2 cores) and"
        + " rewrites this file and `docs/benchmarks.png`. `--smoke` runs a tiny data set with one short iteration"
        + " per benchmark, and `--only PATTERN` the benchmarks whose row or class matches PATTERN (e.g. `--only"
        + " voice-lookup`); both write to `target/benchmarks-smoke/` instead. JMH's raw results are kept in"
        + " `target/benchmarks/jmh-roundN.json`, and the timed calls of the interleaved pairs (one file per member,"
        + " in nanoseconds) in `target/benchmarks/jmh-roundN.json.samples/`.\n");
    return md.toString();
  }

  private static String tableRow(Result r, Map<String, Audit> audits, int depth) {
    // The deep page's row names its depth; the smoke run pages less deep.
    String depthText = fmt("%,d", depth);
    return fmt("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s | **%s** |%n", r.row().id(),
        r.row().operation().replace("4,000", depthText),
        r.library().map(m -> num(m.p50())).orElse("-"), r.row().floor().replace("4,000", depthText),
        r.floor().map(m -> num(m.p50())).orElse("-"), ratio(r), roundRange(r), p90(r), trips(r, audits),
        r.row().target(),
        r.verdict().name().replace('_', ' '));
  }

  private static String bytesSection(AdminUsersExplicitColumns.Bytes b, Map<String, Measurement> results) {
    StringBuilder s = new StringBuilder();
    s.append(fmt("%n### `admin.users.explicit-columns`: bytes of the %,d-row users list%n%n", b.rows()));
    s.append("| | explicit columns | `SELECT *` | explicit / `*` |\n|---|---:|---:|---:|\n");
    s.append(fmt("| server: `sum(pg_column_size(row))` of the result | %,d | %,d | %.2f |%n",
        b.serverExplicit(), b.serverStar(), (double) b.serverExplicit() / b.serverStar()));
    s.append(fmt("| client: DataRow bytes received (the verdict's measure) | %,d | %,d | %.2f |%n",
        b.wireExplicit(), b.wireStar(), (double) b.wireExplicit() / b.wireStar()));
    Measurement e = results.get(bench(AdminUsersExplicitColumns.class, "explicitColumns"));
    Measurement st = results.get(bench(AdminUsersExplicitColumns.class, "selectStar"));
    if (e != null && st != null && !Double.isNaN(e.allocatedBytes()) && !Double.isNaN(st.allocatedBytes())) {
      s.append(fmt("| client: bytes allocated per call, driver decoding included (thread allocation counter) | %,.0f | %,.0f | %.2f |%n",
          e.allocatedBytes(), st.allocatedBytes(), e.allocatedBytes() / st.allocatedBytes()));
    }
    s.append("\nThe verdict counts the bytes the client receives: the DataRow messages pgjdbc reads (7 bytes per row,"
        + " 4 per value plus the value as sent, measured after the driver switched to its named statement and binary"
        + " transfer, as in the timed run). That is the payload the \"~40% smaller\" target is about; the server-side"
        + " size shows the same rows as stored tuples.\n");
    return s.toString();
  }

  private static String ratio(Result r) {
    return r.measured() ? shownRatio(r) : "-";
  }

  /**
   * A measured row's ratio as the table and the chart print it: two decimals, three below 0.1, and
   * for a row with a target as many more as it takes not to print as the target's ratio (see
   * {@link Ratios#beside}).
   */
  static String shownRatio(Result r) {
    return Ratios.beside(r.ratio(), targetRatio(r.row()).orElse(r.ratio()));
  }

  /** The smallest and largest ratio of the per-round medians: how far the machine's noise moved the pair. */
  static String roundRange(Result r) {
    if (!r.measured()) {
      return "-";
    }
    List<Double> lib = r.library().orElseThrow().roundMedians();
    List<Double> floor = r.floor().orElseThrow().roundMedians();
    int rounds = Math.min(lib.size(), floor.size());
    if (rounds < 2) {
      return "-";
    }
    double min = Double.MAX_VALUE;
    double max = 0;
    for (int i = 0; i < rounds; i++) {
      double ratio = lib.get(i) / floor.get(i);
      min = Math.min(min, ratio);
      max = Math.max(max, ratio);
    }
    return fmt(min < 0.1 ? "%.3f-%.3f" : "%.2f-%.2f", min, max);
  }

  private static String p90(Result r) {
    if (!r.measured()) {
      return "-";
    }
    return num(r.library().orElseThrow().p90()) + " / " + num(r.floor().orElseThrow().p90());
  }

  /** How many invocations a concurrent row's count is the median of, when more than one. */
  private static String calls(Audit audit) {
    return audit == null || audit.calls() == 1 ? "" : fmt(" per invocation, median of %d", audit.calls());
  }

  private static String trips(Result r, Map<String, Audit> audits) {
    Audit lib = audits.get(r.row().library());
    Audit floor = audits.get(r.row().floorBenchmark());
    return trips(lib) + " / " + trips(floor);
  }

  private static String trips(Audit audit) {
    return audit == null ? "-" : audit.roundTripsWithRange();
  }

  /** Microseconds with sensible precision. */
  static String num(double us) {
    if (us >= 1000) {
      return fmt("%,.0f", us);
    }
    return us >= 10 ? fmt("%.0f", us) : fmt("%.2f", us);
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }

  /** The rows of the report's table that were measured, for the chart. */
  static List<Result> chartRows(Map<String, Measurement> results, Map<String, Audit> audits,
      Optional<AdminUsersExplicitColumns.Bytes> bytes) {
    List<Result> all = new ArrayList<>(evaluate(ROWS, results, audits, bytes));
    all.addAll(evaluate(EXTRA, results, audits, bytes));
    return all.stream().filter(Result::measured).toList();
  }

  /** The numeric limit of a row's target as a ratio (library / floor), if it has one. */
  static Optional<Double> targetRatio(Row row) {
    Objects.requireNonNull(row, "row");
    return switch (row.rule()) {
      case AT_MOST, DEDUP, BATCHED -> Optional.of(row.limit());
      case FASTER_BY, HIT -> Optional.of(1 / row.limit());
      case FEWER_BYTES_AND_FASTER -> Optional.of(1.0);
      case NONE -> Optional.empty();
    };
  }
}
