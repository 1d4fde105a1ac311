package io.inrvo.data.health;

import io.inrvo.data.InrvoException;
import io.inrvo.data.InvalidInputException;
import io.inrvo.data.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Health checks and maintenance for one database: index, table, statement and plan reports,
 * {@code ANALYZE}, security lints, and all of it at once as a {@link HealthReport}.
 *
 * <p>Give it a monitoring, service or owner connection, not a per-user session: the reports read
 * catalogs and cumulative statistics, which row-level security does not govern. Reading works for
 * any role with {@code pg_read_all_stats} (or a superuser); {@link #analyze(String...)} needs the
 * tables' owner (or {@code MAINTAIN} on PostgreSQL 17); {@link #ensureStatementStats()} needs a
 * role that may create the extension.
 *
 * <pre>{@code
 * DatabaseHealth health = DatabaseHealth.create(dataSource);
 * HealthReport report = health.check();
 * System.out.print(report.toText());
 * if (!report.passed()) { ... }
 * }</pre>
 *
 * <p>Cumulative statistics (scans, tuples, analyze times) reach the shared statistics a moment
 * after a transaction ends (PostgreSQL 15 flushes them when the backend goes idle, at most once a
 * second unless {@code pg_stat_force_next_flush()} was called), so a report taken right after work
 * on another connection may not show it yet. Instances are immutable and thread-safe; every call
 * borrows one connection and returns it.
 */
public final class DatabaseHealth {

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  private static final String DATABASE = Db.MARKER + """
      select current_database() as name, d.stats_reset, d.blks_hit, d.blks_read
      from pg_stat_database d where d.datname = current_database()""";

  private static final String TABLE_BY_NAME = Db.MARKER + """
      select c.relkind::text as kind, coalesce(s.n_mod_since_analyze, 0) as modified
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_stat_all_tables s on s.relid = c.oid
      where n.nspname = ? and c.relname = ?""";

  private static final String CHANGED_TABLES = Db.MARKER + """
      select s.schemaname as schema_name, s.relname as table_name, s.n_mod_since_analyze as modified
      from pg_stat_all_tables s join pg_class c on c.oid = s.relid
      where s.schemaname = any(?::text[]) and c.relkind in ('r', 'm') and s.n_mod_since_analyze >= ?
      order by s.n_mod_since_analyze desc, s.schemaname, s.relname""";

  private final Db db;
  private final HealthOptions options;
  private final Clock clock;

  private DatabaseHealth(DataSource dataSource, HealthOptions options, Clock clock) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource"));
    this.options = Objects.requireNonNull(options, "options");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Health checks on {@code dataSource} with {@link HealthOptions#defaults()}: {@code
   * builder(dataSource).build()}.
   *
   * @param dataSource a monitoring, service or owner connection (see the class description)
   * @return the health checks
   */
  public static DatabaseHealth create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /**
   * A builder for health checks on {@code dataSource}.
   *
   * @param dataSource a monitoring, service or owner connection (see the class description)
   * @return a builder with {@link HealthOptions#defaults()} and the system UTC clock
   */
  public static Builder builder(DataSource dataSource) {
    return new Builder(Objects.requireNonNull(dataSource, "dataSource"));
  }

  /**
   * The options in use.
   *
   * @return the schemas and thresholds the reports use
   */
  public HealthOptions options() {
    return options;
  }

  // ---------------------------------------------------------------------------------------------
  // Indexes and tables
  // ---------------------------------------------------------------------------------------------

  /**
   * Every index of the checked schemas (largest first) with size, scans, key and INCLUDE columns
   * and a {@link IndexVerdict}, plus redundant indexes ({@link RedundantIndex}) and foreign keys no
   * index supports ({@link UnindexedForeignKey}). Invalid indexes are in {@link IndexReport#invalid()}.
    *
    * @return the index report
    */
  public IndexReport indexes() {
    return db.catalog(dsl -> IndexAnalysis.report(dsl, options));
  }

  /**
   * Every table and materialized view of the checked schemas, largest first, with live and dead
   * tuples, last (auto)vacuum and (auto)analyze, sizes, heap cache hit ratio and an estimated
   * bloat.
   *
   * <p>The bloat estimate needs no extension: the heap's actual pages minus the pages its rows
   * would fill, computed from {@code reltuples} and the per-column average width and null share in
   * {@code pg_stats} (tuple header, null bitmap, alignment to 8 bytes, 4-byte line pointers, page
   * header and fillfactor). It ignores padding between columns and TOAST, so treat it as an order
   * of magnitude: it is meant to tell "a few percent" from "half the table" (for exact numbers use
   * {@code pgstattuple}). It is empty for tables never analyzed.
    *
    * @return every table and materialized view of the checked schemas
    */
  public List<TableStats> tables() {
    return db.catalog(dsl -> TableAnalysis.tables(dsl, options));
  }

  // ---------------------------------------------------------------------------------------------
  // Statement statistics
  // ---------------------------------------------------------------------------------------------

  /**
   * Makes {@code pg_stat_statements} readable in this database: creates the extension when it is
   * missing (in schema {@code extensions} when that schema exists, as on Supabase, else in the
   * login's default schema), then checks that the server loaded its library.
   *
   * @throws StatementStatsUnavailableException when the extension cannot be created (for example
   *     for lack of privilege) or the library is not in {@code shared_preload_libraries}; the
   *     message says how to enable it
   */
  public void ensureStatementStats() {
    try {
      db.transaction(dsl -> {
        if (!StatementStats.installed(dsl)) {
          boolean extensionsSchema = dsl.resultQuery(Db.MARKER +
              "select exists (select 1 from pg_catalog.pg_namespace where nspname = 'extensions')")
              .fetchSingle(0, Boolean.class);
          dsl.execute(Db.MARKER + "create extension if not exists pg_stat_statements"
              + (extensionsSchema ? " with schema extensions" : ""));
        }
        return null;
      });
    } catch (InrvoException e) {
      throw new StatementStatsUnavailableException("could not create extension pg_stat_statements: " + e.getMessage()
          + ". " + StatementStatsUnavailableException.HOW_TO_ENABLE, e.sqlState().orElse(null), e);
    }
    snapshot(); // fails with the how-to when the library is not loaded
  }

  /**
   * The statements of this database whose mean execution time is above {@link
   * HealthOptions#slowQueryMinMean()} and that ran at least {@link HealthOptions#slowQueryMinCalls()}
   * times, by total time, at most {@link HealthOptions#slowQueryLimit()}; counted since the
   * statistics were last reset. The library's own statements are left out.
   *
    * @return the slow statements, costliest first
   * @throws StatementStatsUnavailableException when {@code pg_stat_statements} is missing or not
   *     loaded
    */
  public List<QueryStats> slowQueries() {
    return statements(dsl -> StatementStats.slow(dsl, options));
  }

  /**
   * The cumulative statistics of every statement of this database now, to compare with later
   * through {@link #since(StatementSnapshot)}.
   *
    * @return the snapshot, stamped by this instance's clock
   * @throws StatementStatsUnavailableException when {@code pg_stat_statements} is missing or not
   *     loaded
    */
  public StatementSnapshot snapshot() {
    return statements(dsl -> new StatementSnapshot(clock.instant(),
        dsl.resultQuery(Db.MARKER + "select current_database()").fetchSingle(0, String.class), StatementStats.all(dsl)));
  }

  /**
   * What ran in this database since {@code before}: per statement the calls, time and rows added
   * since the snapshot, costliest first; statements that did not run are left out. Work of every
   * session of the database counts, so isolate the database to attribute it. A statement evicted
   * from (or reset in) {@code pg_stat_statements} in between reports its counters since then.
   *
    * @param before a snapshot of this database, taken earlier
    * @return what ran since, costliest first
   * @throws InvalidInputException when {@code before} was taken on another database
   * @throws StatementStatsUnavailableException when {@code pg_stat_statements} is missing or not
   *     loaded
    */
  public List<QueryStats> since(StatementSnapshot before) {
    Inputs.present(before, "before");
    StatementSnapshot now = snapshot();
    if (!now.database().equals(before.database())) {
      throw new InvalidInputException("before", "was taken on database " + before.database() + ", not "
          + now.database());
    }
    return StatementStats.delta(before.statements(), now.statements());
  }

  private <T> T statements(java.util.function.Function<DSLContext, T> work) {
    try {
      return db.catalog(work);
    } catch (StatementStatsUnavailableException e) {
      throw e;
    } catch (InrvoException e) {
      throw StatementStats.unavailable(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Plans
  // ---------------------------------------------------------------------------------------------

  /**
   * The plan of {@code sql} from {@code EXPLAIN (VERBOSE, FORMAT JSON)}, without running it. The
   * statement is trusted text (it runs as this data source's role) and must carry its values
   * inline; it is planned with the login's search path.
   *
    * @param sql one statement with its values inline
    * @return the plan
   * @throws InvalidInputException when {@code sql} is blank
    */
  public Plan explain(String sql) {
    return Explains.explain(db, sql, false);
  }

  /**
   * The plan of a jOOQ query, rendered with its values inlined; see {@link #explain(String)}.
   *
   * @param query the query; its values are inlined
   * @return the plan
   */
  public Plan explain(Query query) {
    return Explains.explain(db, inlined(query), false);
  }

  /**
   * The plan of {@code sql} from {@code EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON)}: the
   * statement RUNS, inside a transaction that is always rolled back, so a data change it makes does
   * not stay (side effects outside the database, such as sequences advanced, do). Nodes carry
   * actual rows and loops, the plan the execution time.
   *
    * @param sql one statement with its values inline; it runs
    * @return the plan with actual rows, loops and times
   * @throws InvalidInputException when {@code sql} is blank
    */
  public Plan explainAnalyze(String sql) {
    return Explains.explain(db, sql, true);
  }

  /**
   * {@link #explainAnalyze(String)} of a jOOQ query, rendered with its values inlined.
   *
   * @param query the query; its values are inlined, and it runs
   * @return the plan with actual rows, loops and times
   */
  public Plan explainAnalyze(Query query) {
    return Explains.explain(db, inlined(query), true);
  }

  private static String inlined(Query query) {
    Inputs.present(query, "query");
    return DSL.using(org.jooq.SQLDialect.POSTGRES).renderInlined(query);
  }

  // ---------------------------------------------------------------------------------------------
  // ANALYZE
  // ---------------------------------------------------------------------------------------------

  /**
   * Runs {@code ANALYZE} on each named table, in order. A name is {@code table} (in the first
   * checked schema) or {@code schema.table}; each part a plain identifier matched exactly as
   * written (case-sensitive), then quoted. Every name is checked before the first runs.
   *
    * @param tables the names, {@code table} or {@code schema.table}
   * @return the analyzed tables with the modified-row count each had
   * @throws InvalidInputException when no table is named or a name is not of that form
   * @throws NotFoundException when a named table or materialized view does not exist
    */
  public List<AnalyzedTable> analyze(String... tables) {
    Inputs.present(tables, "tables");
    if (tables.length == 0) {
      throw new InvalidInputException("tables", "must name at least one table");
    }
    List<String[]> names = new ArrayList<>();
    for (String table : tables) {
      names.add(qualified(table));
    }
    return db.transaction(dsl -> {
      List<AnalyzedTable> analyzed = new ArrayList<>();
      for (String[] name : names) {
        Record r = dsl.resultQuery(TABLE_BY_NAME, name[0], name[1]).fetchOptional()
            .filter(row -> List.of("r", "m", "p").contains(row.get("kind", String.class)))
            .orElseThrow(() -> new NotFoundException("no table or materialized view " + name[0] + "." + name[1]));
        analyzed.add(new AnalyzedTable(name[0], name[1], r.get("modified", Long.class)));
      }
      for (AnalyzedTable table : analyzed) {
        dsl.execute(Db.MARKER + "analyze {0}", DSL.name(table.schema(), table.table()));
      }
      return analyzed;
    });
  }

  /**
   * Runs {@code ANALYZE} on every table and materialized view of the checked schemas with at least
   * {@code minModifiedRows} rows inserted, updated or deleted since its last analyze (manual or
   * automatic), most modified first: the step after a bulk job, so the planner's statistics (and
   * planned counts) stay honest without waiting for autovacuum.
   *
    * @param minModifiedRows the fewest modified rows that make a table worth analyzing; at least 1
   * @return the analyzed tables; empty when none passed the threshold
   * @throws InvalidInputException when {@code minModifiedRows < 1}
    */
  public List<AnalyzedTable> analyzeChanged(long minModifiedRows) {
    Inputs.atLeast(minModifiedRows, "minModifiedRows", 1);
    return db.transaction(dsl -> {
      List<AnalyzedTable> analyzed = new ArrayList<>();
      for (Record r : dsl.resultQuery(CHANGED_TABLES, options.schemas().toArray(String[]::new), minModifiedRows)
          .fetch()) {
        analyzed.add(new AnalyzedTable(r.get("schema_name", String.class), r.get("table_name", String.class),
            r.get("modified", Long.class)));
      }
      for (AnalyzedTable table : analyzed) {
        dsl.execute(Db.MARKER + "analyze {0}", DSL.name(table.schema(), table.table()));
      }
      return analyzed;
    });
  }

  private String[] qualified(String name) {
    Inputs.present(name, "tables");
    String[] parts = name.split("\\.", -1);
    if (parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> IDENTIFIER.matcher(p).matches())) {
      throw new InvalidInputException("tables", "each name must be table or schema.table, plain identifiers "
          + "(letters, digits, _ and $, at most 63 each)");
    }
    return parts.length == 2 ? parts : new String[] {options.schemas().get(0), parts[0]};
  }

  // ---------------------------------------------------------------------------------------------
  // Lints and the combined report
  // ---------------------------------------------------------------------------------------------

  /**
   * The lints of Supabase's linter (splinter), with its names and levels, that no {@link
   * HealthOptions#allowances() allowance} covers. Lints about what the Data API exposes look at the
   * checked schemas (taken as the API schemas); lints about tables, policies and functions look at
   * every schema but the system and Supabase-managed ones, as splinter does:
   *
   * <table>
   *   <caption>Lints</caption>
   *   <tr><th>lint</th><th>level</th><th>finds</th></tr>
   *   <tr><td>{@code rls_disabled_in_public}</td><td>ERROR</td><td>an API table without row-level security
   *       that {@code anon} or {@code authenticated} may select</td></tr>
   *   <tr><td>{@code policy_exists_rls_disabled}</td><td>ERROR</td><td>policies on a table whose row-level
   *       security is off</td></tr>
   *   <tr><td>{@code security_definer_view}</td><td>ERROR</td><td>an API view, selectable by an API role,
   *       that reads with its owner's rights (not {@code security_invoker})</td></tr>
   *   <tr><td>{@code auth_users_exposed}</td><td>ERROR</td><td>a view or materialized view over {@code
   *       auth.users} selectable by an API role</td></tr>
   *   <tr><td>{@code rls_references_user_metadata}</td><td>ERROR</td><td>a policy reading the
   *       user-editable {@code user_metadata} claim</td></tr>
   *   <tr><td>{@code fkey_to_auth_unique}</td><td>ERROR</td><td>a foreign key to a unique key of an
   *       {@code auth} table other than its primary key</td></tr>
   *   <tr><td>{@code function_search_path_mutable}</td><td>WARN</td><td>a function (definer or not)
   *       without a fixed {@code search_path}</td></tr>
   *   <tr><td>{@code anon_security_definer_function_executable}</td><td>WARN</td><td>an API SECURITY
   *       DEFINER function {@code anon} may execute</td></tr>
   *   <tr><td>{@code authenticated_security_definer_function_executable}</td><td>WARN</td><td>an API
   *       SECURITY DEFINER function {@code authenticated} may execute</td></tr>
   *   <tr><td>{@code rls_policy_always_true}</td><td>WARN</td><td>a permissive write policy for the API
   *       roles that is always true</td></tr>
   *   <tr><td>{@code multiple_permissive_policies}</td><td>WARN</td><td>two or more permissive policies for
   *       one role and action on a table</td></tr>
   *   <tr><td>{@code auth_rls_initplan}</td><td>WARN</td><td>a policy calling {@code auth.uid()}, {@code
   *       auth.jwt()}, {@code auth.role()}, {@code auth.email()} or {@code current_setting(...)} per row
   *       instead of as {@code (select auth.uid())}</td></tr>
   *   <tr><td>{@code materialized_view_in_api}</td><td>WARN</td><td>an API materialized view an API role
   *       may select</td></tr>
   *   <tr><td>{@code extension_in_public}</td><td>WARN</td><td>an extension installed in {@code
   *       public}</td></tr>
   *   <tr><td>{@code rls_enabled_no_policy}</td><td>INFO</td><td>row-level security on, no policy</td></tr>
   *   <tr><td>{@code no_primary_key}</td><td>INFO</td><td>a table without a primary key</td></tr>
   * </table>
   *
   * Objects owned by an extension are not linted; the role lints are skipped where the role does
   * not exist.
   *
   * @return the findings, by level (errors first), lint and object; empty when every lint passes
   */
  public List<Finding> lints() {
    return db.catalog(dsl -> Lints.check(dsl, options).lints());
  }

  /**
   * The lint findings that an {@link HealthOptions#allowances() allowance} covers.
   *
   * @return each such finding with the allowance's reason, in the order of {@link #lints()}
   */
  public List<AllowedFinding> allowedLints() {
    return db.catalog(dsl -> Lints.check(dsl, options).allowed());
  }

  /**
   * Runs every check and reports. Failures (the report does not pass): lints at level ERROR or WARN
   * that no allowance covers, invalid indexes, duplicate or redundant indexes, unindexed foreign
   * keys. Warnings (reported, the report still passes): INFO lints, unused indexes, slow
   * statements, tables with many dead tuples, a low database cache hit ratio, and {@code
   * pg_stat_statements} being unavailable. Allowed lint findings are listed with their reasons.
   * Reads only: it never creates the extension.
   *
   * @return the report, with its verdict
   */
  public HealthReport check() {
    Instant takenAt = clock.instant();
    record Catalog(String database, Optional<Instant> statsReset, Optional<Double> cacheHit, IndexReport indexes,
        List<TableStats> tables, Lints.Results lints) {}
    Catalog catalog = db.catalog(dsl -> {
      Record d = dsl.resultQuery(DATABASE).fetchSingle();
      long hits = d.get("blks_hit", Long.class);
      long reads = d.get("blks_read", Long.class);
      return new Catalog(d.get("name", String.class),
          Optional.ofNullable(d.get("stats_reset", OffsetDateTime.class)).map(OffsetDateTime::toInstant),
          hits + reads < HealthReports.MIN_BLOCKS_FOR_CACHE_RATIO ? Optional.empty()
              : Optional.of((double) hits / (hits + reads)),
          IndexAnalysis.report(dsl, options), TableAnalysis.tables(dsl, options), Lints.check(dsl, options));
    });
    List<QueryStats> slow = List.of();
    Optional<Finding> statementsUnavailable = Optional.empty();
    try {
      slow = slowQueries();
    } catch (StatementStatsUnavailableException e) {
      statementsUnavailable = Optional.of(new Finding("statement_stats_unavailable", Finding.Level.WARN,
          catalog.database(),
          "pg_stat_statements cannot be read, so slow statements are not checked: " + e.getMessage(),
          "CREATE EXTENSION pg_stat_statements (after adding it to shared_preload_libraries and restarting)"));
    }
    return HealthReports.assemble(takenAt, catalog.database(), catalog.statsReset(), catalog.cacheHit(), options,
        catalog.indexes(), catalog.tables(), slow, catalog.lints().lints(), catalog.lints().allowed(),
        statementsUnavailable);
  }

  /** Configures a {@link DatabaseHealth}. Not thread-safe. */
  public static final class Builder {

    private final DataSource dataSource;
    private HealthOptions options = HealthOptions.defaults();
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The schemas and thresholds the reports use. Default: {@link HealthOptions#defaults()}.
     *
     * @param options the options
     * @return this builder
     * @throws InvalidInputException when {@code options} is null
     */
    public Builder options(HealthOptions options) {
      this.options = Inputs.present(options, "options");
      return this;
    }

    /**
     * The clock that stamps reports and statement snapshots ({@link HealthReport#takenAt()}).
     * Default: the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     * @throws InvalidInputException when {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Inputs.present(clock, "clock");
      return this;
    }

    /**
     * The health checks; nothing is read until a report is asked for.
     *
     * @return the health checks
     */
    public DatabaseHealth build() {
      return new DatabaseHealth(dataSource, options, clock);
    }
  }
}
