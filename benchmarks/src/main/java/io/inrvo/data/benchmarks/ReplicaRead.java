package io.inrvo.data.benchmarks;

import io.inrvo.data.PageRequest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Row {@code replicas.read}: a first history page (exact total) through the replica-aware {@code
 * Inrvo}, whose standby is current and serves it, beside the same page through the plain {@code
 * Inrvo} on the primary. Nothing is written while it runs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplicaRead extends ReplicaPair {

  @Override
  List<Member> members() {
    return List.of(new Member("throughReplica", this::throughReplica), new Member("onPrimary", this::onPrimary));
  }

  /** The page through the replica-aware instance: served by the standby. */
  public Object throughReplica() {
    return replicaAware.asUser(users.at(currentCycle())).history().page(PageRequest.first(20));
  }

  /** The same page through the plain instance, on the primary. */
  public Object onPrimary() {
    return plain.asUser(users.at(currentCycle())).history().page(PageRequest.first(20));
  }
}
