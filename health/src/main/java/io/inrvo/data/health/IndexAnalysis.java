package io.inrvo.data.health;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;

/**
 * Reads index and foreign key metadata and works out redundant indexes and unindexed foreign keys.
 *
 * <p>It is long because the rules that decide whether one index makes another redundant (column
 * prefix and order, access method, predicate, expressions, uniqueness, which of two to keep) and
 * whether an index serves a foreign key are one algorithm over the same rows: read apart, a rule
 * could drift from the ones it must agree with.
 */
final class IndexAnalysis {

  // One row per index. Key and INCLUDE columns come apart at indnkeyatts: indclass, indcollation
  // and indoption only have entries for key columns. pg_get_indexdef(oid, k, false) renders the
  // k-th column or expression alone, comparable across indexes of one table.
  // indnullsnotdistinct (PostgreSQL 15+) is read through to_jsonb so older servers work too.
  private static final String INDEXES = Db.MARKER + """
      select n.nspname as schema_name, t.relname as table_name, i.relname as index_name,
             am.amname as method, x.indisunique as is_unique, x.indisprimary as is_primary,
             x.indisexclusion as is_exclusion, x.indisvalid as is_valid, x.indnkeyatts as key_count,
             x.indkey::int2[]::int[] as attnums,
             array(select pg_get_indexdef(x.indexrelid, k, false)
                   from generate_series(1, x.indnatts) as k order by k) as column_defs,
             x.indclass::oid[]::text[] as opclasses,
             x.indcollation::oid[]::text[] as collations,
             x.indoption::int2[]::int[] as options,
             pg_get_expr(x.indpred, x.indrelid) as predicate,
             pg_get_indexdef(x.indexrelid) as definition,
             pg_relation_size(x.indexrelid) as size_bytes,
             coalesce(s.idx_scan, 0) as scans,
             exists (select 1 from pg_constraint con
                     where con.conindid = x.indexrelid and con.conrelid = x.indrelid
                       and con.contype in ('p', 'u', 'x')) as backs_constraint,
             coalesce((to_jsonb(x) ->> 'indnullsnotdistinct')::boolean, false) as nulls_not_distinct,
             x.indrelid::bigint as table_oid
      from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_am am on am.oid = i.relam
      left join pg_stat_all_indexes s on s.indexrelid = x.indexrelid
      where n.nspname = any(?::text[])
      order by pg_relation_size(x.indexrelid) desc, n.nspname, t.relname, i.relname""";

  private static final String FOREIGN_KEYS = Db.MARKER + """
      select n.nspname as schema_name, t.relname as table_name, c.conname as constraint_name,
             c.conkey::int[] as attnums,
             array(select a.attname::text from unnest(c.conkey) with ordinality as k(attnum, ord)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                   order by k.ord) as column_names,
             array(select quote_ident(a.attname) from unnest(c.conkey) with ordinality as k(attnum, ord)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum
                   order by k.ord) as quoted_names,
             c.confrelid::regclass::text as referenced_table,
             c.conrelid::bigint as table_oid
      from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      where c.contype = 'f' and n.nspname = any(?::text[])
      order by n.nspname, t.relname, c.conname""";

  /** An index with the metadata the comparisons need. */
  record Row(
      IndexStats stats,
      long tableOid,
      List<Integer> keyAttnums,
      List<String> keyDefs,
      List<String> includeDefs,
      List<String> opclasses,
      List<String> collations,
      List<Integer> options,
      boolean exclusion,
      boolean backsConstraint,
      boolean nullsNotDistinct) {

    boolean unique() {
      return stats.unique();
    }

    Optional<String> predicate() {
      return stats.predicate();
    }

    String method() {
      return stats.method();
    }
  }

  private IndexAnalysis() {}

  static IndexReport report(DSLContext dsl, HealthOptions options) {
    return report(dsl, options, Map.of());
  }

  /** {@link #report(DSLContext, HealthOptions)}, adding each index's scans on other servers (by {@code schema.index}). */
  static IndexReport report(DSLContext dsl, HealthOptions options, Map<String, Long> scansElsewhere) {
    String[] schemas = options.schemas().toArray(String[]::new);
    List<Row> rows = new ArrayList<>();
    for (Record r : dsl.resultQuery(INDEXES, (Object) schemas).fetch()) {
      long elsewhere = scansElsewhere.getOrDefault(
          r.get("schema_name", String.class) + "." + r.get("index_name", String.class), 0L);
      rows.add(row(r, options.unusedIndexMaxScans(), elsewhere));
    }
    List<UnindexedForeignKey> unindexed = new ArrayList<>();
    for (Record r : dsl.resultQuery(FOREIGN_KEYS, (Object) schemas).fetch()) {
      List<Integer> attnums = ints(r.get("attnums", Integer[].class));
      List<String> quoted = strings(r.get("quoted_names", String[].class));
      long tableOid = r.get("table_oid", Long.class);
      boolean indexed = rows.stream().anyMatch(i -> i.tableOid() == tableOid && supportsForeignKey(i, attnums, quoted));
      if (!indexed) {
        unindexed.add(new UnindexedForeignKey(r.get("schema_name", String.class), r.get("table_name", String.class),
            r.get("constraint_name", String.class), strings(r.get("column_names", String[].class)),
            r.get("referenced_table", String.class)));
      }
    }
    return new IndexReport(rows.stream().map(Row::stats).toList(), redundant(rows), unindexed);
  }

  private static Row row(Record r, long unusedMaxScans, long scansElsewhere) {
    int keyCount = r.get("key_count", Integer.class);
    List<String> defs = strings(r.get("column_defs", String[].class));
    boolean unique = r.get("is_unique", Boolean.class);
    boolean primary = r.get("is_primary", Boolean.class);
    boolean exclusion = r.get("is_exclusion", Boolean.class);
    boolean backsConstraint = r.get("backs_constraint", Boolean.class);
    long scans = r.get("scans", Long.class) + scansElsewhere; // a replica's use is a use
    IndexVerdict verdict = unique || primary || exclusion || backsConstraint
        ? IndexVerdict.CONSTRAINT
        : scans <= unusedMaxScans ? IndexVerdict.UNUSED : IndexVerdict.ACTIVE;
    IndexStats stats = new IndexStats(
        r.get("schema_name", String.class), r.get("table_name", String.class), r.get("index_name", String.class),
        r.get("method", String.class), defs.subList(0, keyCount), defs.subList(keyCount, defs.size()),
        Optional.ofNullable(r.get("predicate", String.class)), r.get("definition", String.class),
        r.get("size_bytes", Long.class), scans, unique, primary, r.get("is_valid", Boolean.class), verdict);
    return new Row(stats, r.get("table_oid", Long.class), ints(r.get("attnums", Integer[].class)).subList(0, keyCount),
        defs.subList(0, keyCount), defs.subList(keyCount, defs.size()),
        strings(r.get("opclasses", String[].class)), strings(r.get("collations", String[].class)),
        ints(r.get("options", Integer[].class)), exclusion, backsConstraint, r.get("nulls_not_distinct", Boolean.class));
  }

  /** Every index that another valid index of its table makes unnecessary, each reported once. */
  static List<RedundantIndex> redundant(List<Row> rows) {
    Map<Long, List<Row>> byTable = new LinkedHashMap<>();
    for (Row row : rows) {
      byTable.computeIfAbsent(row.tableOid(), k -> new ArrayList<>()).add(row);
    }
    List<RedundantIndex> found = new ArrayList<>();
    for (List<Row> table : byTable.values()) {
      for (Row candidate : table) {
        if (!candidate.stats().valid() || candidate.stats().primary() || candidate.exclusion()) {
          continue;
        }
        table.stream()
            .filter(other -> other != candidate && other.stats().valid() && covers(other, candidate))
            .filter(other -> !covers(candidate, other) || keeps(other, candidate))
            // an exact duplicate is the better explanation than a longer covering index
            .min(Comparator.comparing((Row other) -> !isDuplicate(other, candidate))
                .thenComparing(other -> other.stats().name()))
            .ifPresent(other -> found.add(new RedundantIndex(candidate.stats(), other.stats(),
                isDuplicate(other, candidate) ? RedundantIndex.Kind.DUPLICATE : RedundantIndex.Kind.SUBSUMED)));
      }
    }
    found.sort(Comparator.comparing((RedundantIndex r) -> r.index().schema())
        .thenComparing(r -> r.index().table()).thenComparing(r -> r.index().name()));
    return found;
  }

  /** Whether {@code wide} serves every search {@code narrow} serves, so {@code narrow} can go. */
  static boolean covers(Row wide, Row narrow) {
    if (!wide.method().equals(narrow.method()) || !wide.predicate().equals(narrow.predicate())) {
      return false;
    }
    int n = narrow.keyDefs().size();
    boolean btree = narrow.method().equals("btree");
    if (n > wide.keyDefs().size() || (!btree && n != wide.keyDefs().size())) {
      return false;
    }
    if (narrow.unique() && !(wide.unique() && n == wide.keyDefs().size()
        && wide.nullsNotDistinct() == narrow.nullsNotDistinct())) {
      return false; // a unique index enforces a rule only an identical unique index also enforces
    }
    if (!wide.keyDefs().subList(0, n).equals(narrow.keyDefs())
        || !wide.opclasses().subList(0, n).equals(narrow.opclasses())
        || !wide.collations().subList(0, n).equals(narrow.collations())
        || !sameOrder(wide.options().subList(0, n), narrow.options(), btree)) {
      return false;
    }
    Set<String> held = new HashSet<>(wide.keyDefs());
    held.addAll(wide.includeDefs());
    return held.containsAll(narrow.includeDefs());
  }

  /**
   * Same sort order per column; for a b-tree also the exact reverse in every column (DESC and NULLS
   * FIRST both flipped), since a b-tree is scanned backwards as cheaply as forwards.
   */
  private static boolean sameOrder(List<Integer> wide, List<Integer> narrow, boolean btree) {
    if (wide.equals(narrow)) {
      return true;
    }
    if (!btree) {
      return false;
    }
    for (int i = 0; i < narrow.size(); i++) {
      if ((wide.get(i) ^ 3) != narrow.get(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDuplicate(Row wide, Row narrow) {
    return wide.keyDefs().size() == narrow.keyDefs().size()
        && new HashSet<>(wide.includeDefs()).equals(new HashSet<>(narrow.includeDefs()));
  }

  /** Of two indexes covering each other, whether {@code kept} stays and {@code dropped} is reported. */
  private static boolean keeps(Row kept, Row dropped) {
    int byRank = Integer.compare(rank(kept), rank(dropped));
    return byRank != 0 ? byRank > 0 : kept.stats().name().compareTo(dropped.stats().name()) < 0;
  }

  private static int rank(Row row) {
    if (row.stats().primary()) {
      return 3;
    }
    if (row.backsConstraint()) {
      return 2;
    }
    return row.unique() ? 1 : 0;
  }

  /**
   * Whether {@code index} can serve the lookups of a foreign key on {@code attnums}: a valid b-tree
   * whose leading key columns are exactly the key's columns (in any order), not partial unless the
   * predicate only requires the key's columns to be non-null.
   */
  static boolean supportsForeignKey(Row index, List<Integer> attnums, List<String> quotedColumns) {
    if (!index.stats().valid() || !index.method().equals("btree") || index.keyAttnums().size() < attnums.size()) {
      return false;
    }
    if (!new HashSet<>(index.keyAttnums().subList(0, attnums.size())).equals(new HashSet<>(attnums))) {
      return false;
    }
    return index.predicate().map(p -> onlyNotNullTests(p, quotedColumns)).orElse(true);
  }

  private static boolean onlyNotNullTests(String predicate, List<String> quotedColumns) {
    String flat = predicate.replace("(", " ").replace(")", " ").trim();
    for (String term : flat.split("\\s+AND\\s+")) {
      String t = term.trim();
      if (!t.endsWith(" IS NOT NULL") || !quotedColumns.contains(t.substring(0, t.length() - 12).trim())) {
        return false;
      }
    }
    return true;
  }

  private static List<Integer> ints(Integer[] values) {
    return values == null ? List.of() : List.copyOf(Arrays.asList(values));
  }

  private static List<String> strings(String[] values) {
    return values == null ? List.of() : List.copyOf(Arrays.asList(values));
  }
}
