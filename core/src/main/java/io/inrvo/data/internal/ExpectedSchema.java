package io.inrvo.data.internal;

import io.inrvo.data.model.ModelInfo;
import io.inrvo.data.model.Public;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Parameter;
import org.jooq.Routine;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableOptions;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What the library reads and calls in the database, derived from the generated jOOQ model (every
 * table and view with its columns and types, every routine with its parameter and return types)
 * plus what the library's own plain-SQL statements use: the table of {@link CursorKeyStore} and the
 * {@link CalledRoutine}s its fixed statements call outside schema {@code public} ({@link
 * JooqAdmin#REQUIRE_ADMIN}, {@link ListTotals#COUNT_ROWS}), each declared beside its statement.
 * Nothing here is a list kept by hand: a migration that changes the schema changes the model, and
 * so this.
 *
 * @param columns every column the library may read or write, by table
 * @param routines every function the library may call
 * @param version the schema version the model was generated at
 */
record ExpectedSchema(List<Column> columns, List<Function> routines, String version) {

  /** A column of {@code schema.table} that the library reads or writes as {@code type}. */
  record Column(String schema, String table, String name, DataType<?> type) {
    String qualifiedTable() {
      return schema + "." + table;
    }
  }

  /**
   * A function {@code schema.name(parameters)}; {@code parameters} is null for a table-valued
   * function, whose name alone is checked, and {@code returns} null when it returns rows.
   */
  record Function(String schema, String name, List<DataType<?>> parameters, DataType<?> returns) {
    String signature() {
      return schema + "." + name + "(" + (parameters == null ? "..." : String.join(", ",
          parameters.stream().map(ExpectedSchema::typeName).toList())) + ")";
    }
  }

  /** The schema of the generated model and of the library's own statements. */
  static ExpectedSchema ofModel() {
    List<Column> columns = new ArrayList<>();
    List<Function> routines = new ArrayList<>();
    for (Table<?> table : Public.PUBLIC.getTables()) {
      String schema = table.getSchema().getName();
      if (table.getTableType() == TableOptions.TableType.FUNCTION) {
        routines.add(new Function(schema, table.getName(), null, null));
        continue;
      }
      for (Field<?> field : table.fields()) {
        columns.add(new Column(schema, table.getName(), field.getName(), field.getDataType()));
      }
    }
    for (Routine<?> routine : ModelInfo.routines()) {
      Parameter<?> returned = routine.getReturnParameter();
      routines.add(new Function(routine.getSchema().getName(), routine.getName(),
          routine.getInParameters().stream().<DataType<?>>map(Parameter::getDataType).toList(),
          returned == null ? null : returned.getDataType()));
    }
    CursorKeyStore.COLUMNS.forEach((name, type) ->
        columns.add(new Column(CursorKeyStore.SCHEMA, CursorKeyStore.TABLE, name, type)));
    for (CalledRoutine called : List.of(JooqAdmin.REQUIRE_ADMIN, ListTotals.COUNT_ROWS)) {
      routines.add(new Function(called.schema(), called.name(), called.parameters(), called.returns()));
    }
    return new ExpectedSchema(List.copyOf(columns), List.copyOf(routines), ModelInfo.SCHEMA_VERSION);
  }

  /** PostgreSQL's name of {@code type}, as jOOQ renders it. */
  static String typeName(DataType<?> type) {
    if (type.getType() == Object.class) {
      return "a type jOOQ does not map";
    }
    return type.getTypeName(DSL.using(SQLDialect.POSTGRES).configuration());
  }

  /** Whether {@code type} reads what the library expects as {@code expected}: the same Java type. */
  static boolean compatible(DataType<?> expected, Class<?> live) {
    return javaType(expected.getType()).equals(live);
  }

  /** The Java type jOOQ maps PostgreSQL's type {@code typname} to; {@code Object} when unknown. */
  static Class<?> javaTypeOf(String typname) {
    try {
      return javaType(org.jooq.impl.DefaultDataType.getDataType(SQLDialect.POSTGRES, typname).getType());
    } catch (RuntimeException unknown) {
      return SQLDataType.OTHER.getType();
    }
  }

  private static Class<?> javaType(Class<?> type) {
    if (type == java.sql.Timestamp.class) {
      return java.time.LocalDateTime.class;
    }
    if (type == java.sql.Date.class) {
      return java.time.LocalDate.class;
    }
    if (type == java.sql.Time.class) {
      return java.time.LocalTime.class;
    }
    if (type.isArray() && type.getComponentType() != javaType(type.getComponentType())) {
      return java.lang.reflect.Array.newInstance(javaType(type.getComponentType()), 0).getClass();
    }
    return type;
  }
}
