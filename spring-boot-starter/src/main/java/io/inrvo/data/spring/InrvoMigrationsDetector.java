package io.inrvo.data.spring;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Spring Boot that {@link InrvoMigrations} initializes the database, ordered before the
 * application's Flyway and Liquibase (which Boot orders at 1): beans that depend on database
 * initialization (the {@code Inrvo} bean, {@code JdbcTemplate}, jOOQ's {@code DSLContext}, JPA)
 * are created after both, and the application's Flyway after the library's migrations. Registered
 * in {@code META-INF/spring.factories}; not for application code.
 */
public final class InrvoMigrationsDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

  /** Created by Spring Boot from {@code META-INF/spring.factories}. */
  public InrvoMigrationsDetector() {}

  @Override
  protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
    return Set.of(InrvoMigrations.class);
  }

  @Override
  public int getOrder() {
    return 0;
  }
}
