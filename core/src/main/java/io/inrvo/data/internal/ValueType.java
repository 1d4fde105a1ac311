package io.inrvo.data.internal;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * The Java types a {@link FixedStatement} binds and reads, and how, with plain JDBC. Timestamps
 * are read as pgjdbc reads them, at offset UTC, as jOOQ is configured to do ({@link
 * Rendering#settings()}), so both paths return equal values.
 */
enum ValueType {
  TEXT(String.class, Types.VARCHAR),
  // Numbers read leniently, as jOOQ does: count(*) is a bigint that jOOQ types as Integer.
  INTEGER(Integer.class, Types.INTEGER) {
    @Override
    Object read(ResultSet rs, int index) throws SQLException {
      return orNull(rs, rs.getInt(index));
    }
  },
  BIGINT(Long.class, Types.BIGINT) {
    @Override
    Object read(ResultSet rs, int index) throws SQLException {
      return orNull(rs, rs.getLong(index));
    }
  },
  BOOLEAN(Boolean.class, Types.BOOLEAN),
  // The types below go as "unspecified" when NULL: they take the type the statement gives their
  // place (a column, a cast), as a literal NULL would.
  UUID(UUID.class, Types.OTHER),
  TIMESTAMPTZ(OffsetDateTime.class, Types.OTHER),
  // Sent as text into the cast jOOQ renders around a JSONB value, read as text, as jOOQ does.
  JSONB(org.jooq.JSONB.class, Types.OTHER) {
    @Override
    void bindValue(PreparedStatement ps, int index, Object value) throws SQLException {
      ps.setString(index, ((org.jooq.JSONB) value).data());
    }

    @Override
    Object read(ResultSet rs, int index) throws SQLException {
      String text = rs.getString(index);
      return text == null ? null : org.jooq.JSONB.valueOf(text);
    }
  },
  // Arrays go as the SQL array of their element type, so = any(?) compares like with like.
  TEXT_ARRAY(String[].class, "text"),
  UUID_ARRAY(UUID[].class, "uuid");

  private final Class<?> javaType;
  private final int nullType;
  /** The SQL type of an array's elements; null for a type that is not an array. */
  private final String elementType;

  ValueType(Class<?> javaType, int nullType) {
    this.javaType = javaType;
    this.nullType = nullType;
    this.elementType = null;
  }

  ValueType(Class<?> javaType, String elementType) {
    this.javaType = javaType;
    this.nullType = Types.OTHER;
    this.elementType = elementType;
  }

  /** The value type of {@code javaType}, if fixed statements support it. */
  static Optional<ValueType> of(Class<?> javaType) {
    for (ValueType type : values()) {
      if (type.javaType == javaType) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  /** Binds {@code value} (null for SQL NULL) as parameter {@code index}. */
  final void bind(PreparedStatement ps, int index, Object value) throws SQLException {
    if (value == null) {
      ps.setNull(index, nullType);
    } else {
      bindValue(ps, index, value);
    }
  }

  /** Binds a value that is not null; pgjdbc sends each of these Java types typed. */
  void bindValue(PreparedStatement ps, int index, Object value) throws SQLException {
    if (elementType != null) {
      ps.setArray(index, ps.getConnection().createArrayOf(elementType, (Object[]) value));
    } else {
      ps.setObject(index, value);
    }
  }

  private static Object orNull(ResultSet rs, Object value) throws SQLException {
    return rs.wasNull() ? null : value;
  }

  /** Reads column {@code index} of the current row; null for SQL NULL (pgjdbc's typed getObject). */
  Object read(ResultSet rs, int index) throws SQLException {
    if (elementType != null) {
      Array array = rs.getArray(index);
      return array == null ? null : javaType.cast(array.getArray());
    }
    return rs.getObject(index, javaType);
  }
}
