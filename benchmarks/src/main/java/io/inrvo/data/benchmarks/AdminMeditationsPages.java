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

/** {@link AdminListPages} of {@code admin().meditations(...)} (report rows {@code admin.meditations.page-50}, {@code admin.meditations.page-500}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdminMeditationsPages extends AdminListPages {

  @Override
  OffsetPage<?> list(Session admin, AdminListRequest request) {
    return admin.admin().meditations(request);
  }

  @Override
  String rawList() {
    return "select m.id, m.prompt, m.voice_name, m.background_track_name, m.duration_seconds, m.audio_url,"
        + " m.is_favorite, m.created_at, m.user_id, u.email from public.meditation_history m"
        + " left join public.users u on u.id = m.user_id order by m.created_at desc, m.id desc";
  }

  @Override
  UUID id(Object item) {
    return ((io.inrvo.data.admin.AdminMeditation) item).meditation().id();
  }
}
