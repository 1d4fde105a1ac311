package io.inrvo.data.spring;

import io.inrvo.data.Inrvo;
import io.inrvo.data.SurroundingTransaction;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The auto-configured library, on the application's single {@code DataSource}: the {@code Inrvo}
 * bean (a {@code CachingInrvo} when inrvo-data-cache is present and {@code inrvo.cache.enabled} is
 * not false, with its listener started and stopped with the context), the library's migrations
 * (when inrvo-data-codegen is present and {@code inrvo.migrations.enabled} is not false), and
 * {@link SpringTransactions}, which makes calls inside a Spring transaction join it. Each bean
 * backs off when the application defines one of the same type ({@code Inrvo}, {@link
 * SurroundingTransaction}, {@link InrvoMigrations}, {@link InrvoListenerLifecycle}); {@link
 * InrvoOptionsCustomizer} beans change the options of the {@code Inrvo} built here.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnClass(Inrvo.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(InrvoProperties.class)
@Import({InrvoConfigurations.Migrations.class, InrvoConfigurations.Caching.class, InrvoConfigurations.Plain.class})
public class InrvoAutoConfiguration {

  /** Created by Spring Boot. */
  public InrvoAutoConfiguration() {}

  /**
   * Calls inside a Spring transaction on the application's {@code DataSource} join it.
   *
   * @param dataSource the application's data source
   * @return the joiner of Spring transactions
   */
  @Bean
  @ConditionalOnMissingBean
  @ConditionalOnClass(name = "org.springframework.jdbc.datasource.ConnectionHolder")
  public SurroundingTransaction inrvoSurroundingTransaction(DataSource dataSource) {
    return new SpringTransactions(dataSource);
  }
}
