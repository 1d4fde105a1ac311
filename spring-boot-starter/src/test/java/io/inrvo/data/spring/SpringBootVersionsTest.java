package io.inrvo.data.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.jooq.DSLContext;
import org.postgresql.Driver;

/**
 * This module's tests run the library on the versions Spring Boot's dependency management picks:
 * the jars of jOOQ, Flyway, HikariCP, pgjdbc and Caffeine on the test class path are the versions
 * that Boot's BOM ({@code spring-boot-dependencies}, read from the local repository) names.
 */
class SpringBootVersionsTest {

  @Test
  void jooqFlywayHikariPgjdbcAndCaffeineAreTheVersionsSpringBootsBomPicks() throws Exception {
    String boot = System.getProperty("inrvo.springBootVersion");
    Path bom = Path.of(System.getProperty("inrvo.localRepository"), "org", "springframework", "boot",
        "spring-boot-dependencies", boot, "spring-boot-dependencies-" + boot + ".pom");
    String pom = Files.readString(bom);
    Map<String, Class<?>> libraries = Map.of("jooq", DSLContext.class, "flyway", Flyway.class,
        "hikaricp", HikariDataSource.class, "postgresql", Driver.class, "caffeine", Caffeine.class);
    libraries.forEach((name, type) -> {
      Matcher managed = Pattern.compile("<" + name + "\\.version>([^<]+)</").matcher(pom);
      assertThat(managed.find()).as(name + " in " + bom).isTrue();
      String jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
      assertThat(jar).as(name + "'s jar on the test class path").endsWith("-" + managed.group(1) + ".jar");
    });
  }
}
