package io.inrvo.data.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.ResultQuery;
import org.jooq.impl.DSL;

/**
 * A statement whose SQL text never changes, built with jOOQ from the generated model and rendered
 * once; each call only binds its values and maps its rows, by column position, with plain JDBC.
 *
 * <p>Why: rendering a jOOQ query and mapping a jOOQ {@code Result} cost more CPU per call than
 * the round trip of a point query on a small machine (the library measured 1.4x hand-written JDBC
 * for the voice lookup before fixed statements). Fixed shapes are most of the library's
 * calls, so they pay for rendering once per class load instead of once per call. Statements whose
 * text depends on the arguments stay with {@link Scope#query}.
 *
 * <p>Contract: every value in the query is a {@link #param} (an inline constant is fine); a
 * bound value the statement does not declare fails when the statement is built (when its class
 * is first used, or on first use of a lazily built shape), not at a call. Every column and every
 * parameter has one of the {@linkplain ValueType supported Java types}; column names are unique.
 *
 * <p>Long because one statement carries every form it is sent in (alone in a transaction, after
 * the context statement in one round trip, named per operation, and for writes with the commit
 * position read replicas need), each rendered once, and the checks that keep them equal.
 *
 * @param <R> what one row maps to
 */
final class FixedStatement<R> {

  private static final Pattern PLACEHOLDER = Pattern.compile("(?<!:):([A-Za-z_][A-Za-z0-9_]*)");
  private static final String PREFIX = "inrvo_";
  private static final int MAX_ALIASES = 32;

  private final boolean readOnly;
  private final String sql;
  private final String pipelineSql;
  /** For a write: {@link ContextStatement#committedPipeline}; null for a read. */
  private final String committedPipelineSql;
  /** The SQL split at its placeholders: {@code sql} is {@code segments} joined by "?". */
  private final List<String> segments;
  private final List<Param<?>> params;
  private final ValueType[] paramTypes;
  /** For each placeholder, in order, the index of its value in {@link #params}. */
  private final int[] placeholders;
  private final List<Field<?>> columns;
  private final ValueType[] columnTypes;
  private final Map<Field<?>, Integer> columnIndex = new IdentityHashMap<>();
  /**
   * Fields a mapper reads that are not the query's own instances (an alias declared apart, say):
   * found by name on first use, then by identity like {@link #columnIndex}. Copied on write, so
   * reads take no lock; bounded, in case a mapper made a new field per row.
   */
  private volatile Map<Field<?>, Integer> aliasIndex = new IdentityHashMap<>();
  private final Function<RowValues, R> mapper;
  /** {@link #pipelineSql(Operation)} per operation name: few, fixed by the code. */
  private final Map<String, String> named = new java.util.concurrent.ConcurrentHashMap<>();
  /** {@link #committedPipelineSql(Operation)} per operation name. */
  private final Map<String, String> committedNamed = new java.util.concurrent.ConcurrentHashMap<>();

  private FixedStatement(boolean readOnly, ResultQuery<?> query, Function<RowValues, R> mapper) {
    this.readOnly = readOnly;
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    String named = Rendering.RENDERER.renderNamedParams(query);
    Map<String, Param<?>> declared = new LinkedHashMap<>();
    query.getParams().forEach((name, param) -> {
      if (param.isInline()) {
        return;
      }
      if (!name.startsWith(PREFIX)) {
        throw new IllegalArgumentException("a fixed statement binds only declared parameters (FixedStatement.param);"
            + " found the value " + param.getValue() + " (\"" + name + "\") in " + named);
      }
      declared.put(name, param);
    });
    this.params = List.copyOf(declared.values());
    List<String> names = new ArrayList<>(declared.keySet());
    List<String> parts = new ArrayList<>();
    List<Integer> order = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(named);
    int from = 0;
    while (m.find()) {
      int index = names.indexOf(m.group(1));
      if (index < 0) {
        continue; // not a parameter (say, text in a literal): the comparison below catches a mismatch
      }
      parts.add(named.substring(from, m.start()));
      order.add(index);
      from = m.end();
    }
    parts.add(named.substring(from));
    this.segments = List.copyOf(parts);
    this.placeholders = order.stream().mapToInt(Integer::intValue).toArray();
    this.sql = String.join("?", segments);
    if (placeholders.length == 0 && !params.isEmpty() || !sql.equals(Rendering.RENDERER.render(query))) {
      throw new IllegalStateException("the named and indexed renderings differ: " + named);
    }
    this.pipelineSql = ContextStatement.pipeline(readOnly, sql);
    this.committedPipelineSql = readOnly ? null : ContextStatement.committedPipeline("", sql);
    this.paramTypes = params.stream().map(p -> valueType(p.getType(), "parameter " + p.getParamName()))
        .toArray(ValueType[]::new);
    this.columns = List.of(query.fields());
    this.columnTypes = columns.stream().map(c -> valueType(c.getType(), "column " + c.getName()))
        .toArray(ValueType[]::new);
    for (int i = 0; i < columns.size(); i++) {
      columnIndex.put(columns.get(i), i);
      for (int j = 0; j < i; j++) {
        // a mapper may look a column up by name (an alias): names must say which column
        if (columns.get(j).getName().equals(columns.get(i).getName())) {
          throw new IllegalArgumentException("two columns are named " + columns.get(i).getName() + " in " + sql);
        }
      }
    }
  }

  /**
   * A parameter of a fixed statement, bound per call with {@link #bind}. Within one statement a
   * name stands for one value, wherever the parameter appears; the SQL sent has a {@code ?} in
   * each place.
   */
  static <T> Param<T> param(String name, Class<T> type) {
    return DSL.param(PREFIX + name, type);
  }

  /** {@link #param} of an explicit data type (arrays). */
  static <T> Param<T> param(String name, DataType<T> type) {
    return DSL.param(PREFIX + name, type);
  }

  /** A statement that only reads: it runs in a read-only transaction. */
  static <R> FixedStatement<R> read(ResultQuery<?> query, Function<RowValues, R> mapper) {
    return new FixedStatement<>(true, query, mapper);
  }

  /** A statement that writes (INSERT/UPDATE/DELETE ... RETURNING, a function call). */
  static <R> FixedStatement<R> write(ResultQuery<?> query, Function<RowValues, R> mapper) {
    return new FixedStatement<>(false, query, mapper);
  }

  /**
   * A statement built and rendered when first used, not when its class initialises: a fresh
   * instance pays for building (and loading the jOOQ classes of) only the statements its calls
   * use, so the first call of one repository method does not render its siblings.
   */
  static <R> Lazy<R> lazy(Supplier<FixedStatement<R>> build) {
    return new Lazy<>(build);
  }

  /** A call with {@code param} bound to {@code value} (null for SQL NULL); bind the others on it. */
  <T> Call<R> bind(Param<T> param, T value) {
    return new Call<>(this).bind(param, value);
  }

  /** A call of a statement without parameters, or one whose parameters are bound on it. */
  Call<R> call() {
    return new Call<>(this);
  }

  boolean readOnly() {
    return readOnly;
  }

  /** The SQL with {@code ?} placeholders, exactly as jOOQ renders the query. */
  String sql() {
    return sql;
  }

  /** The context statement and this statement as one string, for the {@link PipelineProtocol}. */
  String pipelineSql() {
    return pipelineSql;
  }

  /** {@link #pipelineSql()} as {@code operation} sends it, each statement named (built once per operation). */
  String pipelineSql(Operation operation) {
    return named.computeIfAbsent(operation.name(), n -> ContextStatement.namedPipeline(readOnly, operation, sql));
  }

  /**
   * A write in an explicit transaction that reports its commit position, for the {@link
   * PipelineProtocol}, as {@code operation} sends it (built once per operation).
   */
  String committedPipelineSql(Operation operation) {
    if (committedPipelineSql == null) {
      throw new IllegalStateException("a read has no commit position: " + sql);
    }
    return committedNamed.computeIfAbsent(operation.name(),
        n -> ContextStatement.committedPipeline(operation.comment(), sql));
  }

  /** A {@link FixedStatement} built once, on first use ({@link #lazy}); thread-safe. */
  static final class Lazy<R> {
    private final Supplier<FixedStatement<R>> build;
    private volatile FixedStatement<R> built;

    private Lazy(Supplier<FixedStatement<R>> build) {
      this.build = Objects.requireNonNull(build, "build");
    }

    /** The statement, built by the first caller; a failure to build is thrown to each caller. */
    FixedStatement<R> get() {
      FixedStatement<R> statement = built;
      if (statement == null) {
        synchronized (this) {
          statement = built;
          if (statement == null) {
            statement = build.get();
            built = statement;
          }
        }
      }
      return statement;
    }

    /** {@link FixedStatement#bind} of the statement. */
    <T> Call<R> bind(Param<T> param, T value) {
      return get().bind(param, value);
    }

    /** {@link FixedStatement#call} of the statement. */
    Call<R> call() {
      return get().call();
    }
  }

  /** One execution's values. Not thread-safe; use each once. */
  static final class Call<R> {
    private final FixedStatement<R> statement;
    private final Object[] values;
    private final boolean[] bound;

    private Call(FixedStatement<R> statement) {
      this.statement = statement;
      this.values = new Object[statement.params.size()];
      this.bound = new boolean[values.length];
    }

    /** Binds {@code param} (null for SQL NULL). */
    <T> Call<R> bind(Param<T> param, T value) {
      int index = statement.indexOf(param);
      if (index < 0) {
        throw new IllegalArgumentException(param.getParamName() + " is not a parameter of " + statement.sql);
      }
      values[index] = value;
      bound[index] = true;
      return this;
    }

    FixedStatement<R> statement() {
      return statement;
    }

    /** Fails unless every parameter is bound: call before borrowing a connection. */
    void requireBound() {
      for (int i = 0; i < bound.length; i++) {
        if (!bound[i]) {
          throw new IllegalStateException(statement.params.get(i).getParamName() + " was not bound for "
              + statement.sql);
        }
      }
    }

    /** Sets this call's values as parameters {@code first}, {@code first + 1}, ... of {@code ps}. */
    void setParameters(PreparedStatement ps, int first) throws SQLException {
      requireBound();
      for (int i = 0; i < statement.placeholders.length; i++) {
        int p = statement.placeholders[i];
        statement.paramTypes[p].bind(ps, first + i, values[p]);
      }
    }

    /** The SQL with this call's values inlined, as jOOQ would inline them (for statement listeners). */
    String inlined() {
      StringBuilder out = new StringBuilder(statement.sql.length() + 64).append(statement.segments.get(0));
      for (int i = 0; i < statement.placeholders.length; i++) {
        int p = statement.placeholders[i];
        out.append(inline(statement.params.get(p), values[p])).append(statement.segments.get(i + 1));
      }
      return out.toString();
    }

    /** Reads every row of {@code rs} and maps it. */
    List<R> map(ResultSet rs) throws SQLException {
      List<R> rows = new ArrayList<>();
      ResultRow row = new ResultRow(statement);
      while (rs.next()) {
        row.read(rs);
        rows.add(statement.mapper.apply(row));
      }
      return rows;
    }

    @SuppressWarnings("unchecked")
    private static <T> String inline(Param<T> param, Object value) {
      return Rendering.RENDERER.renderInlined(DSL.val((T) value, param.getDataType()));
    }
  }

  /**
   * The current row, read into an array. A mapper asks for the same columns in the same order on
   * every row, so each call remembers which column it was asked for on the previous row and where
   * that column is: one reference comparison per value instead of a map lookup (where a profile of
   * 500-row admin pages found a fifth of the calling thread's samples). A column asked for out of
   * that order is looked up by identity or else by name. One instance serves every row of a
   * result: mappers read what they need while they are called.
   */
  private static final class ResultRow implements RowValues {
    private final FixedStatement<?> statement;
    private final Object[] values;
    /** The column the mapper's n-th {@code get} asked for on the previous row, and its index. */
    private final Field<?>[] askedFor;
    private final int[] indexOf;
    /** Calls of {@code get} on the current row. */
    private int asked;

    ResultRow(FixedStatement<?> statement) {
      this.statement = statement;
      this.values = new Object[statement.columnTypes.length];
      this.askedFor = new Field<?>[values.length * 2]; // room for a mapper that reads a column twice
      this.indexOf = new int[askedFor.length];
    }

    /** Reads the current row of {@code rs}. */
    void read(ResultSet rs) throws SQLException {
      for (int i = 0; i < values.length; i++) {
        values[i] = statement.columnTypes[i].read(rs, i + 1);
      }
      asked = 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T get(Field<T> column) {
      int call = asked++;
      if (call < askedFor.length && askedFor[call] == column) {
        return (T) values[indexOf[call]];
      }
      int index = statement.columnIndexOf(column);
      if (call < askedFor.length) {
        askedFor[call] = column;
        indexOf[call] = index;
      }
      return (T) values[index];
    }
  }

  /** Where {@code column} is among the selected columns: by identity, else by name. */
  private int columnIndexOf(Field<?> column) {
    Integer index = columnIndex.get(column);
    if (index == null) {
      index = aliasIndex.get(column);
      if (index == null) {
        index = indexByName(column);
      }
    }
    return index;
  }

  // By name and type: jOOQ hands out copies of a query's parameters, and a Param's equals()
  // compares renderings.
  private int indexOf(Param<?> param) {
    String name = param.getParamName();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).getParamName().equals(name) && params.get(i).getType() == param.getType()) {
        return i;
      }
    }
    return -1;
  }

  private int indexByName(Field<?> column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).getName().equals(column.getName())) {
        Map<Field<?>, Integer> known = aliasIndex;
        if (known.size() < MAX_ALIASES) {
          Map<Field<?>, Integer> more = new IdentityHashMap<>(known);
          more.put(column, i);
          aliasIndex = more; // a lost race only repeats this lookup once more
        }
        return i;
      }
    }
    throw new IllegalArgumentException("column " + column + " is not selected by " + sql);
  }

  private static ValueType valueType(Class<?> type, String what) {
    return ValueType.of(type).orElseThrow(() -> new IllegalArgumentException(what + " has type " + type.getName()
        + ", which fixed statements do not bind or read; use Scope.query for this statement"));
  }
}
