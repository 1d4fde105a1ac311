package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.admin.AnalyticsRefresher;
import io.inrvo.data.cache.CachingInrvo;
import io.inrvo.data.micrometer.AnalyticsRefresherMetrics;
import io.inrvo.data.micrometer.CachingMetrics;
import io.inrvo.data.micrometer.OperationMetrics;
import io.inrvo.data.micrometer.ReplicaMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The library's meters in the application's {@code MeterRegistry}, when inrvo-data-micrometer is on
 * the classpath and a registry bean exists (Spring Boot's actuator makes one): every repository
 * call of the auto-configured {@code Inrvo} timed ({@code OperationMetrics}, through an {@link
 * InrvoOptionsCustomizer} named {@code inrvoOperationMetrics}), and, when the {@code Inrvo} bean is
 * a {@code CachingInrvo}, its caches, deduplicators and listener ({@code CachingMetrics}, a {@code
 * MeterBinder} named {@code inrvoCachingMetrics}), and, when it has read replicas, their lag,
 * rotation, reads and failovers ({@code ReplicaMetrics}, a {@code MeterBinder} named {@code
 * inrvoReplicaMetrics}), and, when the application has an {@code AnalyticsRefresher} bean, its runs
 * ({@code AnalyticsRefresherMetrics}, a {@code MeterBinder} named {@code
 * inrvoAnalyticsRefresherMetrics}). Each backs off for a bean of the same name. The operation
 * timer is added to the options' listeners ({@code InrvoOptions.Builder#addOperationListener}), so
 * an application's customizer adds its own listener beside it the same way.
 */
@AutoConfiguration(after = InrvoAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry", "io.inrvo.data.micrometer.OperationMetrics"})
@ConditionalOnBean(MeterRegistry.class)
public class InrvoMetricsAutoConfiguration {

  /** Created by Spring Boot. */
  public InrvoMetricsAutoConfiguration() {}

  /**
   * Times every repository call of the auto-configured {@code Inrvo}.
   *
   * @param registry the application's registry
   * @return the customizer that adds an {@code OperationMetrics} to the options' listeners,
   *     beside any other customizer's
   */
  @Bean
  @ConditionalOnMissingBean(name = "inrvoOperationMetrics")
  public InrvoOptionsCustomizer inrvoOperationMetrics(ObjectProvider<MeterRegistry> registry) {
    return builder -> builder.addOperationListener(OperationMetrics.of(registry.getObject()));
  }

  /**
   * The read replicas' meters, when the {@code Inrvo} bean has replicas (none otherwise).
   *
   * @param inrvo the application's instance
   * @return the binder of {@code ReplicaMetrics}
   */
  @Bean
  @ConditionalOnMissingBean(name = "inrvoReplicaMetrics")
  public MeterBinder inrvoReplicaMetrics(ObjectProvider<Inrvo> inrvo) {
    return registry -> {
      Inrvo unique = inrvo.getIfUnique();
      if (unique != null && !unique.replicas().isEmpty()) {
        new ReplicaMetrics(unique).bindTo(registry);
      }
    };
  }

  /**
   * The runs of the application's {@code AnalyticsRefresher}, when it has one bean of that type.
   *
   * @param refresher the application's refresher, if any
   * @return the binder of {@code AnalyticsRefresherMetrics}
   */
  @Bean
  @ConditionalOnMissingBean(name = "inrvoAnalyticsRefresherMetrics")
  public MeterBinder inrvoAnalyticsRefresherMetrics(ObjectProvider<AnalyticsRefresher> refresher) {
    return registry -> refresher.ifUnique(unique -> new AnalyticsRefresherMetrics(unique).bindTo(registry));
  }

  /** The cache meters, only with the cache module. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.inrvo.data.cache.CachingInrvo")
  static class CachingMeters {

    @Bean
    @ConditionalOnMissingBean(name = "inrvoCachingMetrics")
    MeterBinder inrvoCachingMetrics(ObjectProvider<Inrvo> inrvo) {
      return registry -> {
        if (inrvo.getIfUnique() instanceof CachingInrvo caching) {
          new CachingMetrics(caching).bindTo(registry);
        }
      };
    }
  }
}
