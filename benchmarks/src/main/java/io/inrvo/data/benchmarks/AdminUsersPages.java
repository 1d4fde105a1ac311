package io.inrvo.data.benchmarks;

import io.inrvo.data.OffsetPage;
import io.inrvo.data.Session;
import io.inrvo.data.admin.AdminListRequest;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** {@link AdminListPages} of {@code admin().users(...)} (report rows {@code admin.users.page-50}, {@code admin.users.page-500}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdminUsersPages extends AdminListPages {

  @Override
  OffsetPage<?> list(Session admin, AdminListRequest request) {
    return admin.admin().users(request);
  }

  @Override
  String rawList() {
    return AdminUsersExplicitColumns.EXPLICIT;
  }

  @Override
  UUID id(Object item) {
    return ((io.inrvo.data.profile.UserProfile) item).id();
  }
}
