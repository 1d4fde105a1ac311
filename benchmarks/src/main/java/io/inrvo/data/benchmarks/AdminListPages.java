package io.inrvo.data.benchmarks;

import io.inrvo.data.CountPolicy;
import io.inrvo.data.Inrvo;
import io.inrvo.data.OffsetPage;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * An admin list through the library, a page of {@value #SMALL} and of {@value #LARGE} rows, each
 * beside the raw explicit-column query of the same page: the same columns, join and order, raw
 * JDBC in autocommit, every value read (report rows {@code admin.<list>.page-50} and {@code
 * .page-500}, target at most 1.2x). The library's call is one round trip: the context statement
 * and one statement with the database's admin check and the page; it asks no total ({@link
 * CountPolicy#NONE}), as the raw page has none. {@code .estimated} rows add the {@link
 * CountPolicy#ESTIMATED} total to the library's call (a report). {@code .by-hand} rows send the
 * library's own protocol by hand (its context statement and its page statement, captured at setup,
 * as one statement string in autocommit, every value read as the raw page reads it): the gap
 * between them and the raw page is what the security context costs (role, claims, row-level
 * security and the admin check), the gap between the library and them what its Java adds. Two
 * more rows split that cost for the small page: {@code .context} sends the library's context
 * statement, the role left as the login's own (no row-level security applies), before the raw
 * page; {@code .policies} sets the admin's role and claims, so the tables' row-level security
 * policies filter the raw page, without the library's admin check. One subclass per list, so that
 * each list's calls alternate only with its own raw page.
 */
public abstract class AdminListPages extends Interleaved {

  /** The small page. */
  static final int SMALL = 50;
  /** The large page: the largest an admin list serves. */
  static final int LARGE = AdminListRequest.MAX_LIMIT;

  private Session admin;
  private UUID adminId;
  private String byHandSql;
  /** The context statement, then the raw page of {@link #SMALL} rows. */
  private String contextThenRawSql;
  private String loginRole;

  /** The library's list. */
  abstract OffsetPage<?> list(Session admin, AdminListRequest request);

  /** The raw query of the whole list, explicit columns, newest first, without LIMIT. */
  abstract String rawList();

  /** The id of a listed item, to check at setup that both sides read the same page. */
  abstract UUID id(Object item);

  @Override
  void prepare(BenchEnvironment environment) {
    adminId = Fixtures.admin(dataSource);
    admin = Fixtures.library(dataSource).asAdmin(adminId);
    List<io.inrvo.data.ExecutedStatement> sent = LibrarySql.capture(dataSource,
        library -> list(library.asAdmin(adminId), AdminListRequest.first(SMALL).withCount(CountPolicy.NONE)));
    byHandSql = sent.get(0).sql() + ";\n" + sent.get(1).sql();
    contextThenRawSql = sent.get(0).sql() + ";\n" + rawList() + " limit " + SMALL;
    loginRole = environment.user();
    List<UUID> library = list(admin, AdminListRequest.first(SMALL).withCount(CountPolicy.NONE)).items().stream()
        .map(this::id).toList();
    List<UUID> raw = BenchEnvironment.uuids(dataSource, "select id from (" + rawList() + " limit " + SMALL + ") p");
    if (!library.equals(raw)) {
      throw new IllegalStateException(getClass().getSimpleName() + ": the raw query reads another page than the"
          + " library: " + raw + " vs " + library);
    }
  }

  @Override
  List<Member> members() {
    return List.of(
        new Member("library50", () -> page(SMALL, CountPolicy.NONE)),
        new Member("raw50", () -> raw(SMALL)),
        new Member("library500", () -> page(LARGE, CountPolicy.NONE)),
        new Member("raw500", () -> raw(LARGE)),
        new Member("estimated50", () -> page(SMALL, CountPolicy.ESTIMATED)),
        new Member("byHand50", () -> byHand(SMALL)),
        new Member("byHand500", () -> byHand(LARGE)),
        new Member("context50", () -> contextThenRaw(loginRole)),
        new Member("policies50", () -> contextThenRaw("authenticated")));
  }

  private OffsetPage<?> page(int size, CountPolicy count) {
    return list(admin, AdminListRequest.first(size).withCount(count));
  }

  /** The library's context statement and page statement by hand, one string, one round trip. */
  private long byHand(int size) throws SQLException {
    return afterContext(byHandSql, ps -> {
      ps.setInt(4, 0); // offset
      ps.setInt(5, size + 1); // the library reads one row more to know whether a next page exists
    });
  }

  /**
   * The library's context statement for the admin, its role {@code role}, then the raw page of
   * {@link #SMALL} rows: as the login's own role no row-level security applies; as {@code
   * authenticated} the policies filter the page (the admin sees every row).
   */
  private long contextThenRaw(String role) throws SQLException {
    return afterContext(contextThenRawSql, ps -> ps.setString(1, role));
  }

  /** Binds what a statement string needs beyond the admin's context. */
  private interface Binding {
    void bind(java.sql.PreparedStatement ps) throws SQLException;
  }

  /**
   * Runs {@code sql}, which starts with the library's context statement, bound for the admin and
   * then by {@code more}, in one round trip; every value of the statement after the context read.
   */
  private long afterContext(String sql, Binding more) throws SQLException {
    try (java.sql.Connection c = dataSource.getConnection(); java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
      LibrarySql.bindUserContext(ps, adminId);
      more.bind(ps);
      LibrarySql.skipContext(ps);
      try (java.sql.ResultSet rs = ps.getResultSet()) {
        return AdminUsersExplicitColumns.readValues(rs);
      }
    }
  }

  private long raw(int size) throws SQLException {
    return AdminUsersExplicitColumns.readAll(dataSource, rawList() + " limit " + size);
  }
}
