package io.inrvo.data.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Where the benchmarks run: the seeded database and the knobs that differ between the full and the
 * smoke run. {@link BenchCommand} passes it to JMH's forked JVMs as system properties ({@link
 * #asSystemProperties()}); each benchmark's setup reads it back with {@link #fromSystemProperties()}.
 *
 * @param jdbcUrl the seeded database
 * @param user login of that database (a superuser: the floors and fixtures bypass RLS)
 * @param password its password, empty for none
 * @param depth how deep {@link KeysetVersusOffset}'s deep page is (4,000 in the full run; the smoke data set is too small)
 * @param sample how many random ids the lookups rotate through
 * @param wrapper wraps the pool before the benchmark sees it (the round-trip audit counts through it)
 */
public record BenchEnvironment(String jdbcUrl, String user, String password, int depth, int sample,
    UnaryOperator<DataSource> wrapper) {

  static final String URL = "inrvo.bench.url";
  static final String USER = "inrvo.bench.user";
  static final String PASSWORD = "inrvo.bench.password";
  static final String DEPTH = "inrvo.bench.depth";
  static final String SAMPLE = "inrvo.bench.sample";

  /** Checks the arguments. */
  public BenchEnvironment {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(wrapper, "wrapper");
    if (depth < 1 || sample < 1) {
      throw new IllegalArgumentException("depth and sample must be positive: " + depth + ", " + sample);
    }
  }

  /** An environment without a wrapper. */
  public static BenchEnvironment of(String jdbcUrl, String user, String password, int depth, int sample) {
    return new BenchEnvironment(jdbcUrl, user, password, depth, sample, UnaryOperator.identity());
  }

  /** What a forked benchmark JVM was given by {@link BenchCommand}. */
  static BenchEnvironment fromSystemProperties() {
    String url = System.getProperty(URL);
    if (url == null) {
      throw new IllegalStateException("no -D" + URL + ": run the benchmarks through 'inrvo-benchmarks.jar'");
    }
    return of(url, System.getProperty(USER, "postgres"), System.getProperty(PASSWORD, ""),
        Integer.getInteger(DEPTH, 4_000), Integer.getInteger(SAMPLE, 300));
  }

  /** This environment as the JVM arguments of a forked benchmark JVM. */
  public List<String> asSystemProperties() {
    List<String> args = new ArrayList<>();
    Map.of(URL, jdbcUrl, USER, user, PASSWORD, password, DEPTH, Integer.toString(depth),
            SAMPLE, Integer.toString(sample))
        .forEach((key, value) -> args.add("-D" + key + "=" + value));
    return args;
  }

  /** This environment with every pool wrapped by {@code wrap}. */
  BenchEnvironment wrappedBy(UnaryOperator<DataSource> wrap) {
    return new BenchEnvironment(jdbcUrl, user, password, depth, sample, wrap);
  }

  /**
   * A pool as an application would configure one; the library and its floor share it, so pool
   * checkout costs both sides the same. Defaults of pgjdbc ({@code prepareThreshold=5}: named server
   * statements after five executions, as pgbench's {@code -M prepared}).
   */
  HikariDataSource pool(int size) {
    return pool(jdbcUrl, user, password, size);
  }

  /** {@link #pool(int)} on another server ({@code password} null or empty: none). */
  static HikariDataSource pool(String jdbcUrl, String user, String password, int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    if (password != null && !password.isEmpty()) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(size);
    config.setPoolName("inrvo-bench");
    return new HikariDataSource(config);
  }

  /** Rows of a one-column query, for fixtures (ids picked at setup). */
  static List<UUID> uuids(DataSource dataSource, String sql, Object... args) {
    List<UUID> ids = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("fixture query failed: " + sql, e);
    }
    if (ids.isEmpty()) {
      throw new IllegalStateException("the data set has no rows for: " + sql + " (is it seeded?)");
    }
    return ids;
  }

  /** Runs one statement for a fixture. */
  static void execute(DataSource dataSource, String sql) {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("fixture statement failed: " + sql, e);
    }
  }
}
