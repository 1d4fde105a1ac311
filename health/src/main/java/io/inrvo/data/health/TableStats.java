package io.inrvo.data.health;

import java.time.Instant;
import java.util.Optional;

/**
 * One table (or materialized view) with its maintenance and cache statistics. Counters are those
 * of the cumulative statistics system, since their last reset.
 *
 * @param schema the schema
 * @param name the table's name
 * @param materializedView whether it is a materialized view rather than a table
 * @param liveTuples estimated live rows ({@code n_live_tup})
 * @param deadTuples estimated dead rows not yet vacuumed ({@code n_dead_tup})
 * @param modifiedSinceAnalyze rows inserted, updated or deleted since the last analyze
 * @param lastVacuum the last manual {@code VACUUM}
 * @param lastAutovacuum the last vacuum by autovacuum
 * @param lastAnalyze the last manual {@code ANALYZE}
 * @param lastAutoanalyze the last analyze by autovacuum
 * @param seqScans sequential scans started
 * @param indexScans index scans started
 * @param tableBytes heap, free space map, visibility map and TOAST, without indexes
 * @param totalBytes the table with its indexes
 * @param estimatedBloatBytes the heap's estimated bloat (see {@link DatabaseHealth#tables()});
 *     empty when the table has no statistics yet (never analyzed)
 * @param cacheHitRatio heap blocks found in shared buffers over all heap blocks read; empty when no
 *     block was read yet
 */
public record TableStats(
    String schema,
    String name,
    boolean materializedView,
    long liveTuples,
    long deadTuples,
    long modifiedSinceAnalyze,
    Optional<Instant> lastVacuum,
    Optional<Instant> lastAutovacuum,
    Optional<Instant> lastAnalyze,
    Optional<Instant> lastAutoanalyze,
    long seqScans,
    long indexScans,
    long tableBytes,
    long totalBytes,
    Optional<Long> estimatedBloatBytes,
    Optional<Double> cacheHitRatio) {

  /**
   * {@code schema.name}.
   *
   * @return the schema-qualified name
   */
  public String qualifiedName() {
    return schema + "." + name;
  }

  /**
   * Dead tuples over all tuples, 0 for an empty table.
   *
   * @return a ratio from 0.0 to 1.0
   */
  public double deadTupleRatio() {
    long all = liveTuples + deadTuples;
    return all == 0 ? 0 : (double) deadTuples / all;
  }

  /**
   * The later of the last manual and the last automatic analyze.
   *
   * @return the later analyze; empty when never analyzed
   */
  public Optional<Instant> lastAnalyzedAny() {
    return later(lastAnalyze, lastAutoanalyze);
  }

  /**
   * The later of the last manual and the last automatic vacuum.
   *
   * @return the later vacuum; empty when never vacuumed
   */
  public Optional<Instant> lastVacuumedAny() {
    return later(lastVacuum, lastAutovacuum);
  }

  private static Optional<Instant> later(Optional<Instant> a, Optional<Instant> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return a.get().isAfter(b.get()) ? a : b;
  }
}
