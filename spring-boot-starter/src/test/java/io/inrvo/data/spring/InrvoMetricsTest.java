package io.inrvo.data.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.inrvo.data.Inrvo;
import io.inrvo.data.PageRequest;
import io.inrvo.data.admin.AnalyticsRefresher;
import io.inrvo.data.micrometer.AnalyticsRefresherMetrics;
import io.inrvo.data.micrometer.OperationMetrics;
import io.inrvo.data.testing.InrvoDatabaseExtension;
import io.inrvo.data.testing.TestDatabase;
import io.inrvo.data.testing.TestUser;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;

/**
 * With a {@code MeterRegistry} (Spring Boot's actuator) and inrvo-data-micrometer, every call of
 * the auto-configured {@code Inrvo} is timed and its caches are metered, beside any operation
 * listener the application adds, and an application's {@code AnalyticsRefresher} is metered too;
 * without the module or a registry nothing is bound.
 */
class InrvoMetricsTest {

  @RegisterExtension
  static final InrvoDatabaseExtension DB = InrvoDatabaseExtension.migrated();

  private static final AutoConfigurations METRICS = AutoConfigurations.of(MetricsAutoConfiguration.class,
      SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
      InrvoMetricsAutoConfiguration.class);

  @Test
  void withARegistryEachCallIsTimedByOperationAndOutcomeAndTheCachesAreMetered(TestDatabase db,
      @TestUser("metered") UUID user) {
    // no listener here: its first connection flushes the caches, which would race the hit below
    Contexts.on(db).withConfiguration(METRICS).withPropertyValues("inrvo.cache.listener.enabled=false").run(context -> {
      Inrvo inrvo = context.getBean(Inrvo.class);
      inrvo.asUser(user).history().page(PageRequest.first(5)); // a miss: to the database
      inrvo.asUser(user).history().page(PageRequest.first(5)); // a hit
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      assertThat(registry.get(OperationMetrics.TIMER).tag("operation", "history.page").tag("outcome", "success")
          .timer().count()).isEqualTo(1);
      assertThat(registry.get("inrvo.cache.hits").tag("cache", "meditation-history").functionCounter().count())
          .isEqualTo(1);
      assertThat(registry.getMeters()).allSatisfy(meter ->
          assertThat(meter.getId().getTags()).noneMatch(tag -> tag.getValue().contains(user.toString())));
    });
  }

  @Test
  void anApplicationsOwnOperationListenerHearsEveryCallBesideTheTimer(TestDatabase db, @TestUser("heard") UUID user) {
    List<String> heard = new CopyOnWriteArrayList<>();
    InrvoOptionsCustomizer own = builder -> builder.addOperationListener(call -> heard.add(call.name()));
    Contexts.on(db).withConfiguration(METRICS).withPropertyValues("inrvo.cache.enabled=false")
        .withBean("applicationsListener", InrvoOptionsCustomizer.class, () -> own).run(context -> {
          context.getBean(Inrvo.class).asUser(user).history().page(PageRequest.first(5));

          assertThat(heard).containsExactly("history.page");
          assertThat(context.getBean(MeterRegistry.class).get(OperationMetrics.TIMER)
              .tag("operation", "history.page").timer().count()).isEqualTo(1);
        });
  }

  @Test
  void anAnalyticsRefresherBeanIsMeteredByResult(TestDatabase db) {
    Contexts.on(db).withConfiguration(METRICS).withPropertyValues("inrvo.cache.listener.enabled=false")
        .withBean(AnalyticsRefresher.class, () -> AnalyticsRefresher.builder(db.dataSource()).build())
        .run(context -> {
          context.getBean(AnalyticsRefresher.class).refreshNow();

          assertThat(context).hasBean("inrvoAnalyticsRefresherMetrics");
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          assertThat(registry.get(AnalyticsRefresherMetrics.RUNS).tag("result", "refreshed").functionCounter().count())
              .isEqualTo(1);
          assertThat(registry.get(AnalyticsRefresherMetrics.RUNS).tag("result", "failed").functionCounter().count())
              .isZero();
        });
    Contexts.on(db).withConfiguration(METRICS).withPropertyValues("inrvo.cache.listener.enabled=false")
        .run(context -> assertThat(context.getBean(MeterRegistry.class).find(AnalyticsRefresherMetrics.RUNS).meters())
            .as("no refresher, no meter").isEmpty());
  }

  @Test
  void withoutTheMicrometerModuleOrARegistryNothingIsBound(TestDatabase db) {
    Contexts.on(db).withConfiguration(METRICS).withClassLoader(new FilteredClassLoader("io.inrvo.data.micrometer"))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("inrvoOperationMetrics")
            .doesNotHaveBean("inrvoCachingMetrics"));
    Contexts.on(db).withConfiguration(AutoConfigurations.of(InrvoMetricsAutoConfiguration.class))
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("inrvoOperationMetrics"));
  }
}
