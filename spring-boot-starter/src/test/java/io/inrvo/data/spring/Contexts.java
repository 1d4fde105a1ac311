package io.inrvo.data.spring;

import io.inrvo.data.testing.TestDatabase;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Application contexts as Spring Boot builds them, with the starter, on a test kit database. */
final class Contexts {

  private Contexts() {}

  /**
   * A runner with Boot's JDBC, transaction, Flyway and health auto-configuration and the
   * starter's, its {@code spring.datasource} the test database (a HikariCP pool Boot makes).
   */
  static ApplicationContextRunner on(TestDatabase database) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            TransactionAutoConfiguration.class, FlywayAutoConfiguration.class,
            HealthContributorAutoConfiguration.class, HealthEndpointAutoConfiguration.class,
            InrvoAutoConfiguration.class, InrvoHealthAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=" + database.jdbcUrl(),
            "spring.datasource.username=" + database.server().user(),
            "spring.datasource.password=" + database.server().password(),
            "spring.datasource.hikari.maximum-pool-size=4",
            // the application's own Flyway only where a test gives it migrations
            "spring.flyway.enabled=false");
  }
}
