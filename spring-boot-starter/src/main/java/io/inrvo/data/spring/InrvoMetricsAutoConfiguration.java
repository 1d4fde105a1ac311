package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.cache.CachingInrvo;
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
 * inrvoReplicaMetrics}). Each backs off for a bean of the same name.
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
   * @return the customizer that gives the options an {@code OperationMetrics}
   */
  @Bean
  @ConditionalOnMissingBean(name = "inrvoOperationMetrics")
  public InrvoOptionsCustomizer inrvoOperationMetrics(ObjectProvider<MeterRegistry> registry) {
    return builder -> builder.operationListener(OperationMetrics.of(registry.getObject()));
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
