package io.inrvo.data.micrometer;

import io.inrvo.data.CompletedOperation;
import io.inrvo.data.OperationListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Times every repository call of an {@code Inrvo} in a {@link MeterRegistry}: give it to the
 * builder ({@code Inrvo.builder(dataSource).operationListener(OperationMetrics.of(registry))}).
 *
 * <ul>
 *   <li>{@value #TIMER}, a timer per {@code operation} ({@code history.page}, ...) and {@code
 *       outcome} ({@code success}, or the simple name of the exception class the call threw, such as
 *       {@code NotFoundException}).
 *   <li>{@value #ROUND_TRIPS}, a distribution summary of the round trips each call made, per {@code
 *       operation}: 1 for most calls, more for transactions, 0 for a call refused before any SQL.
 * </ul>
 *
 * <p>Tags carry the operation and the exception's class, never a user id or an argument. Thread-safe;
 * one instance serves every call of the instances it is given to.
 */
public final class OperationMetrics implements OperationListener {

  /** The timer of repository calls. */
  public static final String TIMER = "inrvo.operation";
  /** The distribution summary of each call's round trips. */
  public static final String ROUND_TRIPS = "inrvo.operation.round.trips";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  private final Map<String, DistributionSummary> roundTrips = new ConcurrentHashMap<>();

  private OperationMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  /**
   * Meters in {@code registry}.
   *
   * @param registry where the meters are registered
   * @return a listener for {@code InrvoOptions.Builder.operationListener}
   */
  public static OperationMetrics of(MeterRegistry registry) {
    return new OperationMetrics(registry);
  }

  @Override
  public void completed(CompletedOperation operation) {
    String outcome = operation.outcome();
    timers.computeIfAbsent(operation.name() + ' ' + outcome, k -> Timer.builder(TIMER)
            .description("inrvo-data repository calls, by operation and outcome")
            .tag("operation", operation.name())
            .tag("outcome", outcome)
            .register(registry))
        .record(operation.duration());
    roundTrips.computeIfAbsent(operation.name(), k -> DistributionSummary.builder(ROUND_TRIPS)
            .description("round trips to the database per inrvo-data repository call")
            .tag("operation", operation.name())
            .register(registry))
        .record(operation.roundTrips());
  }
}
