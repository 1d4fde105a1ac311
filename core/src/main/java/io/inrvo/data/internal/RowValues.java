package io.inrvo.data.internal;

import org.jooq.Field;

/**
 * One row's values by column: what the row mappers read, whether the row came from a {@link
 * FixedStatement} or from a jOOQ {@code Record} ({@code record::get}). Valid only while the mapper
 * it is given to runs: a fixed statement reuses it for the next row.
 */
@FunctionalInterface
interface RowValues {

  /** The value of {@code column}, which the row holds; null for SQL NULL. */
  <T> T get(Field<T> column);
}
