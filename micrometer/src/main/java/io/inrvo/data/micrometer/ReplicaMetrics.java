package io.inrvo.data.micrometer;

import io.inrvo.data.Inrvo;
import io.inrvo.data.ReplicaStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The read replicas of an {@link Inrvo} ({@link Inrvo#replicas()}) as meters, read when the
 * registry is scraped: binding adds nothing to a call. Binding an instance without replicas adds
 * no meter.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>measures</th></tr>
 *   <tr><td>{@code inrvo.replica.lag}</td><td>gauge (seconds)</td><td>replica</td><td>how long the replica has been behind the primary</td></tr>
 *   <tr><td>{@code inrvo.replica.in.rotation}</td><td>gauge</td><td>replica</td><td>1 while it serves reads, else 0</td></tr>
 *   <tr><td>{@code inrvo.replica.reads}</td><td>counter</td><td>replica</td><td>reads it served</td></tr>
 *   <tr><td>{@code inrvo.replica.failovers}</td><td>counter</td><td>replica</td><td>calls that failed on it and were served by the primary</td></tr>
 * </table>
 *
 * <p>The {@code replica} tag is the replica's index in {@link io.inrvo.data.InrvoOptions#readReplicas()}
 * ({@code 0}, {@code 1}, ...), never its URL, which may carry credentials.
 */
public final class ReplicaMetrics implements MeterBinder {

  private final Inrvo inrvo;

  /**
   * Meters over {@code inrvo}'s replicas.
   *
   * @param inrvo the instance; its replicas are those it has when bound
   */
  public ReplicaMetrics(Inrvo inrvo) {
    this.inrvo = Objects.requireNonNull(inrvo, "inrvo");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    int count = inrvo.replicas().size();
    for (int i = 0; i < count; i++) {
      int index = i;
      String tag = Integer.toString(i);
      Gauge.builder("inrvo.replica.lag", inrvo, in -> status(in, index, r -> r.lag().toNanos() / 1e9))
          .description("how long the replica has been behind the primary").baseUnit("seconds")
          .tag("replica", tag).register(registry);
      Gauge.builder("inrvo.replica.in.rotation", inrvo, in -> status(in, index, r -> r.inRotation() ? 1.0 : 0.0))
          .description("1 while the replica serves reads").tag("replica", tag).register(registry);
      FunctionCounter.builder("inrvo.replica.reads", inrvo, in -> status(in, index, r -> (double) r.reads()))
          .description("reads the replica served").tag("replica", tag).register(registry);
      FunctionCounter.builder("inrvo.replica.failovers", inrvo, in -> status(in, index, r -> (double) r.failovers()))
          .description("calls that failed on the replica and were served by the primary").tag("replica", tag)
          .register(registry);
    }
  }

  private static double status(Inrvo inrvo, int index, ToDoubleFunction<ReplicaStatus> value) {
    var replicas = inrvo.replicas();
    return index < replicas.size() ? value.applyAsDouble(replicas.get(index)) : Double.NaN;
  }
}
