package io.inrvo.data.health;

/** What the usage statistics say about an index. */
public enum IndexVerdict {
  /**
   * Scanned at most {@link HealthOptions#unusedIndexMaxScans()} times since statistics were reset,
   * and enforcing no constraint: a candidate to drop (check every replica and a full business
   * cycle first; statistics are per server and start again at a reset).
   */
  UNUSED,
  /** Scanned more often than the threshold. */
  ACTIVE,
  /**
   * Unique, primary key or exclusion index: it enforces a rule (or, on a materialized view, makes
   * {@code REFRESH ... CONCURRENTLY} possible), so its scan count does not decide its worth.
   */
  CONSTRAINT
}
