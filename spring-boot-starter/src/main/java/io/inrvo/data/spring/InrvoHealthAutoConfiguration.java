package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code inrvo} health indicator ({@link InrvoHealthIndicator}) when Spring Boot's actuator is
 * present, an {@code Inrvo} bean exists and {@code management.health.inrvo.enabled} is not false.
 * Backs off when the application defines a bean named {@code inrvoHealthIndicator}.
 */
@AutoConfiguration(after = InrvoAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(Inrvo.class)
@ConditionalOnEnabledHealthIndicator("inrvo")
public class InrvoHealthAutoConfiguration {

  /** Created by Spring Boot. */
  public InrvoHealthAutoConfiguration() {}

  /**
   * The indicator, shown as component {@code inrvo} of {@code /actuator/health}.
   *
   * @param inrvo the context's {@code Inrvo}
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "inrvoHealthIndicator")
  public InrvoHealthIndicator inrvoHealthIndicator(Inrvo inrvo) {
    return new InrvoHealthIndicator(inrvo);
  }
}
