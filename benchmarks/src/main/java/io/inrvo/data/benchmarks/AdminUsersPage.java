package io.inrvo.data.benchmarks;

import io.inrvo.data.Inrvo;
import io.inrvo.data.OffsetPage;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import io.inrvo.data.profile.UserProfile;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The library's real admin call, a page of {@value AdminUsersExplicitColumns#PAGE} users ({@code
 * is_admin()}, page and exact count in one transaction), against {@code SELECT *} of the same rows
 * in raw JDBC (report row {@code admin.users.page-500}, beside {@link AdminUsersExplicitColumns}).
 * Its own class, so that its calls do not alternate with the 20,000-row lists of the explicit
 * columns' pair and their garbage.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdminUsersPage extends Interleaved {

  private Session admin;

  @Override
  void prepare(BenchEnvironment environment) {
    admin = Inrvo.create(dataSource).asAdmin(Fixtures.admin(dataSource));
  }

  @Override
  List<Member> members() {
    return List.of(new Member("libraryPage", this::libraryPage), new Member("starPage", this::starPage));
  }

  /** The library's admin page: {@code asAdmin(a).admin().users(AdminListRequest.first(500))}. */
  public OffsetPage<UserProfile> libraryPage() {
    return admin.admin().users(AdminListRequest.first(AdminUsersExplicitColumns.PAGE));
  }

  /** {@code SELECT *} of the same rows, raw JDBC, autocommit. */
  public long starPage() throws SQLException {
    return AdminUsersExplicitColumns.readAll(dataSource,
        AdminUsersExplicitColumns.STAR + " limit " + AdminUsersExplicitColumns.PAGE);
  }
}
