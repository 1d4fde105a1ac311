package io.inrvo.data.benchmarks;

import io.inrvo.data.ExecutedStatement;
import io.inrvo.data.admin.AdminListRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The admin users list with the library's explicit columns against {@code SELECT *} of the same
 * rows (report row {@code admin.users.explicit-columns}).
 *
 * <p>The verdict pair is the app's original {@code getAllUsers()}: every user, newest first. The library
 * cannot be asked for that list in one call (an admin page holds at most {@value
 * AdminListRequest#MAX_LIMIT} rows), so both sides are raw JDBC in autocommit, the explicit side
 * with exactly the library's column list (checked against the SQL the library sends at setup), and
 * both read every value of every row. The two run interleaved on one thread (see {@link
 * Interleaved}); {@link AdminUsersPages} measures the library's real call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdminUsersExplicitColumns extends Interleaved {

  static final List<String> COLUMNS =
      List.of("id", "email", "first_name", "last_name", "role", "tier", "created_at", "last_login_at");
  static final String ORDER = " from public.users order by created_at desc, id desc";
  static final String EXPLICIT = "select " + String.join(", ", COLUMNS) + ORDER;
  static final String STAR = "select *" + ORDER;
  static final int PAGE = AdminListRequest.MAX_LIMIT;

  @Override
  void prepare(BenchEnvironment environment) {
    java.util.UUID adminId = Fixtures.admin(dataSource);
    List<ExecutedStatement> sent = LibrarySql.capture(dataSource,
        inrvo -> inrvo.asAdmin(adminId).admin().users(AdminListRequest.first(PAGE)));
    List<String> libraryColumns = sent.stream().map(ExecutedStatement::sql)
        .filter(sql -> sql.contains(" offset ")).findFirst().map(AdminUsersExplicitColumns::selectedColumns)
        .orElseThrow(() -> new IllegalStateException("no page statement among " + sent));
    if (!libraryColumns.equals(COLUMNS)) {
      throw new IllegalStateException("the library's admin users columns changed: " + libraryColumns);
    }
  }

  @Override
  List<Member> members() {
    return List.of(new Member("explicitColumns", this::explicitColumns), new Member("selectStar", this::selectStar));
  }

  private static List<String> selectedColumns(String sql) {
    String select = sql.substring(0, sql.indexOf(" from "));
    List<String> columns = new ArrayList<>();
    Matcher m = Pattern.compile("\"users\"\\.\"(\\w+)\"").matcher(select);
    while (m.find()) {
      columns.add(m.group(1));
    }
    return columns;
  }

  /** Every user, the library's eight columns. */
  public long explicitColumns() throws SQLException {
    return readAll(dataSource, EXPLICIT);
  }

  /** Every user, {@code SELECT *}. */
  public long selectStar() throws SQLException {
    return readAll(dataSource, STAR);
  }

  /** Runs {@code sql} and reads every value as the driver's default Java type. */
  static long readAll(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      return readValues(rs);
    }
  }

  /** Reads every value of every row of {@code rs} as the driver's default Java type; a checksum of them. */
  static long readValues(ResultSet rs) throws SQLException {
    long checksum = 0;
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      for (int i = 1; i <= columns; i++) {
        Object value = rs.getObject(i);
        checksum += value == null ? 0 : value.hashCode();
      }
    }
    return checksum;
  }

  /**
   * What each list weighs. Server side: {@code sum(pg_column_size(row))} of the result rows.
   * Client side: the bytes of the DataRow messages pgjdbc received (per row 7 bytes of header, per
   * value 4 bytes of length plus the value as sent), read after six executions so that the driver
   * uses its named statement and binary transfer, as in the timed runs.
   */
  static Bytes measureBytes(DataSource dataSource) throws SQLException {
    return new Bytes(
        serverBytes(dataSource, EXPLICIT), serverBytes(dataSource, STAR),
        wireBytes(dataSource, EXPLICIT), wireBytes(dataSource, STAR), rows(dataSource));
  }

  /**
   * Sizes of the two lists.
   *
   * @param serverExplicit {@code sum(pg_column_size(row))} of the explicit list
   * @param serverStar the same for {@code SELECT *}
   * @param wireExplicit DataRow bytes received for the explicit list
   * @param wireStar the same for {@code SELECT *}
   * @param rows rows in each list
   */
  public record Bytes(long serverExplicit, long serverStar, long wireExplicit, long wireStar, long rows) {}

  private static long serverBytes(DataSource dataSource, String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("select sum(pg_column_size(r.*)) from (" + sql + ") r");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static long wireBytes(DataSource dataSource, String sql) throws SQLException {
    long bytes = 0;
    try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int run = 0; run < 6; run++) {
        bytes = 0;
        try (ResultSet rs = ps.executeQuery()) {
          int columns = rs.getMetaData().getColumnCount();
          while (rs.next()) {
            bytes += 7;
            for (int i = 1; i <= columns; i++) {
              byte[] raw = rs.getBytes(i);
              bytes += 4 + (raw == null ? 0 : raw.length);
            }
          }
        }
      }
    }
    return bytes;
  }

  private static long rows(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("select count(*) from public.users");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
