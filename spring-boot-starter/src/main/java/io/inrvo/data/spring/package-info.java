/**
 * Spring Boot auto-configuration for inrvo-data: an {@link io.inrvo.data.Inrvo} bean (a {@code
 * CachingInrvo} when the cache module is present) on the application's {@code DataSource},
 * configured by {@link io.inrvo.data.spring.InrvoProperties} ({@code inrvo.*}); the library's
 * migrations run before anything uses the database, beside the application's own Flyway; calls
 * inside a Spring transaction join it ({@link io.inrvo.data.spring.SpringTransactions}); a health
 * indicator named {@code inrvo}; Micrometer meters when a registry exists. Every bean backs off
 * when the application defines its own.
 */
package io.inrvo.data.spring;
