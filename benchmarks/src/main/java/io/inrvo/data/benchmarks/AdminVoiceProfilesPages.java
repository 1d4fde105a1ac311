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

/** {@link AdminListPages} of {@code admin().voiceProfiles(...)} (report rows {@code admin.voice-profiles.page-50}, {@code admin.voice-profiles.page-500}). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AdminVoiceProfilesPages extends AdminListPages {

  @Override
  OffsetPage<?> list(Session admin, AdminListRequest request) {
    return admin.admin().voiceProfiles(request);
  }

  @Override
  String rawList() {
    return "select v.id, v.user_id, v.voice_sample_url, v.provider_voice_id, v.fish_audio_model_id, v.provider,"
        + " v.cloning_status, v.status, v.name, v.created_at, v.updated_at, u.email from public.voice_profiles v"
        + " left join public.users u on u.id = v.user_id order by v.created_at desc, v.id desc";
  }

  @Override
  UUID id(Object item) {
    return ((io.inrvo.data.admin.AdminVoiceProfile) item).profile().id();
  }
}
