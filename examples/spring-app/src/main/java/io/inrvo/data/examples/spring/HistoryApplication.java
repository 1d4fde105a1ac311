package io.inrvo.data.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The application: Spring Boot with the inrvo-data starter. Point {@code spring.datasource.*} at a
 * PostgreSQL 15+ (Supabase or plain) and run it; the starter migrates the schema and configures the
 * {@code Inrvo} bean, its caches and their listener, the health component and the meters.
 */
@SpringBootApplication
public class HistoryApplication {

  /**
   * Runs the application.
   *
   * @param args Spring Boot's arguments, e.g. {@code --spring.datasource.url=...}
   */
  public static void main(String[] args) {
    SpringApplication.run(HistoryApplication.class, args);
  }
}
