package io.inrvo.data.micrometer;

import io.inrvo.data.admin.AnalyticsRefresher;
import io.inrvo.data.admin.RefreshCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The runs of an {@link AnalyticsRefresher} as one counter, {@value #RUNS}, tagged {@code result}:
 * {@code refreshed}, {@code skipped} (another instance held the lock) or {@code failed}. Read from
 * the refresher's own counters when the registry is scraped; binding adds nothing to a run.
 */
public final class AnalyticsRefresherMetrics implements MeterBinder {

  /** The counter of refresh attempts, by result. */
  public static final String RUNS = "inrvo.analytics.refresh";

  private final AnalyticsRefresher refresher;

  /**
   * Meters over {@code refresher}.
   *
   * @param refresher the refresher whose runs to count
   */
  public AnalyticsRefresherMetrics(AnalyticsRefresher refresher) {
    this.refresher = Objects.requireNonNull(refresher, "refresher");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "refreshed", RefreshCounters::refreshed);
    counter(registry, "skipped", RefreshCounters::skipped);
    counter(registry, "failed", RefreshCounters::failed);
  }

  private void counter(MeterRegistry registry, String result, ToLongFunction<RefreshCounters> count) {
    FunctionCounter.builder(RUNS, refresher, r -> count.applyAsLong(r.counters()))
        .description("analytics cache refresh attempts, by result")
        .tag("result", result)
        .register(registry);
  }
}
