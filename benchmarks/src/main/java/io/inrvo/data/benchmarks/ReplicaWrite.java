package io.inrvo.data.benchmarks;

import io.inrvo.data.history.NewMeditation;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Row {@code replicas.write-token}: a save through the replica-aware {@code Inrvo}, which reads its
 * commit position in the same round trip ({@code begin; context; save; commit; select
 * pg_current_wal_insert_lsn()}), beside the same save through the plain {@code Inrvo}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplicaWrite extends ReplicaPair {

  @Override
  List<Member> members() {
    return List.of(new Member("withToken", this::withToken), new Member("withoutToken", this::withoutToken));
  }

  /** The save through the replica-aware instance, recording the session's consistency position. */
  public Object withToken() {
    return replicaAware.asUser(users.at(currentCycle())).history().save(NewMeditation.withPrompt("measured"));
  }

  /** The same save through the plain instance. */
  public Object withoutToken() {
    return plain.asUser(users.at(currentCycle())).history().save(NewMeditation.withPrompt("measured"));
  }
}
