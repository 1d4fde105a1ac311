package io.inrvo.data.health;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;

/** Reads table statistics and estimates heap bloat. */
final class TableAnalysis {

  // Width per column from pg_stats: the average stored width of non-null values, weighted by the
  // share of non-null rows. Tables never analyzed have no pg_stats rows.
  private static final String TABLES = Db.MARKER + """
      select s.schemaname as schema_name, s.relname as table_name, c.relkind = 'm' as is_matview,
             s.n_live_tup as live, s.n_dead_tup as dead, s.n_mod_since_analyze as modified,
             s.last_vacuum, s.last_autovacuum, s.last_analyze, s.last_autoanalyze,
             coalesce(s.seq_scan, 0) as seq_scans, coalesce(s.idx_scan, 0) as idx_scans,
             pg_table_size(s.relid) as table_bytes, pg_total_relation_size(s.relid) as total_bytes,
             pg_relation_size(s.relid) as heap_bytes,
             coalesce(io.heap_blks_hit, 0) as hits, coalesce(io.heap_blks_read, 0) as reads,
             c.reltuples::float8 as reltuples, current_setting('block_size')::int as block_size,
             coalesce((select substr(o, 12)::int from unnest(c.reloptions) as o
                       where o like 'fillfactor=%'), 100) as fillfactor,
             (select count(*) from pg_attribute a
              where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped) as column_count,
             st.analyzed_columns, st.data_width, st.has_nulls
      from pg_stat_all_tables s
      join pg_statio_all_tables io on io.relid = s.relid
      join pg_class c on c.oid = s.relid
      left join lateral (
        select count(*) as analyzed_columns,
               coalesce(sum((1 - ps.null_frac) * ps.avg_width), 0)::float8 as data_width,
               coalesce(bool_or(ps.null_frac > 0), false) as has_nulls
        from pg_stats ps
        where ps.schemaname = s.schemaname and ps.tablename = s.relname and not ps.inherited
      ) st on true
      where s.schemaname = any(?::text[]) and c.relkind in ('r', 'm')
      order by pg_total_relation_size(s.relid) desc, s.schemaname, s.relname""";

  private static final int PAGE_HEADER = 24;
  private static final int TUPLE_HEADER = 23;
  private static final int ITEM_POINTER = 4;
  private static final int MAXALIGN = 8;

  private TableAnalysis() {}

  static List<TableStats> tables(DSLContext dsl, HealthOptions options) {
    List<TableStats> tables = new ArrayList<>();
    for (Record r : dsl.resultQuery(TABLES, (Object) options.schemas().toArray(String[]::new)).fetch()) {
      long hits = r.get("hits", Long.class);
      long reads = r.get("reads", Long.class);
      tables.add(new TableStats(
          r.get("schema_name", String.class), r.get("table_name", String.class), r.get("is_matview", Boolean.class),
          r.get("live", Long.class), r.get("dead", Long.class), r.get("modified", Long.class),
          instant(r, "last_vacuum"), instant(r, "last_autovacuum"), instant(r, "last_analyze"),
          instant(r, "last_autoanalyze"), r.get("seq_scans", Long.class), r.get("idx_scans", Long.class),
          r.get("table_bytes", Long.class), r.get("total_bytes", Long.class), bloat(r),
          hits + reads == 0 ? Optional.empty() : Optional.of((double) hits / (hits + reads))));
    }
    return tables;
  }

  /**
   * Heap bytes beyond what the live rows need: actual heap pages minus the pages {@code reltuples}
   * rows of the average analyzed width would fill at the table's fillfactor. Like every estimate
   * without pgstattuple it ignores alignment padding between columns (so it leans high for narrow
   * rows of mixed types) and counts TOAST as not bloated.
   */
  static Optional<Long> bloat(Record r) {
    double reltuples = r.get("reltuples", Double.class);
    long heapBytes = r.get("heap_bytes", Long.class);
    int blockSize = r.get("block_size", Integer.class);
    if (reltuples < 0) {
      return Optional.empty(); // never vacuumed or analyzed: the planner does not know either
    }
    if (reltuples == 0) {
      return Optional.of(heapBytes);
    }
    if (r.get("analyzed_columns", Long.class) < r.get("column_count", Long.class)) {
      return Optional.empty();
    }
    long columns = r.get("column_count", Long.class);
    long header = align(TUPLE_HEADER + (r.get("has_nulls", Boolean.class) ? (columns + 7) / 8 : 0));
    long tuple = align(header + (long) Math.ceil(r.get("data_width", Double.class)));
    double usable = (blockSize - PAGE_HEADER) * r.get("fillfactor", Integer.class) / 100.0;
    long maxPerPage = (blockSize - PAGE_HEADER) / (align(TUPLE_HEADER) + ITEM_POINTER);
    long perPage = Math.max(1, Math.min(maxPerPage, (long) Math.floor(usable / (tuple + ITEM_POINTER))));
    long expectedPages = (long) Math.ceil(reltuples / perPage);
    long actualPages = heapBytes / blockSize;
    return Optional.of(Math.max(0, actualPages - expectedPages) * blockSize);
  }

  private static long align(long bytes) {
    return (bytes + MAXALIGN - 1) / MAXALIGN * MAXALIGN;
  }

  private static Optional<Instant> instant(Record r, String field) {
    return Optional.ofNullable(r.get(field, OffsetDateTime.class)).map(OffsetDateTime::toInstant);
  }
}
